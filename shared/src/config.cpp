// The integrator's config file and the outgoing names it sets (abon/payload.hpp,
// [SECTION] Configuration). A config is taken whole or refused whole, with the reason.
#include "abon/captcha.hpp"
#include "abon/detail/rule_keys.hpp"
#include "abon/email.hpp"
#include "abon/json_io.hpp"
#include "abon/payload.hpp"
#include "abon/reply_limits.hpp"

namespace abon {
namespace {

bool is_usable_key(const std::string& key) { return !key.empty() && key.size() <= 64; }

}  // namespace

namespace detail {

bool is_rule_key(std::string_view key) {
    return key == "apostrophe" || key == "patronymic_optional" || key == "captcha_length" || key == "captcha_alphabet";
}

std::string read_rule_key(std::string_view key, const JsonValue& value, RuleConfig& rules) {
    if (key == "apostrophe") {
        if (!value.is_string()) return "apostrophe must be a string";
        const std::string& ap = value.text();
        if (ap != "\u02BC" && ap != "\u2019" && ap != "'") return "apostrophe must be U+02BC, U+2019 or U+0027";
        rules.apostrophe = ap;
    } else if (key == "patronymic_optional") {
        if (!value.is_boolean()) return "patronymic_optional must be true or false";
        rules.patronymic_optional = value.boolean();
    } else if (key == "captcha_length") {
        const auto length = value.integer();
        if (!length || *length < 1 || *length > 16) return "captcha_length must be an integer from 1 to 16";
        rules.captcha_length = static_cast<int>(*length);
    } else if (key == "captcha_alphabet") {
        if (!value.is_string() || !is_captcha_alphabet(value.text()))
            return "captcha_alphabet must be 2 to 26 different letters A-Z";
        rules.captcha_alphabet = value.text();
    }
    return {};
}

}  // namespace detail

ConfigResult parse_widget_config(std::string_view json_text) {
    const std::optional<JsonValue> parsed = parse_json(json_text);
    if (!parsed || !parsed->is_object()) return {std::nullopt, "config: not a JSON object"};
    const JsonValue& j = *parsed;
    WidgetConfig c;
    for (const std::string_view key : {"apostrophe", "patronymic_optional", "captcha_length"})
        if (const JsonValue* value = j.find(key))
            if (std::string why = detail::read_rule_key(key, *value, c.rules); !why.empty())
                return {std::nullopt, "config: " + why};
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

}  // namespace abon
