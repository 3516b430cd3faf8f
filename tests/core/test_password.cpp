// The password rule (spec §2.3): the shared vectors (with the personal data a row names),
// bytes that JSON cannot carry, the confirmation, the common list and the strength hint.
#include "abon/password.hpp"

#include "vectors.hpp"

#include <algorithm>
#include <string>
#include <vector>

using abon::ErrorCode;
using abon::Strength;
using abon::Verdict;

namespace {

// A password.json row: the vectors' common keys plus "surname", "account", "email" and
// "caps_lock", which only this rule reads.
struct PasswordRow {
    std::string name;
    std::string input;
    std::string code;  // "ok" for the valid table
    std::vector<std::string> warnings;
    std::string surname, account, email;
    bool caps_lock = false;

    abon::PersonalData personal() const { return {surname, account, email}; }
};

std::vector<PasswordRow> password_rows(const char* table) {
    std::vector<PasswordRow> rows;
    const nlohmann::json vectors = abon::test::load_json("vectors/password.json");  // outlives the loop
    for (const auto& r : vectors.at(table)) {
        PasswordRow row;
        row.input = r.at("input").get<std::string>();
        row.name = r.value("note", std::string()) + ": " + row.input;
        row.code = r.value("code", std::string("ok"));
        row.warnings = r.value("warnings", std::vector<std::string>());
        row.surname = r.value("surname", std::string());
        row.account = r.value("account", std::string());
        row.email = r.value("email", std::string());
        row.caps_lock = r.value("caps_lock", false);
        rows.push_back(std::move(row));
    }
    return rows;
}

struct BytesRow {
    std::string name;
    std::string input;
    ErrorCode code;
};

using abon::test::repeat;

constexpr std::size_t kMegabyte = 1 << 20;

struct ConfirmRow {
    std::string name;
    std::string password;
    std::string confirm;
    ErrorCode code;
};

struct CommonRow {
    std::string input;
    bool common;
};

struct StrengthRow {
    std::string input;
    Strength strength;
};

}  // namespace

TEST_CASE("password: valid vectors are accepted, with their warnings", "[password]") {
    const auto row = GENERATE(from_range(password_rows("valid")));
    CAPTURE(row.name, row.surname, row.account, row.email);
    const Verdict v = abon::validate_password(row.input, row.personal(), row.caps_lock);
    CHECK(v.code == ErrorCode::Ok);
    CHECK(v.value.empty());  // a password is never echoed into a verdict
    CHECK(abon::test::warning_ids(v) == row.warnings);
}

TEST_CASE("password: invalid vectors give their exact error code", "[password]") {
    const auto row = GENERATE(from_range(password_rows("invalid")));
    CAPTURE(row.name, row.surname, row.account, row.email);
    const Verdict v = abon::validate_password(row.input, row.personal(), row.caps_lock);
    CHECK(abon::error_id(v.code) == row.code);
    CHECK(v.value.empty());
    CHECK(v.detail.empty());
    CHECK(abon::test::warning_ids(v) == row.warnings);
    const bool personal = !row.surname.empty() || !row.account.empty() || !row.email.empty();
    if (!personal) CHECK(abon::password_strength(row.input) == Strength::Weak);  // the hint agrees
}

TEST_CASE("password: hostile bytes and megabyte inputs", "[password]") {
    // Rows JSON cannot hold. The megabyte rows finish in milliseconds: every pass is linear.
    const auto row = GENERATE(values<BytesRow>({
        {"0xFF byte", "kvitka2024\xff", ErrorCode::InvalidUtf8},
        {"overlong NUL", "kvitka\xc0\x80" "2024", ErrorCode::InvalidUtf8},
        {"surrogate", "kvitka2024\xed\xa0\x80", ErrorCode::InvalidUtf8},
        {"cut-short sequence", "kvitka2024\xf0\x9f\x98", ErrorCode::InvalidUtf8},
        {"1 MB of letters", repeat("a", kMegabyte), ErrorCode::PasswordTooLong},
        {"1 MB of letter and digit", repeat("a1", kMegabyte / 2), ErrorCode::PasswordTooLong},
        {"1 MB of Cyrillic", repeat("ї1", kMegabyte / 3), ErrorCode::PasswordTooLong},
        {"1 MB ending in NUL", repeat("a1", kMegabyte / 2) + std::string(1, '\0'),
         ErrorCode::PasswordNotPrintable},
        {"1 MB of zero-width spaces", repeat("\u200b", kMegabyte / 3), ErrorCode::PasswordNotPrintable},
    }));
    CAPTURE(row.name);
    CHECK(abon::validate_password(row.input).code == row.code);
    CHECK(abon::password_strength(row.input) == Strength::Weak);
}

