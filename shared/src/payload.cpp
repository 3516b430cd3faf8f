// Payload building and reading the server's answers (spec §4). Never throws: JSON is
// parsed with exceptions off and every value's type is checked before it is read, so the
// same code runs in the wasm build (JSON_NOEXCEPTION) and natively.
#include "abon/payload.hpp"

#include <charconv>
#include <cstdint>
#include <limits>

namespace abon {
namespace {

using nlohmann::json;

json parse_or_discard(std::string_view text) {
    return json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
}

const json* member(const json& j, std::string_view key) {
    if (!j.is_object()) return nullptr;
    const auto it = j.find(std::string(key));
    return it == j.end() ? nullptr : &*it;
}

std::optional<std::string> string_member(const json& j, std::string_view key) {
    const json* m = member(j, key);
    if (!m || !m->is_string()) return std::nullopt;
    return m->get<std::string>();
}

std::optional<std::int64_t> integer_member(const json& j, std::string_view key) {
    const json* m = member(j, key);
    if (!m || !m->is_number_integer()) return std::nullopt;
    return m->get<std::int64_t>();
}

bool is_usable_key(const std::string& key) { return !key.empty() && key.size() <= 64; }

std::string value_of(const FormVerdict& form, Field f) {
    const auto& v = form[f];
    return v ? v->value : std::string();
}

int parse_retry_after(std::string_view header) {
    // Seconds only; an HTTP date (rare for 429) falls back to a minute.
    int seconds = 0;
    const auto [end, ec] = std::from_chars(header.data(), header.data() + header.size(), seconds);
    if (ec != std::errc() || end != header.data() + header.size() || seconds < 0) return 60;
    return seconds > 86400 ? 86400 : seconds;
}

// A 422 may name fields by their ids or by the configured outgoing names.
std::optional<Field> field_for_key(const std::string& key, const OutgoingNames& names) {
    if (auto f = parse_field_id(key)) return f;
    const std::pair<const std::string*, Field> outgoing[] = {
        {&names.surname, Field::Surname}, {&names.given_name, Field::GivenName},
        {&names.patronymic, Field::Patronymic}, {&names.account, Field::Account},
        {&names.password, Field::Password}, {&names.email, Field::Email},
        {&names.captcha, Field::Captcha}, {&names.captcha_answer, Field::Captcha},
        {&names.last_payment, Field::LastPayment}};
    for (const auto& [name, field] : outgoing)
        if (*name == key) return field;
    return std::nullopt;
}

}  // namespace

ConfigResult parse_widget_config(std::string_view json_text) {
    const json j = parse_or_discard(json_text);
    if (j.is_discarded() || !j.is_object()) return {std::nullopt, "config: not a JSON object"};
    WidgetConfig c;
    if (const json* a = member(j, "apostrophe")) {
        if (!a->is_string()) return {std::nullopt, "config: apostrophe must be a string"};
        const std::string ap = a->get<std::string>();
        if (ap != "\u02BC" && ap != "\u2019" && ap != "'")
            return {std::nullopt, "config: apostrophe must be U+02BC, U+2019 or U+0027"};
        c.rules.apostrophe = ap;
    }
    if (const json* p = member(j, "patronymic_optional")) {
        if (!p->is_boolean()) return {std::nullopt, "config: patronymic_optional must be true or false"};
        c.rules.patronymic_optional = p->get<bool>();
    }
    if (const json* l = member(j, "captcha_length")) {
        if (!l->is_number_integer() || l->get<std::int64_t>() < 1 || l->get<std::int64_t>() > 16)
            return {std::nullopt, "config: captcha_length must be an integer from 1 to 16"};
        c.rules.captcha_length = static_cast<int>(l->get<std::int64_t>());
    }
    if (const json* t = member(j, "request_timeout_ms")) {
        if (!t->is_number_integer() || t->get<std::int64_t>() < 1000 || t->get<std::int64_t>() > 60000)
            return {std::nullopt, "config: request_timeout_ms must be an integer from 1000 to 60000"};
        c.request_timeout_ms = static_cast<int>(t->get<std::int64_t>());
    }
    if (const json* names = member(j, "field_names")) {
        if (!names->is_object()) return {std::nullopt, "config: field_names must be an object"};
        struct Slot { std::string_view key; std::string* target; };
        const Slot slots[] = {
            {"surname", &c.names.surname}, {"given_name", &c.names.given_name},
            {"patronymic", &c.names.patronymic}, {"account", &c.names.account},
            {"password", &c.names.password}, {"email", &c.names.email},
            {"captcha", &c.names.captcha}, {"captcha_token", &c.names.captcha_token},
            {"captcha_answer", &c.names.captcha_answer}, {"last_payment", &c.names.last_payment},
            {"lang", &c.names.lang}};
        for (const auto& [key, value] : names->items()) {
            const Slot* slot = nullptr;
            for (const Slot& s : slots)
                if (s.key == key) slot = &s;
            if (!slot) return {std::nullopt, "config: field_names has an unknown key: " + key};
            if (!value.is_string() || !is_usable_key(value.get<std::string>()))
                return {std::nullopt, "config: field_names." + key + " must be a non-empty string"};
            *slot->target = value.get<std::string>();
        }
    }
    return {c, {}};
}

std::optional<std::string> check_endpoint_url(std::string_view url, std::string_view page_origin) {
    const auto lower = [](std::string_view text) {
        std::string out(text);
        for (char& c : out)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return out;
    };
    const std::string why = "the endpoint " + std::string(url) + " is refused: ";
    if (url.empty()) return why + "it is empty";
    for (const char c : url)
        if (static_cast<unsigned char>(c) <= 0x20) return why + "it holds a space or a control character";
    std::string scheme;
    std::string_view rest;
    if (url.substr(0, 2) == "//") {  // scheme-relative: the page's scheme
        const std::size_t colon = page_origin.find(':');
        if (colon == std::string_view::npos) return why + "the page's scheme is unknown";
        scheme = lower(page_origin.substr(0, colon));
        rest = url.substr(2);
    } else {
        const std::size_t colon = url.find(':');
        const std::size_t slash = url.find_first_of("/?#");
        if (colon == std::string_view::npos || (slash != std::string_view::npos && slash < colon))
            return std::nullopt;  // relative: the page's own origin
        scheme = lower(url.substr(0, colon));
        if (url.substr(colon + 1, 2) != "//") return why + "only https: (or http: on localhost) is allowed";
        rest = url.substr(colon + 3);
    }
    if (scheme == "https") return std::nullopt;
    if (scheme != "http") return why + "only https: (or http: on localhost) is allowed";
    std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
    std::string_view host = authority;
    if (!host.empty() && host.front() == '[') {
        host = host.substr(0, host.find(']') + 1);
    } else if (const std::size_t colon = host.find(':'); colon != std::string_view::npos) {
        host = host.substr(0, colon);
    }
    const std::string h = lower(host);
    if (h == "localhost" || h == "127.0.0.1" || h == "[::1]") return std::nullopt;
    return why + "plain http: sends the password unencrypted; use https:";
}

void wipe(std::string& text) {
    volatile char* bytes = text.data();  // volatile: the stores are not optimised away
    for (std::size_t i = 0; i < text.size(); ++i) bytes[i] = '\0';
    text.clear();
}

json build_payload(const FormVerdict& form, const FormInput& input, std::string_view captcha_token,
                   Lang lang, const OutgoingNames& names) {
    json p = json::object();
    p[names.surname] = value_of(form, Field::Surname);
    p[names.given_name] = value_of(form, Field::GivenName);
    p[names.patronymic] = value_of(form, Field::Patronymic);
    p[names.account] = value_of(form, Field::Account);
    p[names.password] = input[Field::Password].value_or(std::string());
    p[names.email] = value_of(form, Field::Email);
    p[names.captcha] = {{names.captcha_token, std::string(captcha_token)},
                        {names.captcha_answer, value_of(form, Field::Captcha)}};
    const auto& amount = form[Field::LastPayment];
    p[names.last_payment] = amount && amount->kopecks ? *amount->kopecks : 0;
    p[names.lang] = lang == Lang::Uk ? "uk" : "en";
    return p;
}

PayloadParse parse_payload(std::string_view body, const OutgoingNames& names) {
    json j = json::parse(body, nullptr, false);
    struct TreeWipe {  // the password's copy in the tree, zeroed before the tree is freed
        json& tree;
        const std::string& key;
        ~TreeWipe() {
            if (!tree.is_object()) return;
            if (const auto it = tree.find(key); it != tree.end() && it->is_string()) wipe(it->get_ref<std::string&>());
        }
    } tree_wipe{j, names.password};
    auto refuse = [](std::string why) { return PayloadParse{std::nullopt, std::move(why)}; };
    if (j.is_discarded()) return refuse("the body is not valid JSON");
    if (!j.is_object()) return refuse("the body must be a JSON object");

    SentPayload p;
    const std::pair<const std::string*, Field> text[] = {
        {&names.surname, Field::Surname}, {&names.given_name, Field::GivenName}, {&names.patronymic, Field::Patronymic},
        {&names.account, Field::Account}, {&names.password, Field::Password},   {&names.email, Field::Email},
    };
    for (const auto& [key, field] : text) {
        const auto it = j.find(*key);
        if (it == j.end() || it->is_null()) p.input[field] = std::string();
        else if (it->is_string()) p.input[field] = it->get<std::string>();
        else return refuse(*key + " must be a string");
    }

    p.input[Field::Captcha] = std::string();
    if (const auto c = j.find(names.captcha); c != j.end() && !c->is_null()) {
        if (!c->is_object()) return refuse(names.captcha + " must be an object {\"" + names.captcha_token + "\", \"" +
                                           names.captcha_answer + "\"}");
        const auto token = c->find(names.captcha_token), answer = c->find(names.captcha_answer);
        if ((token != c->end() && !token->is_string() && !token->is_null()) ||
            (answer != c->end() && !answer->is_string() && !answer->is_null()))
            return refuse(names.captcha + "." + names.captcha_token + " and " + names.captcha + "." +
                          names.captcha_answer + " must be strings");
        if (token != c->end() && token->is_string()) p.captcha_token = token->get<std::string>();
        if (answer != c->end() && answer->is_string()) p.input[Field::Captcha] = answer->get<std::string>();
    }

    if (const auto k = j.find(names.last_payment); k != j.end() && !k->is_null()) {
        if (k->is_number_unsigned() && k->get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
            p.kopecks = std::numeric_limits<std::int64_t>::max();
        else if (k->is_number_integer())
            p.kopecks = k->get<std::int64_t>();
        else
            return refuse(names.last_payment + " must be an integer number of kopecks");
    }

    if (const auto l = j.find(names.lang); l != j.end() && !l->is_null()) {
        const auto lang = l->is_string() ? parse_lang(l->get<std::string>()) : std::nullopt;
        if (!lang) return refuse(names.lang + " must be \"uk\" or \"en\"");
        p.lang = *lang;
    }
    return PayloadParse{std::move(p), {}};
}

namespace {

// "scheme://authority" of an absolute URL (lower-case scheme), or "" when it is not one.
std::string origin_of(std::string_view url) {
    const std::size_t colon = url.find(':');
    if (colon == std::string_view::npos || url.substr(colon + 1, 2) != "//") return {};
    std::string scheme(url.substr(0, colon));
    for (char& c : scheme) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) return {};
    }
    const std::string_view rest = url.substr(colon + 3);
    const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    if (authority.empty()) return {};
    std::string out = scheme + "://";
    for (char c : authority) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return out;
}

}  // namespace

