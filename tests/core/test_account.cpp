#include "vectors.hpp"

#include "abon/account.hpp"

using namespace abon;

TEST_CASE("accepted account numbers become D-DDD-DD-D", "[account]") {
    const auto row = GENERATE(from_range(test::valid_rows("vectors/account.json")));
    CAPTURE(row.name);
    const Verdict v = validate_account(row.input);
    CHECK(v.code == ErrorCode::Ok);
    CHECK(v.value == row.value.get<std::string>());
    CHECK(is_valid_account(row.input));
}

TEST_CASE("rejected account numbers give the exact code", "[account]") {
    const auto row = GENERATE(from_range(test::invalid_rows("vectors/account.json")));
    CAPTURE(row.name);
    const Verdict v = validate_account(row.input);
    CHECK(error_id(v.code) == row.code);
    CHECK(v.value.empty());
    CHECK_FALSE(is_valid_account(row.input));
}

TEST_CASE("the digit-count message says how many digits and the format", "[account]") {
    const Verdict v = validate_account("12345");
    CHECK(describe(v, Lang::Uk) == "Введіть 7 цифр у форматі Х-ХХХ-ХХ-Х");
    CHECK(describe(v, Lang::En) == "Enter 7 digits in the format X-XXX-XX-X");
}

struct MaskRow {
    const char* name;
    const char* typed;
    std::size_t caret;
    const char* text;
    std::size_t masked_caret;
};

TEST_CASE("the account mask puts dashes in as the user types", "[account]") {
    const auto row = GENERATE(values<MaskRow>({
        {"first digit", "1", 1, "1", 1},
        {"second digit brings the first dash", "12", 2, "1-2", 3},
        {"typing on", "1-2345", 6, "1-234-5", 7},
        {"all seven", "1-234-567", 9, "1-234-56-7", 10},
        {"an eighth digit is dropped", "1-234-56-78", 11, "1-234-56-7", 10},
        {"letters are dropped", "1a2", 3, "1-2", 3},
        {"paste with spaces", "123 45 67", 9, "1-234-56-7", 10},
        {"caret inside stays after the same digit", "1-2394-56-7", 5, "1-239-45-6", 5},
        {"backspace over a dash", "12-34", 1, "1-234", 1},
        {"caret at the start", "1234567", 0, "1-234-56-7", 0},
        {"empty", "", 0, "", 0},
    }));
    CAPTURE(row.name);
    const MaskedText m = mask_account_input(row.typed, row.caret);
    CHECK(m.text == row.text);
    CHECK(m.caret == row.masked_caret);
}

TEST_CASE("a megabyte of digits is rejected quickly", "[account][hostile]") {
    const std::string huge(1u << 20, '7');
    CHECK(validate_account(huge).code == ErrorCode::AccountDigitCount);
    CHECK(mask_account_input(huge, huge.size()).text == "7-777-77-7");
}

TEST_CASE("invalid UTF-8 in the account is an error, not a crash", "[account][hostile]") {
    CHECK(validate_account("123\xff" "4567").code == ErrorCode::InvalidUtf8);
    CHECK(validate_account("\xed\xa0\x80" "1234567").code == ErrorCode::InvalidUtf8);  // lone surrogate
}
