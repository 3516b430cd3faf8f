// validate_json_text() (abon/validate_json.hpp): abon-validate's and the C library's JSON in,
// JSON out, read and written by the core's own reader and writer (abon/json_io.hpp).
#include "abon/validate_json.hpp"

#include "abon/detail/rule_keys.hpp"
#include "abon/form.hpp"
#include "abon/json_io.hpp"
#include "abon/wipe.hpp"

#include <algorithm>
#include <utility>

namespace abon {
namespace {

// One field's verdict, its keys in nlohmann's (sorted) order, as abon-validate always wrote.
void write_verdict(JsonWriter& out, const Verdict& v, Field f, Lang lang) {
    out.begin_object();
    if (!v.ok()) out.member("code", error_id(v.code)).member("message", std::string_view(describe(v, lang)));
    out.member("ok", v.ok());
    if (!v.suggestion.empty()) out.member("suggestion", std::string_view(v.suggestion));
    if (v.ok()) {
        if (v.kopecks) out.member("value", *v.kopecks);
        else if (f != Field::Password && f != Field::PasswordConfirm) out.member("value", std::string_view(v.value));
    }
    if (!v.warnings.empty()) {
        out.key("warnings").begin_array();
        for (const ErrorCode w : v.warnings)
            out.begin_object().member("code", error_id(w)).member("message", std::string_view(describe(v, w, lang))).end_object();
        out.end_array();
    }
    out.end_object();
}

JsonValidation unreadable(std::string why) {
    JsonValidation r;
    r.error = std::move(why);
    return r;
}

// Zeroes the copies of the password this file makes, whichever way the function returns
// (the rules' own short-lived working copies are not covered).
struct PasswordWiper {
    FormInput& input;
    ~PasswordWiper() {
        for (const Field f : {Field::Password, Field::PasswordConfirm})
            if (input[f]) wipe(*input[f]);
    }
};

}  // namespace

JsonValidation validate_json_text(std::string_view text, Lang lang) {
    // JSON never holds a raw NUL, but the lenient reader (as nlohmann's lexer) takes one for
    // the end of the input: without this, "{…}\0anything" would be read as "{…}".
    if (text.find('\0') != std::string_view::npos) return unreadable("input holds a NUL byte");
    const WipedJson tree(parse_json(text));
    const JsonValue* in = tree.get();
    if (!in) return unreadable("input is not valid JSON");
    if (!in->is_object()) return unreadable("input must be one JSON object");

    JsonValidation r;
    FormInput input;
    const PasswordWiper wiper{input};
    RuleConfig config;
    for (std::size_t i = 0; i < in->keys().size(); ++i) {
        const std::string& key = in->keys()[i];
        const JsonValue& value = in->items()[i];
        if (detail::is_rule_key(key)) {  // the widget config's keys and checks, and the challenge's letters
            if (std::string why = detail::read_rule_key(key, value, config); !why.empty()) return unreadable(why);
            continue;
        }
        const auto field = parse_field_id(key);
        if (!field) { r.ignored_keys.push_back(key); continue; }
        if (!value.is_string()) return unreadable("\"" + key + "\" must be a string");
        input[*field] = value.text();
    }

    FormVerdict verdict = validate_form(input, config);
    std::vector<Field> present;  // in the order of their ids, as nlohmann's object kept them
    for (std::size_t i = 0; i < kFieldCount; ++i)
        if (verdict.fields[i]) present.push_back(static_cast<Field>(i));
    std::sort(present.begin(), present.end(), [](Field a, Field b) { return field_id(a) < field_id(b); });
    JsonWriter out;
    out.begin_object().key("fields").begin_object();
    for (const Field f : present) {
        out.key(field_id(f));
        write_verdict(out, *verdict[f], f, lang);
    }
    out.end_object().member("ok", verdict.ok()).end_object();
    for (const Field f : {Field::Password, Field::PasswordConfirm})
        if (verdict.fields[static_cast<std::size_t>(f)]) wipe(verdict.fields[static_cast<std::size_t>(f)]->value);
    r.readable = true;
    r.output = out.take();
    return r;
}

}  // namespace abon