std::optional<std::string> resolve_captcha_image_url(std::string_view image, std::string_view captcha_url) {
    if (image.empty()) return std::nullopt;
    for (const char c : image)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '\\') return std::nullopt;
    const std::string base_origin = origin_of(captcha_url);
    if (base_origin.rfind("http://", 0) != 0 && base_origin.rfind("https://", 0) != 0 && !base_origin.empty())
        return std::nullopt;
    const std::string_view base_path = base_origin.empty() ? captcha_url : captcha_url.substr(base_origin.size());
    std::string resolved;
    if (image.substr(0, 2) == "//") {  // scheme-relative
        if (base_origin.empty()) return std::nullopt;
        resolved = base_origin.substr(0, base_origin.find("//")) + std::string(image);
    } else if (const std::size_t colon = image.find(':');
               colon != std::string_view::npos && colon < image.find_first_of("/?#")) {
        if (base_origin.empty()) return std::nullopt;  // a scheme of its own is never the page's origin
        resolved = std::string(image);                   // data:, javascript:, another host … checked below
    } else if (image.front() == '/') {
        resolved = base_origin + std::string(image);
    } else {  // relative to the captcha URL's folder
        const std::string_view dir = base_path.substr(0, base_path.substr(0, base_path.find_first_of("?#")).rfind('/') + 1);
        resolved = base_origin + std::string(dir) + std::string(image);
    }
    const std::string origin = origin_of(resolved);
    if (origin != base_origin) return std::nullopt;
    return resolved;
}

