// abon-validate: one JSON object of field values on stdin → the core's verdicts on stdout
// (spec §3). Exit 0 with a verdict, 2 on unreadable input (message on stderr), 64 on a bad
// option. A thin program over the C library (abon/abon.h): what it prints is exactly
// what abon_validate_json() answers.
#include "abon/abon.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <string>

namespace {
constexpr std::size_t kMaxInputBytes = 16u << 20;
constexpr const char* kUsage = "usage: abon-validate [--lang uk|en] < input.json\n";

// The "error" of the library's {"error": …} answer, or the answer itself.
std::string error_text(const char* answer, std::size_t length) {
    const auto j = nlohmann::json::parse(answer, answer + length, nullptr, /*allow_exceptions=*/false);
    if (j.is_object() && j.contains("error") && j["error"].is_string()) return j["error"].get<std::string>();
    return std::string(answer, length);
}
}  // namespace

int main(int argc, char** argv) {
    std::string lang = "uk";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") { std::cout << kUsage; return 0; }
        if (arg == "--lang" && i + 1 < argc) lang = argv[++i];
        else if (arg.rfind("--lang=", 0) == 0) lang = arg.substr(7);
        else { std::cerr << "abon-validate: unknown option " << arg << "\n" << kUsage; return 64; }
        if (lang != "uk" && lang != "en") { std::cerr << "abon-validate: --lang takes uk or en\n"; return 64; }
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
    char* out = nullptr;
    std::size_t out_len = 0;
    const int code = abon_validate_json(text.data(), text.size(), lang.c_str(), &out, &out_len);
    if (code == ABON_OK) std::fwrite(out, 1, out_len, stdout);
    else std::cerr << "abon-validate: " << (out ? error_text(out, out_len) : "out of memory") << "\n";
    abon_free(out);
    return code;  // the result codes are the exit codes: 0, 2, 64, 70
}
