// The email rule (spec §2.4): the shared vectors, the public corpus, bytes that JSON
// cannot carry (invalid UTF-8, megabyte inputs), the confirmation and the suggestions.
#include "abon/email.hpp"

#include "vectors.hpp"

#include <optional>
#include <string>
#include <vector>

using abon::ErrorCode;
using abon::Verdict;

namespace {

struct CorpusRow {
    std::string email;
    bool valid;
    std::string source;
};

std::vector<CorpusRow> corpus_rows() {
    std::vector<CorpusRow> rows;
    const nlohmann::json corpus = abon::test::load_json("corpora/emails.json");  // outlives the loop
    for (const auto& c : corpus.at("cases"))
        rows.push_back({c.at("email").get<std::string>(), c.at("valid").get<bool>(),
                        c.value("source", std::string())});
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
    std::string email;
    std::string confirm;
    ErrorCode code;
};

struct SuggestRow {
    std::string input;
    std::optional<std::string> suggestion;
};

}  // namespace

TEST_CASE("email: valid vectors are accepted with their canonical value", "[email]") {
    const auto row = GENERATE(from_range(abon::test::valid_rows("vectors/email.json")));
    CAPTURE(row.name);
    const Verdict v = abon::validate_email(row.input);
    CHECK(v.code == ErrorCode::Ok);
    CHECK(v.value == row.value.get<std::string>());
    CHECK(abon::test::warning_ids(v) == row.warnings);
    CHECK(v.suggestion == row.suggestion);
    CHECK(abon::is_valid_email(row.input));
    CHECK(abon::suggest_email(row.input).value_or("") == row.suggestion);
    if (v.has_warning(ErrorCode::EmailTypo)) {
        CHECK(v.detail == v.suggestion);  // the message names the corrected address
        CHECK(abon::describe(v, ErrorCode::EmailTypo, abon::Lang::Uk).find(v.suggestion) !=
              std::string::npos);
    }
}

TEST_CASE("email: invalid vectors give their exact error code", "[email]") {
    const auto row = GENERATE(from_range(abon::test::invalid_rows("vectors/email.json")));
    CAPTURE(row.name);
    const Verdict v = abon::validate_email(row.input);
    CHECK(abon::error_id(v.code) == row.code);
    CHECK(v.value.empty());
    CHECK(v.warnings.empty());
    CHECK(v.suggestion == row.suggestion);
    CHECK_FALSE(abon::is_valid_email(row.input));
}

TEST_CASE("email: every case of the public corpus gets its verdict", "[email]") {
    const auto row = GENERATE(from_range(corpus_rows()));
    CAPTURE(row.email, row.source);
    CHECK(abon::validate_email(row.email).ok() == row.valid);
    CHECK(abon::is_valid_email(row.email) == row.valid);
}

TEST_CASE("email: hostile bytes and megabyte inputs are refused", "[email]") {
    // Rows JSON cannot hold. The megabyte rows finish in milliseconds: every pass is linear.
    const auto row = GENERATE(values<BytesRow>({
        {"0xFF byte", "taras@ukr.net\xff", ErrorCode::InvalidUtf8},
        {"overlong '/'", "\xc0\xaftaras@ukr.net", ErrorCode::InvalidUtf8},
        {"surrogate", "taras@\xed\xa0\x80.com", ErrorCode::InvalidUtf8},
        {"cut-short sequence", "taras@ukr.ne\xd0", ErrorCode::InvalidUtf8},
        {"NUL inside", std::string("tar\0as@ukr.net", 14), ErrorCode::InvalidUtf8},
        {"1 MB local part", repeat("a", kMegabyte) + "@ukr.net", ErrorCode::EmailTooLong},
        {"1 MB domain", "a@" + repeat("b", kMegabyte) + ".com", ErrorCode::EmailTooLong},
        {"1 MB of labels", "a@" + repeat("b.", kMegabyte / 2) + "com", ErrorCode::EmailTooLong},
        {"1 MB Cyrillic domain", "a@" + repeat("ї", kMegabyte / 2) + ".укр", ErrorCode::EmailTooLong},
        {"1 MB of @", repeat("@", kMegabyte), ErrorCode::EmailInvalid},
        {"1 MB of dots", "a@" + repeat(".", kMegabyte), ErrorCode::EmailTooLong},
        {"1 MB of spaces", repeat(" ", kMegabyte), ErrorCode::Required},
        {"1 MB without @", repeat("ab", kMegabyte / 2), ErrorCode::EmailInvalid},
        {"1 MB of emoji", repeat("😀", kMegabyte / 4), ErrorCode::EmailInvalid},
    }));
    CAPTURE(row.name);
    CHECK(abon::validate_email(row.input).code == row.code);
    CHECK_FALSE(abon::is_valid_email(row.input));
    CHECK_FALSE(abon::suggest_email(row.input).has_value());
}

TEST_CASE("email: the confirmation must name the same mailbox", "[email]") {
    const auto row = GENERATE(values<ConfirmRow>({
        {"same", "taras@ukr.net", "taras@ukr.net", ErrorCode::Ok},
        {"spaces and domain case", "taras@ukr.net", " taras@UKR.NET ", ErrorCode::Ok},
        {"Cyrillic domain case", "taras@пошта.укр", "taras@ПОШТА.УКР", ErrorCode::Ok},
        {"local part case matters", "Taras@ukr.net", "taras@ukr.net", ErrorCode::EmailMismatch},
        {"other domain", "taras@ukr.net", "taras@ukr.ne", ErrorCode::EmailMismatch},
        {"first field empty", "", "taras@ukr.net", ErrorCode::EmailMismatch},
        {"empty", "taras@ukr.net", "", ErrorCode::Required},
        {"only spaces", "taras@ukr.net", "   ", ErrorCode::Required},
        {"invalid UTF-8", "taras@ukr.net", "taras@ukr.net\xff", ErrorCode::InvalidUtf8},
    }));
    CAPTURE(row.name);
    const Verdict v = abon::validate_email_confirm(row.email, row.confirm);
    CHECK(v.code == row.code);
    if (v.ok()) CHECK(v.value == abon::validate_email(row.email).value);
}

TEST_CASE("email: suggest_email fixes provider typos and nothing else", "[email]") {
    const auto row = GENERATE(values<SuggestRow>({
        {"taras@gmial.com", "taras@gmail.com"},
        {" taras@GMAIL.CON ", "taras@gmail.com"},
        {"taras@gmailcom", "taras@gmail.com"},
        {"taras@ukrnet", "taras@ukr.net"},
        {"taras@protonmail.co", "taras@protonmail.com"},
        {"taras@gmail.com", std::nullopt},
        {"taras@ukr.net", std::nullopt},
        {"taras@poltava.ua", std::nullopt},
        {"taras@u.ua", "taras@i.ua"},
        {"taras@ab.ua", std::nullopt},
        {"@gmial.com", std::nullopt},
        {"taras@", std::nullopt},
        {"no at sign", std::nullopt},
    }));
    CAPTURE(row.input);
    CHECK(abon::suggest_email(row.input) == row.suggestion);
}