std::optional<CaptchaChallenge> parse_captcha_challenge(std::string_view body) {
    const json j = parse_or_discard(body);
    if (j.is_discarded()) return std::nullopt;
    auto token = string_member(j, "token");
    auto image = string_member(j, "image");
    const auto length = integer_member(j, "length");
    const auto expires = integer_member(j, "expires_in");
    if (!token || token->empty() || token->size() > 512 || !image || image->empty() ||
        image->size() > 2048 || !length || *length < 1 || *length > 16)
        return std::nullopt;
    CaptchaChallenge c;
    c.token = std::move(*token);
    c.image_url = std::move(*image);
    c.length = static_cast<int>(*length);
    c.expires_in = expires && *expires > 0 && *expires < 86400 ? static_cast<int>(*expires) : 300;
    return c;
}

ServerReply interpret_response(int status, std::string_view body, std::string_view retry_after_header,
                               const OutgoingNames& names) {
    ServerReply r;
    if (status == 200 || status == 201) {
        r.kind = ReplyKind::Success;
        r.renew_captcha = false;
        return r;
    }
    r.kind = ReplyKind::Failure;
    const json j = parse_or_discard(body);
    const std::optional<std::string> error = j.is_discarded() ? std::nullopt : string_member(j, "error");
    switch (status) {
        case -1: r.code = ErrorCode::Timeout; return r;
        case 0: r.code = ErrorCode::NetworkError; return r;
        case 400: r.code = ErrorCode::BadRequest; return r;
        case 403: r.code = ErrorCode::CrossSiteRefused; return r;
        case 409: r.code = ErrorCode::AccountAlreadyRegistered; return r;
        case 413: r.code = ErrorCode::PayloadTooLarge; return r;
        case 415: r.code = ErrorCode::UnsupportedMediaType; return r;
        case 429:
            r.code = ErrorCode::RateLimited;
            r.retry_after_seconds = parse_retry_after(retry_after_header);
            return r;
        case 422: break;
        default:
            r.code = status >= 500 && status <= 599 ? ErrorCode::ServerError : ErrorCode::UnexpectedResponse;
            return r;
    }

    // 422: {"errors": {"field_id": "code"}}; unknown fields or codes still get a message.
    const json* errors = j.is_discarded() ? nullptr : member(j, "errors");
    if (!errors || !errors->is_object() || errors->empty()) {
        const auto code = error ? parse_error_id(*error) : std::nullopt;
        r.code = code.value_or(ErrorCode::UnexpectedResponse);
        return r;
    }
    r.kind = ReplyKind::FieldErrors;
    r.code = ErrorCode::Ok;
    for (const auto& [key, value] : errors->items()) {
        ErrorCode c = ErrorCode::UnexpectedResponse;  // an unknown code still gets a message
        if (value.is_string())
            if (const auto known = parse_error_id(value.get<std::string>())) c = *known;
        const auto field = field_for_key(key, names);
        if (field && c != ErrorCode::Ok) {
            r.field_errors[*field] = c;
        } else if (r.code == ErrorCode::Ok) {
            r.code = c;  // a form-level error, or a field this widget does not show
        }
    }
    for (const auto& [field, code] : r.field_errors)
        if (code == ErrorCode::AccountDetailsMismatch) r.code = code;  // also said above the button
    return r;
}

}  // namespace abon
