// The URL policy (abon/url.hpp): one splitter, and the rules that read its parts.
#include "abon/url.hpp"

namespace abon {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Spaces and control characters end a URL early in some readers and not in others;
// browsers read "\" as "/", so "\\evil.example/x" and "/\evil.example/x" leave the origin.
bool has_unsafe_byte(std::string_view url) {
    for (const char c : url)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '\\') return true;
    return false;
}

}  // namespace

// [SECTION] Splitting

UrlParts split_url(std::string_view url) {
    UrlParts u;
    std::string_view rest = url;
    if (const std::size_t colon = url.find(':'); colon != std::string_view::npos && colon < url.find_first_of("/?#")) {
        u.has_scheme = true;
        u.scheme = url.substr(0, colon);
        rest = url.substr(colon + 1);
    }
    if (rest.substr(0, 2) == "//") {
        u.has_authority = true;
        rest.remove_prefix(2);
        u.authority = rest.substr(0, rest.find_first_of("/?#"));
        rest.remove_prefix(u.authority.size());
    }
    const std::size_t hash = rest.find('#');
    if (hash != std::string_view::npos) u.fragment = rest.substr(hash);
    rest = rest.substr(0, hash);
    const std::size_t question = rest.find('?');
    if (question != std::string_view::npos) u.query = rest.substr(question);
    u.path = rest.substr(0, question);
    return u;
}

std::string_view url_host(std::string_view authority) {
    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
    if (!authority.empty() && authority.front() == '[') return authority.substr(0, authority.find(']') + 1);
    return authority.substr(0, authority.find(':'));
}

std::string url_origin(std::string_view url) {
    const UrlParts u = split_url(url);
    if (!u.has_scheme || u.scheme.empty() || !u.has_authority || u.authority.empty()) return {};
    for (const char c : u.scheme)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
              c == '.'))
            return {};
    return lower(u.scheme) + "://" + lower(u.authority);
}

// [SECTION] Policy

std::optional<std::string> check_endpoint_url(std::string_view url, std::string_view page_origin) {
    const std::string why = "the endpoint " + std::string(url) + " is refused: ";
    if (url.empty()) return why + "it is empty";
    for (const char c : url)
        if (static_cast<unsigned char>(c) <= 0x20) return why + "it holds a space or a control character";
    if (url.find('\\') != std::string_view::npos) return why + "it holds a backslash";
    const UrlParts u = split_url(url);
    std::string scheme;
    if (!u.has_scheme && !u.has_authority) return std::nullopt;  // relative: the page's own origin
    if (!u.has_scheme) {                                          // scheme-relative: the page's scheme
        const UrlParts page = split_url(page_origin);
        if (!page.has_scheme) return why + "the page's scheme is unknown";
        scheme = lower(page.scheme);
    } else {
        if (!u.has_authority) return why + "only https: (or http: on localhost) is allowed";
        scheme = lower(u.scheme);
    }
    if (scheme == "https") return std::nullopt;
    if (scheme != "http") return why + "only https: (or http: on localhost) is allowed";
    const std::string host = lower(url_host(u.authority));
    if (host == "localhost" || host == "127.0.0.1" || host == "[::1]") return std::nullopt;
    return why + "plain http: sends the password unencrypted; use https:";
}

std::optional<std::string> resolve_captcha_image_url(std::string_view image, std::string_view captcha_url) {
    if (image.empty() || has_unsafe_byte(image)) return std::nullopt;
    const std::string base_origin = url_origin(captcha_url);
    if (!base_origin.empty() && base_origin.rfind("http://", 0) != 0 && base_origin.rfind("https://", 0) != 0)
        return std::nullopt;
    const UrlParts base = split_url(captcha_url), u = split_url(image);  // base: its query and fragment
    std::string resolved;
    if (u.has_scheme || u.has_authority) {
        // A scheme of its own (data:, javascript:, another host) or scheme-relative: never the
        // page's origin, and otherwise checked below.
        if (base_origin.empty()) return std::nullopt;
        resolved = u.has_scheme ? std::string(image) : base_origin.substr(0, base_origin.find(':') + 1) + std::string(image);
    } else if (image.front() == '/') {
        resolved = base_origin + std::string(image);
    } else {  // relative to the captcha URL's folder (all of it when that URL has no origin)
        const std::string_view before_query =
            captcha_url.substr(base_origin.size(), captcha_url.size() - base_origin.size() - base.query.size() - base.fragment.size());
        resolved = base_origin + std::string(before_query.substr(0, before_query.rfind('/') + 1)) + std::string(image);
    }
    if (url_origin(resolved) != base_origin) return std::nullopt;
    return resolved;
}

std::string with_nonce(std::string_view url, std::uint32_t nonce) {
    const UrlParts u = split_url(url);
    std::string out(url.substr(0, url.size() - u.fragment.size()));
    if (u.query.empty()) out += '?';
    else if (out.back() != '?' && out.back() != '&') out += '&';
    out += "abon=" + std::to_string(nonce);
    out += u.fragment;
    return out;
}

}  // namespace abon
