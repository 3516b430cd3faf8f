#include "vectors.hpp"

#include <filesystem>
#include <set>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace abon::test {

std::string read_file(const std::string& path_in_tests) {
    const std::string path = std::string(ABON_TESTS_DIR) + "/" + path_in_tests;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

namespace {
struct VectorsRead {
    bool required = false;
    std::set<std::string> files;
};
VectorsRead& vectors_read() {
    static VectorsRead read;
    return read;
}
}  // namespace

nlohmann::json load_json(const std::string& path_in_tests) {
    nlohmann::json doc = nlohmann::json::parse(read_file(path_in_tests));
    vectors_read().files.insert(path_in_tests);
    return doc;
}

bool require_every_vectors_file() {
    vectors_read().required = true;
    return true;
}

std::vector<std::string> vectors_not_read() {
    std::vector<std::string> unread;
    if (!vectors_read().required) return unread;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(ABON_TESTS_DIR) + "/vectors")) {
        const std::string file = "vectors/" + entry.path().filename().string();
        if (entry.path().extension() == ".json" && !vectors_read().files.count(file)) unread.push_back(file);
    }
    return unread;
}

RuleConfig rule_config_from_json(const nlohmann::json& j) {
    RuleConfig c;
    if (!j.is_object()) return c;
    if (j.contains("apostrophe")) c.apostrophe = j.at("apostrophe").get<std::string>();
    if (j.contains("patronymic_optional")) c.patronymic_optional = j.at("patronymic_optional").get<bool>();
    if (j.contains("captcha_length")) c.captcha_length = j.at("captcha_length").get<int>();
    if (j.contains("captcha_alphabet")) c.captcha_alphabet = j.at("captcha_alphabet").get<std::string>();
    return c;
}

namespace {
std::string row_name(const nlohmann::json& row) {
    if (row.contains("note")) return row.at("note").get<std::string>() + ": " + row.at("input").get<std::string>();
    return row.at("input").get<std::string>();
}
}  // namespace

std::vector<ValidRow> valid_rows(const std::string& vector_file) {
    std::vector<ValidRow> rows;
    const nlohmann::json doc = load_json(vector_file);  // keep alive: the loop reads into it
    for (const auto& r : doc.at("valid")) {
        ValidRow row{row_name(r), r.at("input").get<std::string>(), r.at("value"),
                     rule_config_from_json(r.value("config", nlohmann::json::object())),
                     r.value("suggestion", std::string()), {}};
        if (r.contains("warnings")) row.warnings = r.at("warnings").get<std::vector<std::string>>();
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<InvalidRow> invalid_rows(const std::string& vector_file) {
    std::vector<InvalidRow> rows;
    const nlohmann::json doc = load_json(vector_file);
    for (const auto& r : doc.at("invalid"))
        rows.push_back({row_name(r), r.at("input").get<std::string>(), r.at("code").get<std::string>(),
                        rule_config_from_json(r.value("config", nlohmann::json::object())),
                        r.value("suggestion", std::string())});
    return rows;
}

std::vector<std::string> warning_ids(const Verdict& v) {
    std::vector<std::string> ids;
    for (ErrorCode w : v.warnings) ids.emplace_back(error_id(w));
    return ids;
}

std::string repeat(std::string_view unit, std::size_t times) {
    std::string out;
    out.reserve(unit.size() * times);
    for (std::size_t i = 0; i < times; ++i) out += unit;
    return out;
}

}  // namespace abon::test
