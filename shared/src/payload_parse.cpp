// parse_payload() and parse_follow_up_request() (abon/payload.hpp): the server's reading of
// a body, the inverse of encode_payload() and of the follow-up bodies. Read with the core's
// own reader as the body travels (JsonDialect::Wire: no BOM, each key once, no NUL), the
// tree wiped before it is freed.
#include "abon/json_io.hpp"
#include "abon/payload.hpp"

#include <cstdint>
#include <limits>
#include <utility>

namespace abon {
namespace {

constexpr std::string_view kNotJson = "the body is not valid JSON (without a BOM, each key once)";

// A copy in room of its own: never in a short-string buffer that a move leaves behind.
std::string secret_copy(const std::string& text) {
    std::string out;
    out.reserve(text.size() < 32 ? 32 : text.size());
    out.assign(text);
    return out;
}

// A JSON integer as kopecks; one past int64 but within uint64 reads as int64's maximum (too
// large all the same), as nlohmann's unsigned integers did. nullopt: not an integer.
std::optional<std::int64_t> kopecks_of(const JsonValue& v) {
    if (const auto n = v.integer()) return n;
    if (v.kind() != JsonValue::Kind::Number || v.text().find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;  // a fraction, an exponent, or below int64
    const std::string& digits = v.text();
    constexpr std::string_view kMaxUnsigned = "18446744073709551615";
    if (digits.size() > kMaxUnsigned.size() || (digits.size() == kMaxUnsigned.size() && digits > kMaxUnsigned))
        return std::nullopt;  // past uint64: nlohmann read a float
    return std::numeric_limits<std::int64_t>::max();
}

}  // namespace

PayloadParse parse_payload(std::string_view body, const OutgoingNames& names) {
    const WipedJson tree(parse_json(body, JsonDialect::Wire));
    auto refuse = [](std::string why) { return PayloadParse{std::nullopt, std::move(why)}; };
    const JsonValue* j = tree.get();
    if (!j) return refuse(std::string(kNotJson));
    if (!j->is_object()) return refuse("the body must be a JSON object");

    Payload p;
    const std::pair<const std::string*, Field> text[] = {
        {&names.surname, Field::Surname}, {&names.given_name, Field::GivenName}, {&names.patronymic, Field::Patronymic},
        {&names.account, Field::Account}, {&names.password, Field::Password},   {&names.email, Field::Email},
    };
    for (const auto& [key, field] : text) {
        const JsonValue* v = j->find(*key);
        if (!v || v->kind() == JsonValue::Kind::Null) p.input[field] = std::string();
        else if (v->is_string()) p.input[field] = secret_copy(v->text());
        else return refuse(*key + " must be a string");
    }

    p.input[Field::Captcha] = std::string();
    if (const JsonValue* c = j->find(names.captcha); c && c->kind() != JsonValue::Kind::Null) {
        if (!c->is_object()) return refuse(names.captcha + " must be an object {\"" + names.captcha_token + "\", \"" +
                                           names.captcha_answer + "\"}");
        const JsonValue* token = c->find(names.captcha_token);
        const JsonValue* answer = c->find(names.captcha_answer);
        const auto string_or_null = [](const JsonValue* v) {
            return !v || v->is_string() || v->kind() == JsonValue::Kind::Null;
        };
        if (!string_or_null(token) || !string_or_null(answer))
            return refuse(names.captcha + "." + names.captcha_token + " and " + names.captcha + "." +
                          names.captcha_answer + " must be strings");
        if (token && token->is_string()) p.captcha_token = token->text();
        if (answer && answer->is_string()) p.input[Field::Captcha] = answer->text();
    }

    if (const JsonValue* k = j->find(names.last_payment); k && k->kind() != JsonValue::Kind::Null) {
        p.kopecks = kopecks_of(*k);
        if (!p.kopecks) return refuse(names.last_payment + " must be an integer number of kopecks");
    }

    if (const JsonValue* l = j->find(names.lang); l && l->kind() != JsonValue::Kind::Null) {
        const auto lang = l->is_string() ? parse_lang(l->text()) : std::nullopt;
        if (!lang) return refuse(names.lang + " must be \"uk\" or \"en\"");
        p.lang = *lang;
    }
    return PayloadParse{std::move(p), {}};
}

FollowUpRequestParse parse_follow_up_request(std::string_view body, bool with_email) {
    const WipedJson tree(parse_json(body, JsonDialect::Wire));
    auto refuse = [](std::string why) { return FollowUpRequestParse{std::nullopt, std::move(why)}; };
    const JsonValue* j = tree.get();
    if (!j) return refuse(std::string(kNotJson));
    if (!j->is_object()) return refuse("the body must be a JSON object");
    const JsonValue* handle = j->find("handle");
    if (!handle || !handle->is_string()) return refuse("handle must be a string");
    FollowUpRequest r;
    if (usable_handle(handle->text())) r.handle = handle->text();
    if (with_email) {
        const JsonValue* email = j->find("email");
        if (!email || !email->is_string()) return refuse("email must be a string");
        r.email = email->text();
    }
    return {std::move(r), {}};
}

}  // namespace abon
