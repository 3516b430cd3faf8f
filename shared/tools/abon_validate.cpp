// abon-validate: one JSON object of field values on stdin → the core's verdicts on stdout
// (spec §3). Exit 0 with a verdict, 2 on unreadable input (message on stderr), 64 on a bad
// option.
#include "abon/validate_json.hpp"

#include <cstdio>
#include <iostream>
#include <string>

namespace {
constexpr std::size_t kMaxInputBytes = 16u << 20;
constexpr const char* kUsage = "usage: abon-validate [--lang uk|en] < input.json\n";
}  // namespace

int main(int argc, char** argv) {
    abon::Lang lang = abon::Lang::Uk;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") { std::cout << kUsage; return 0; }
        std::string value;
        if (arg == "--lang" && i + 1 < argc) value = argv[++i];
        else if (arg.rfind("--lang=", 0) == 0) value = arg.substr(7);
        else { std::cerr << "abon-validate: unknown option " << arg << "\n" << kUsage; return 64; }
        const auto parsed = abon::parse_lang(value);
        if (!parsed) { std::cerr << "abon-validate: --lang takes uk or en\n"; return 64; }
        lang = *parsed;
    }

    std::string text;
    char buffer[1 << 16];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, stdin)) {
        text.append(buffer, n);
        if (text.size() > kMaxInputBytes) {
            std::cerr << "abon-validate: input is larger than 16 MiB\n";
            return 2;
        }
    }
    const abon::JsonValidation r = abon::validate_json_text(text, lang);
    if (!r.readable) { std::cerr << "abon-validate: " << r.error << "\n"; return 2; }
    for (const auto& key : r.ignored_keys) std::cerr << "abon-validate: ignoring unknown key \"" << key << "\"\n";
    // Text inside the verdicts is the core's (valid UTF-8); replace rather than throw regardless.
    std::cout << r.output.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
}
