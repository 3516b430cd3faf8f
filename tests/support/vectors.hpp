// Test vectors: JSON files under tests/vectors, shared by the core, server and browser tests.
//
// Each tests/vectors/<field>.json is
//   {"field": "surname",
//    "valid":   [{"input": "шевченко", "value": "Шевченко"}],          value: string or kopecks
//    "invalid": [{"input": "Shevchenko", "code": "name_latin_letters"}]}
// and a row may add "config" (RuleConfig keys: apostrophe, patronymic_optional,
// captcha_length), "suggestion", "warnings" (ids) and "note"; "field" for its own field,
// and the personal data or the pair it is checked with ("surname", "account", "email",
// "password"). endpoint.json ("allowed", "refused") and reply.json ("rows") hold no
// field's values: the C library's tests, which read every valid and invalid row, skip them.
#pragma once

#include "abon/errors.hpp"
#include "abon/verdict.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace abon::test {

std::string read_file(const std::string& path_in_tests);           // tests/<path>
nlohmann::json load_json(const std::string& path_in_tests);        // tests/<path>, noted as read

// A suite whose full run must read every tests/vectors/*.json through load_json() says so
// once (the core's); the shared main then fails the run over any file left unread.
bool require_every_vectors_file();
std::vector<std::string> vectors_not_read();  // "vectors/x.json"; empty unless required

struct ValidRow {
    std::string name;          // for CAPTURE: the note or the input
    std::string input;
    nlohmann::json value;      // canonical value (string or integer)
    RuleConfig config;
    std::string suggestion;
    std::vector<std::string> warnings;
};
struct InvalidRow {
    std::string name;
    std::string input;
    std::string code;          // expected error id
    RuleConfig config;
    std::string suggestion;
};

std::vector<ValidRow> valid_rows(const std::string& vector_file);     // "vectors/name.json"
std::vector<InvalidRow> invalid_rows(const std::string& vector_file);
RuleConfig rule_config_from_json(const nlohmann::json& j);

std::vector<std::string> warning_ids(const Verdict& v);
std::string repeat(std::string_view unit, std::size_t times);  // hostile-input builder

}  // namespace abon::test

namespace Catch {
template <> struct StringMaker<abon::ErrorCode> {
    static std::string convert(abon::ErrorCode c) { return std::string(abon::error_id(c)); }
};
}  // namespace Catch