TEST_CASE("password: megabyte personal data is no trouble", "[password]") {
    const std::string huge = repeat("Шевченко", kMegabyte / 16);
    const std::string email = huge + "@ukr.net";  // PersonalData holds views: the text must outlive it
    const abon::PersonalData personal{huge, huge, email};
    CHECK(abon::validate_password("Kvitka-2024-pole", personal).ok());
}

TEST_CASE("password: the confirmation must be the same bytes", "[password]") {
    const auto row = GENERATE(values<ConfirmRow>({
        {"same", "Kvitka-2024", "Kvitka-2024", ErrorCode::Ok},
        {"case differs", "Kvitka-2024", "kvitka-2024", ErrorCode::PasswordMismatch},
        {"a trailing space differs", "Kvitka-2024", "Kvitka-2024 ", ErrorCode::PasswordMismatch},
        {"first field empty", "", "Kvitka-2024", ErrorCode::PasswordMismatch},
        {"empty", "Kvitka-2024", "", ErrorCode::Required},
    }));
    CAPTURE(row.name);
    const Verdict v = abon::validate_password_confirm(row.password, row.confirm);
    CHECK(v.code == row.code);
    CHECK(v.value.empty());
}

TEST_CASE("password: the common list is compiled in, sorted and case-insensitive", "[password]") {
    const auto row = GENERATE(values<CommonRow>({
        {"123456", true},          // first in the list
        {"password", true},
        {"PassWord", true},
        {"qwertyuiop", true},
        {"йцукенгшщз", true},      // qwertyuiop on the Ukrainian layout
        {"a1b2c3d4", true},
        {"kvitka-2024", false},
        {"", false},
        {"password\xff", false},   // not UTF-8
    }));
    CAPTURE(row.input);
    CHECK(abon::is_common_password(row.input) == row.common);
}

TEST_CASE("password: every line of the data file is found", "[password]") {
    const std::string text = abon::test::read_file("../shared/data/common-passwords.txt");
    std::size_t lines = 0, start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        if (line.empty()) continue;
        ++lines;
        INFO(line);
        CHECK(abon::is_common_password(line));
    }
    CHECK(lines == 1000);
}

TEST_CASE("password: nothing beside a line of the data file is found", "[password]") {
    // The list is one string searched line by line: a password one byte longer or
    // shorter than a listed one, or between two of them, must not match.
    const std::string text = abon::test::read_file("../shared/data/common-passwords.txt");
    std::vector<std::string> listed;
    for (std::size_t start = 0; start < text.size();) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        if (end > start) listed.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    const auto is_listed = [&](const std::string& p) { return std::find(listed.begin(), listed.end(), p) != listed.end(); };
    for (const std::string& line : listed) {
        INFO(line);
        for (const std::string& near : {line + "\x01", line + "~", line.substr(0, line.size() - 1), "!" + line})
            if (!near.empty() && !is_listed(near)) CHECK_FALSE(abon::is_common_password(near));
    }
}

TEST_CASE("password: the strength hint", "[password]") {
    const auto row = GENERATE(values<StrengthRow>({
        {"", Strength::Weak},
        {"abc1", Strength::Weak},                  // refused: too short
        {"password1", Strength::Weak},             // refused: common
        {"aaaaaaaaaaa1", Strength::Weak},          // a run counts half
        {"12345678a", Strength::Weak},
        {"h7k2m9p4", Strength::Fair},
        {"Xq7#mK2!", Strength::Fair},              // under 12 is at most Fair
        {"Kvitka2024xy", Strength::Good},
        {"kvitka-2024-pole", Strength::Strong},
        {"correct horse battery 7 staple", Strength::Strong},
    }));
    CAPTURE(row.input);
    CHECK(abon::strength_id(abon::password_strength(row.input)) == abon::strength_id(row.strength));
}

TEST_CASE("password: strength ids and labels", "[password]") {
    struct LabelRow {
        Strength strength;
        std::string id, uk, en;
    };
    const auto row = GENERATE(values<LabelRow>({
        {Strength::Weak, "weak", "Слабкий", "Weak"},
        {Strength::Fair, "fair", "Посередній", "Fair"},
        {Strength::Good, "good", "Добрий", "Good"},
        {Strength::Strong, "strong", "Надійний", "Strong"},
    }));
    CAPTURE(row.id);
    CHECK(abon::strength_id(row.strength) == row.id);
    CHECK(abon::strength_label(row.strength, abon::Lang::Uk) == row.uk);
    CHECK(abon::strength_label(row.strength, abon::Lang::En) == row.en);
}
