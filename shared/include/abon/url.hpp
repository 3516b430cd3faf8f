// abon/url.hpp — the URL policy: where the password may go, which picture a challenge may
// name, a fresh query for a picture at a fixed URL. One splitter reads every URL.
//
// - split_url() cuts a URL into its parts without judging them; the policies above it judge.
// - Nothing here resolves "." or ".." segments or percent-escapes: a picture's URL is
//   compared by origin only, and the origin is all the policy needs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace abon {

// [SECTION] Splitting
struct UrlParts {           // scheme ":" "//" authority path query fragment
    bool has_scheme = false;     // a ':' before any of "/?#"
    std::string_view scheme;     // as written (may be empty: ":x")
    bool has_authority = false;  // "//" after the scheme, or at the start (scheme-relative)
    std::string_view authority;  // userinfo@host:port, up to the first of "/?#"
    std::string_view path;       // up to the first of "?#"
    std::string_view query;      // "?…" up to '#', or ""
    std::string_view fragment;   // "#…", or ""
};
UrlParts split_url(std::string_view url);
std::string_view url_host(std::string_view authority);  // no userinfo, no port; "[::1]" keeps its brackets
// "scheme://authority" lower-cased, or "" when the URL has no scheme (of letters, digits,
// '+', '-', '.') followed by a non-empty authority.
std::string url_origin(std::string_view url);

// [SECTION] Policy
// An endpoint the password may be sent to: https: always, a relative URL (the page's own
// origin), or plain http: only to localhost, 127.0.0.1 or [::1]. page_origin
// ("https://example.com") gives a scheme-relative URL ("//host/path") its scheme.
// Returns why the URL is refused (English, for the integrator), or nullopt when it is fine.
std::optional<std::string> check_endpoint_url(std::string_view url, std::string_view page_origin);

// The challenge's image URL resolved against the captcha URL it came from; nullopt unless
// it has that URL's origin (a relative captcha URL: the page's own, so the image must be
// relative too). No other scheme, no spaces, control characters or backslashes.
std::optional<std::string> resolve_captcha_image_url(std::string_view image, std::string_view captcha_url);

// The URL with "abon=<nonce>" added to its query (before any fragment): every renewal of a
// picture at a fixed URL fetches a new one.
std::string with_nonce(std::string_view url, std::uint32_t nonce);

}  // namespace abon
