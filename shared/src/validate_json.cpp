#include "abon/validate_json.hpp"

#include "abon/captcha.hpp"

#include "abon/form.hpp"
#include "abon/payload.hpp"  // wipe()

namespace abon {
namespace {

using nlohmann::json;

json verdict_json(const Verdict& v, Field f, Lang lang) {
    json out = {{"ok", v.ok()}};
    if (v.ok()) {
        if (v.kopecks) out["value"] = *v.kopecks;
        else if (f != Field::Password && f != Field::PasswordConfirm) out["value"] = v.value;
    } else {
        out["code"] = error_id(v.code);
        out["message"] = describe(v, lang);
    }
    if (!v.suggestion.empty()) out["suggestion"] = v.suggestion;
    if (!v.warnings.empty()) {
        out["warnings"] = json::array();
        for (ErrorCode w : v.warnings)
            out["warnings"].push_back({{"code", error_id(w)}, {"message", describe(v, w, lang)}});
    }
    return out;
}

JsonValidation unreadable(std::string why) {
    JsonValidation r;
    r.error = std::move(why);
    return r;
}

// Zeroes the copies of the password this file makes, whichever way the function returns
// (the rules' own short-lived working copies are not covered).
struct PasswordWiper {
    json& in;
    FormInput& input;
    ~PasswordWiper() {
        for (const Field f : {Field::Password, Field::PasswordConfirm}) {
            if (input[f]) wipe(*input[f]);
            if (const auto it = in.find(std::string(field_id(f))); it != in.end() && it->is_string())
                wipe(*it->get_ptr<std::string*>());
        }
    }
};

}  // namespace

JsonValidation validate_json_text(std::string_view text, Lang lang) {
    // JSON never holds a raw NUL, but nlohmann's lexer takes one for the end of the input:
    // without this, "{…}\0anything" would be read as "{…}".
    if (text.find('\0') != std::string_view::npos) return unreadable("input holds a NUL byte");
    json in = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (in.is_discarded()) return unreadable("input is not valid JSON");
    if (!in.is_object()) return unreadable("input must be one JSON object");

    JsonValidation r;
    FormInput input;
    const PasswordWiper wiper{in, input};
    RuleConfig config;
    for (const auto& [key, value] : in.items()) {
        if (key == "captcha_length") {
            if (!value.is_number_integer() || value.get<std::int64_t>() < 1 || value.get<std::int64_t>() > 16)
                return unreadable("captcha_length must be an integer from 1 to 16");
            config.captcha_length = static_cast<int>(value.get<std::int64_t>());
            continue;
        }
        if (key == "captcha_alphabet") {  // the challenge's letters (issue 24)
            if (!value.is_string() || !is_captcha_alphabet(value.get<std::string>()))
                return unreadable("captcha_alphabet must be 2 to 26 different letters A-Z");
            config.captcha_alphabet = value.get<std::string>();
            continue;
        }
        if (key == "apostrophe") {  // the widget config's keys and checks (parse_widget_config)
            if (!value.is_string()) return unreadable("apostrophe must be a string");
            const std::string ap = value.get<std::string>();
            if (ap != "\u02BC" && ap != "\u2019" && ap != "'")
                return unreadable("apostrophe must be U+02BC, U+2019 or U+0027");
            config.apostrophe = ap;
            continue;
        }
        if (key == "patronymic_optional") {
            if (!value.is_boolean()) return unreadable("patronymic_optional must be true or false");
            config.patronymic_optional = value.get<bool>();
            continue;
        }
        const auto field = parse_field_id(key);
        if (!field) { r.ignored_keys.push_back(key); continue; }
        if (!value.is_string()) return unreadable("\"" + key + "\" must be a string");
        input[*field] = value.get<std::string>();
    }

    FormVerdict verdict = validate_form(input, config);
    json fields = json::object();
    for (std::size_t i = 0; i < kFieldCount; ++i) {
        const auto f = static_cast<Field>(i);
        if (verdict[f]) fields[std::string(field_id(f))] = verdict_json(*verdict[f], f, lang);
    }
    for (const Field f : {Field::Password, Field::PasswordConfirm})
        if (verdict.fields[static_cast<std::size_t>(f)]) wipe(verdict.fields[static_cast<std::size_t>(f)]->value);
    r.readable = true;
    r.output = {{"ok", verdict.ok()}, {"fields", std::move(fields)}};
    return r;
}

}  // namespace abon
