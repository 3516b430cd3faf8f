// abon-validate: one JSON object of field values on stdin → the core's verdicts on stdout
// (spec §3). Exit 0 with a verdict, 2 on unreadable input (message on stderr), 64 on a bad
// option.
#include "abon/form.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>

namespace {

constexpr std::size_t kMaxInputBytes = 16u << 20;

int unreadable(const std::string& why) {
    std::cerr << "abon-validate: " << why << "\n";
    return 2;
}

nlohmann::json verdict_json(const abon::Verdict& v, abon::Field f, abon::Lang lang) {
    nlohmann::json out = {{"ok", v.ok()}};
    if (v.ok()) {
        if (v.kopecks) out["value"] = *v.kopecks;
        else if (f != abon::Field::Password && f != abon::Field::PasswordConfirm) out["value"] = v.value;
    } else {
        out["code"] = abon::error_id(v.code);
        out["message"] = abon::describe(v, lang);
    }
    if (!v.suggestion.empty()) out["suggestion"] = v.suggestion;
    if (!v.warnings.empty()) {
        out["warnings"] = nlohmann::json::array();
        for (abon::ErrorCode w : v.warnings)
            out["warnings"].push_back({{"code", abon::error_id(w)}, {"message", abon::describe(v, w, lang)}});
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    abon::Lang lang = abon::Lang::Uk;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        std::string value;
        if (arg == "--lang" && i + 1 < argc) value = argv[++i];
        else if (arg.rfind("--lang=", 0) == 0) value = arg.substr(7);
        else if (arg == "--help" || arg == "-h") {
            std::cout << "usage: abon-validate [--lang uk|en] < input.json\n";
            return 0;
        } else {
            std::cerr << "abon-validate: unknown option " << arg << " (usage: abon-validate [--lang uk|en])\n";
            return 64;
        }
        const auto parsed = abon::parse_lang(value);
        if (!parsed) { std::cerr << "abon-validate: --lang takes uk or en\n"; return 64; }
        lang = *parsed;
    }

    std::string text;
    char buffer[1 << 16];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, stdin)) {
        text.append(buffer, n);
        if (text.size() > kMaxInputBytes) return unreadable("input is larger than 16 MiB");
    }
    const auto input_json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (input_json.is_discarded()) return unreadable("input is not valid JSON");
    if (!input_json.is_object()) return unreadable("input must be one JSON object");

    abon::FormInput input;
    abon::RuleConfig config;
    for (const auto& [key, value] : input_json.items()) {
        if (key == "captcha_length") {
            if (!value.is_number_integer() || value.get<long long>() < 1 || value.get<long long>() > 16)
                return unreadable("captcha_length must be an integer from 1 to 16");
            config.captcha_length = value.get<int>();
            continue;
        }
        const auto field = abon::parse_field_id(key);
        if (!field) { std::cerr << "abon-validate: ignoring unknown key \"" << key << "\"\n"; continue; }
        if (!value.is_string()) return unreadable("\"" + key + "\" must be a string");
        input[*field] = value.get<std::string>();
    }

    const abon::FormVerdict verdict = abon::validate_form(input, config);
    nlohmann::json fields = nlohmann::json::object();
    for (std::size_t i = 0; i < abon::kFieldCount; ++i) {
        const auto f = static_cast<abon::Field>(i);
        if (verdict[f]) fields[std::string(abon::field_id(f))] = verdict_json(*verdict[f], f, lang);
    }
    const nlohmann::json out = {{"ok", verdict.ok()}, {"fields", fields}};
    // Invalid UTF-8 in the input is reported per field; replace it in any echo, never throw.
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
}
