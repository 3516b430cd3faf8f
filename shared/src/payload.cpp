// Payload building and reading the server's answers (spec §4). Never throws: JSON is read
// with the core's own reader (abon/json_io.hpp) and every value's type is checked before it
// is read, so the same code runs in the wasm build, which carries no nlohmann/json.
#include "abon/payload.hpp"
#include "abon/reply_limits.hpp"

#include "abon/captcha.hpp"

#include "abon/email.hpp"
#include "abon/json_io.hpp"

#include <charconv>
#include <cstdint>
#include <limits>
#include <utility>

namespace abon {
namespace {

std::optional<std::string> string_member(const JsonValue& j, std::string_view key) {
    const JsonValue* m = j.find(key);
    if (!m || !m->is_string()) return std::nullopt;
    return m->text();
}

std::optional<std::int64_t> integer_member(const JsonValue& j, std::string_view key) {
    const JsonValue* m = j.find(key);
    return m ? m->integer() : std::nullopt;
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
    return seconds > kMaxRetryAfterSeconds ? kMaxRetryAfterSeconds : seconds;
}

// A 422 may name fields by their ids or by the configured outgoing names.
std::optional<Field> field_for_key(const std::string& key, const OutgoingNames& names) {
    if (auto f = parse_field_id(key)) return f;
    for (std::size_t i = 0; i < kFieldCount; ++i)
        for (const std::string_view slot : reply_slots(static_cast<Field>(i)))
            if (*outgoing_name(names, slot) == key) return static_cast<Field>(i);
    return std::nullopt;
}

}  // namespace

// A handle as the contract makes them (43 base64url characters), with room for other
// lengths: it goes back to the server in a JSON body, never into a URL or a log.
bool usable_handle(std::string_view h) {
    if (h.size() < kMinHandleLength || h.size() > kMaxHandleLength) return false;
    for (const char c : h)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    return true;
}

namespace {

// The follow-up part of a 201 (`with_handle`) or of a follow-up's 200 into r.follow_up;
// r.follow_up_problem says what made it unusable. An answer without a handle offers none.
void read_offer(const JsonValue& j, bool with_handle, ServerReply& r) {
    FollowUpOffer offer;
    if (with_handle) {
        const JsonValue* h = j.find("handle");
        if (!h) return;  // a server without follow-ups: a success all the same
        if (!h->is_string() || !usable_handle(h->text())) {
            r.follow_up_problem = "the answer's handle is not 16 to 256 base64url characters";
            return;
        }
        offer.handle = h->text();
    }
    const auto after = integer_member(j, "resend_after");
    const auto left = integer_member(j, "resends_left");
    if (!after || *after < 0 || *after > kMaxResendAfterSeconds || !left || *left < 0 || *left > kMaxResendsLeft) {
        r.follow_up_problem = "the answer's resend_after (0 to 86400) or resends_left (0 to 100) is missing or out of range";
        return;
    }
    offer.resend_after = static_cast<int>(*after);
    offer.resends_left = static_cast<int>(*left);
    if (const auto email = string_member(j, "email")) {
        const Verdict v = validate_email(*email);
        if (v.ok()) offer.email = v.value;
        else r.follow_up_problem = "the answer's email is not an address; the typed one is shown";
    }
    r.follow_up = std::move(offer);
}

}  // namespace

ConfigResult parse_widget_config(std::string_view json_text) {
    const std::optional<JsonValue> parsed = parse_json(json_text);
    if (!parsed || !parsed->is_object()) return {std::nullopt, "config: not a JSON object"};
    const JsonValue& j = *parsed;
    WidgetConfig c;
    if (const JsonValue* a = j.find("apostrophe")) {
        if (!a->is_string()) return {std::nullopt, "config: apostrophe must be a string"};
        const std::string& ap = a->text();
        if (ap != "\u02BC" && ap != "\u2019" && ap != "'")
            return {std::nullopt, "config: apostrophe must be U+02BC, U+2019 or U+0027"};
        c.rules.apostrophe = ap;
    }
    if (const JsonValue* p = j.find("patronymic_optional")) {
        if (!p->is_boolean()) return {std::nullopt, "config: patronymic_optional must be true or false"};
        c.rules.patronymic_optional = p->boolean();
    }
    if (j.find("captcha_length")) {
        const auto l = integer_member(j, "captcha_length");
        if (!l || *l < 1 || *l > 16) return {std::nullopt, "config: captcha_length must be an integer from 1 to 16"};
        c.rules.captcha_length = static_cast<int>(*l);
    }
    if (j.find("request_timeout_ms")) {
        const auto t = integer_member(j, "request_timeout_ms");
        if (!t || *t < kMinRequestTimeoutMs || *t > kMaxRequestTimeoutMs)
            return {std::nullopt, "config: request_timeout_ms must be an integer from 1000 to 60000"};
        c.request_timeout_ms = static_cast<int>(*t);
    }
    // The classic endpoint's keys (spec §6b) each take one of two words; the first is the default.
    std::string word_error;
    const auto second_word = [&](std::string_view key, std::string_view first, std::string_view second) {
        const JsonValue* m = j.find(key);
        const std::string word = !m ? std::string(first) : m->is_string() ? m->text() : std::string();
        if (m && word != first && word != second && word_error.empty())
            word_error = "config: " + std::string(key) + " must be \"" + std::string(first) + "\" or \"" +
                         std::string(second) + "\"";
        return word == second;
    };
    c.encoding = second_word("encoding", "json", "form") ? BodyEncoding::Form : BodyEncoding::Json;
    c.amount_format = second_word("amount_format", "kopecks", "decimal") ? AmountFormat::Decimal : AmountFormat::Kopecks;
    c.captcha_mode = second_word("captcha_mode", "challenge", "image") ? CaptchaMode::Image : CaptchaMode::Challenge;
    if (!word_error.empty()) return {std::nullopt, word_error};
    if (c.amount_format == AmountFormat::Decimal) c.names.last_payment = "last_payment";  // not kopecks
    if (const JsonValue* sender = j.find("sender")) {
        const Verdict v = sender->is_string() ? validate_email(sender->text()) : Verdict{};
        if (!sender->is_string() || !v.ok()) return {std::nullopt, "config: sender must be an email address"};
        c.sender = v.value;
    }
    if (const JsonValue* names = j.find("field_names")) {
        if (!names->is_object()) return {std::nullopt, "config: field_names must be an object"};
        for (std::size_t i = 0; i < names->keys().size(); ++i) {
            const std::string& key = names->keys()[i];
            const JsonValue& value = names->items()[i];
            std::string* target = outgoing_name(c.names, key);
            if (!target) return {std::nullopt, "config: field_names has an unknown key: " + key};
            if (!value.is_string() || !is_usable_key(value.text()))
                return {std::nullopt, "config: field_names." + key + " must be a non-empty string"};
            *target = value.text();
        }
    }
    return {c, {}};
}

std::string* outgoing_name(OutgoingNames& names, std::string_view slot) {
    std::string* const members[] = {&names.surname, &names.given_name, &names.patronymic, &names.account,
                                    &names.password, &names.email, &names.captcha, &names.captcha_token,
                                    &names.captcha_answer, &names.last_payment, &names.lang};
    static_assert(sizeof(members) / sizeof(members[0]) == sizeof(kOutgoingSlots) / sizeof(kOutgoingSlots[0]),
                  "one key per member");
    for (std::size_t i = 0; i < sizeof(members) / sizeof(members[0]); ++i)
        if (kOutgoingSlots[i] == slot) return members[i];
    return nullptr;
}

const std::string* outgoing_name(const OutgoingNames& names, std::string_view slot) {
    return outgoing_name(const_cast<OutgoingNames&>(names), slot);
}

std::vector<std::string_view> outgoing_slots(Field f) {
    switch (f) {
        case Field::PasswordConfirm:
        case Field::EmailConfirm:
        case Field::Count_:
            return {};
        case Field::Captcha:
            return {"captcha", "captcha_token", "captcha_answer"};
        default:
            return {field_id(f)};  // the other fields' keys are their ids
    }
}

std::vector<std::string_view> reply_slots(Field f) {
    std::vector<std::string_view> slots = outgoing_slots(f);
    for (std::size_t i = 0; i < slots.size(); ++i)
        if (slots[i] == "captcha_token") slots.erase(slots.begin() + static_cast<std::ptrdiff_t>(i));
    return slots;
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
    // Browsers read "\\" as "/": "\\evil.example/x" and "/\\evil.example/x" leave the origin.
    if (url.find('\\') != std::string_view::npos) return why + "it holds a backslash";
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

std::string build_payload(const FormVerdict& form, const FormInput& input, std::string_view captcha_token,
                          Lang lang, const OutgoingNames& names) {
    // Written in key order, the last of equal names kept: the bytes nlohmann's std::map
    // wrote before, whatever the configured names.
    struct Member {
        std::string_view key;
        std::string_view text;              // a string value, unless `captcha` or `number`
        bool captcha = false;               // the nested {token, answer} object
        std::optional<std::int64_t> number;
    };
    const std::string surname = value_of(form, Field::Surname), given = value_of(form, Field::GivenName),
                      patronymic = value_of(form, Field::Patronymic), account = value_of(form, Field::Account),
                      email = value_of(form, Field::Email), answer = value_of(form, Field::Captcha);
    const std::string_view password = input[Field::Password] ? std::string_view(*input[Field::Password]) : "";
    const auto& amount = form[Field::LastPayment];
    std::vector<Member> members = {
        {names.surname, surname}, {names.given_name, given}, {names.patronymic, patronymic},
        {names.account, account}, {names.password, password}, {names.email, email},
        {names.captcha, {}, true}, {names.last_payment, {}, false, amount && amount->kopecks ? *amount->kopecks : 0},
        {names.lang, lang == Lang::Uk ? "uk" : "en"}};
    for (std::size_t i = 1; i < members.size(); ++i)  // an insertion sort: stable, and small code
        for (std::size_t j = i; j > 0 && members[j].key < members[j - 1].key; --j) std::swap(members[j], members[j - 1]);

    JsonWriter out;
    // Room for it all at once: a buffer outgrown would be freed with the password in it.
    std::size_t room = 256 + captcha_token.size();
    for (const Member& m : members) room += m.key.size() + 6 * m.text.size();
    out.buffer().reserve(room);
    out.begin_object();
    for (std::size_t i = 0; i < members.size(); ++i) {
        const Member& m = members[i];
        if (i + 1 < members.size() && members[i + 1].key == m.key) continue;  // a later one wins
        out.key(m.key);
        if (m.captcha) {  // {token, answer} in key order; equal names keep the token, as nlohmann did
            // No token: the picture was the site's own, kept by its session (captcha_mode image).
            const std::string_view t = names.captcha_token, a = names.captcha_answer;
            const bool token = !captcha_token.empty();
            out.begin_object();
            if (token && t <= a) out.member(t, captcha_token);
            if (!token || t != a) out.member(a, std::string_view(answer));
            if (token && t > a) out.member(t, captcha_token);
            out.end_object();
        } else if (m.number) {
            out.value(*m.number);
        } else {
            out.value(m.text);
        }
    }
    out.end_object();
    return out.take();
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
    const std::optional<JsonValue> parsed = parse_json(body);
    if (!parsed) return std::nullopt;
    const JsonValue& j = *parsed;
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
    // Optional: a site without them is the classic one. A malformed one is dropped, not fatal.
    if (auto audio = string_member(j, "audio"); audio && !audio->empty() && audio->size() <= 2048)
        c.audio_url = std::move(*audio);
    if (auto alphabet = string_member(j, "alphabet"); alphabet && is_captcha_alphabet(*alphabet))
        c.alphabet = std::move(*alphabet);
    return c;
}

ServerReply interpret_response(int status, std::string_view body, std::string_view retry_after_header,
                               const OutgoingNames& names, bool redirected) {
    ServerReply r;
    if (status == 200 || status == 201 || (redirected && status >= 200 && status <= 299)) {
        r.kind = ReplyKind::Success;
        r.renew_captcha = false;
        if (const std::optional<JsonValue> j = status == 201 ? parse_json(body) : std::nullopt)
            read_offer(*j, true, r);
        return r;
    }
    r.kind = ReplyKind::Failure;
    const std::optional<JsonValue> j = parse_json(body);
    const std::optional<std::string> error = j ? string_member(*j, "error") : std::nullopt;
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
    const JsonValue* errors = j ? j->find("errors") : nullptr;
    if (!errors || !errors->is_object() || errors->keys().empty()) {
        const auto code = error ? parse_error_id(*error) : std::nullopt;
        r.code = code.value_or(ErrorCode::UnexpectedResponse);
        return r;
    }
    r.kind = ReplyKind::FieldErrors;
    r.code = ErrorCode::Ok;
    for (std::size_t i = 0; i < errors->keys().size(); ++i) {
        const std::string& key = errors->keys()[i];
        const JsonValue& value = errors->items()[i];
        ErrorCode c = ErrorCode::UnexpectedResponse;  // an unknown code still gets a message
        if (value.is_string())
            if (const auto known = parse_error_id(value.text())) c = *known;
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

ServerReply interpret_follow_up_response(int status, std::string_view body, std::string_view retry_after_header) {
    const std::optional<JsonValue> j = parse_json(body);
    const std::optional<std::string> error = j ? string_member(*j, "error") : std::nullopt;
    const auto said = [&](ErrorCode code) { return error && parse_error_id(*error) == code; };
    ServerReply r;
    if (status == 200) {
        if (j) read_offer(*j, false, r);
        if (r.follow_up) {
            r.kind = ReplyKind::Success;
            r.renew_captcha = false;
            return r;
        }
        r.code = ErrorCode::UnexpectedResponse;
        return r;
    }
    if (status == 404 || (status == 429 && said(ErrorCode::ResendLimitReached))) {
        r.code = said(ErrorCode::RegistrationNotFound) ? ErrorCode::RegistrationNotFound
                 : said(ErrorCode::ResendLimitReached) ? ErrorCode::ResendLimitReached
                                                       : ErrorCode::UnexpectedResponse;
        return r;
    }
    r = interpret_response(status, body, retry_after_header);
    if (r.kind == ReplyKind::Success) {  // a 201 or a redirect is not this contract's answer
        r = ServerReply{};
        r.code = ErrorCode::UnexpectedResponse;
    }
    r.follow_up_problem.clear();
    return r;
}

std::string resend_body(std::string_view handle) {
    JsonWriter out;
    out.begin_object().member("handle", handle).end_object();
    return out.take();
}

std::string change_email_body(std::string_view handle, std::string_view email) {
    JsonWriter out;
    out.begin_object().member("handle", handle).member("email", email).end_object();
    return out.take();
}

}  // namespace abon
