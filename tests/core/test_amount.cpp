#include "vectors.hpp"

#include "abon/amount.hpp"

using namespace abon;

TEST_CASE("accepted amounts become integer kopecks", "[amount]") {
    const auto row = GENERATE(from_range(test::valid_rows("vectors/amount.json")));
    CAPTURE(row.name);
    const Verdict v = validate_amount(row.input);
    REQUIRE(v.code == ErrorCode::Ok);
    REQUIRE(v.kopecks.has_value());
    CHECK(*v.kopecks == row.value.get<std::int64_t>());
    CHECK(v.value == format_kopecks(*v.kopecks));
    CHECK(is_valid_amount(row.input));
}

TEST_CASE("rejected amounts give the exact code", "[amount]") {
    const auto row = GENERATE(from_range(test::invalid_rows("vectors/amount.json")));
    CAPTURE(row.name);
    const Verdict v = validate_amount(row.input);
    CHECK(error_id(v.code) == row.code);
    CHECK_FALSE(v.kopecks.has_value());
    CHECK_FALSE(is_valid_amount(row.input));
}

struct FormatRow {
    std::int64_t kopecks;
    const char* text;
};

TEST_CASE("kopecks are shown as hryvnias with a space between thousands", "[amount]") {
    const auto row = GENERATE(values<FormatRow>({
        {1, "0,01"}, {100, "1,00"}, {123456, "1 234,56"}, {100000000, "1 000 000,00"},
        {99999, "999,99"}, {-5050, "-50,50"}, {0, "0,00"},
    }));
    CAPTURE(row.kopecks);
    CHECK(format_kopecks(row.kopecks) == row.text);
}

TEST_CASE("every accepted amount survives a round trip through its display form", "[amount]") {
    for (std::int64_t k : {1LL, 99LL, 100LL, 123456LL, 99999999LL, 100000000LL}) {
        CAPTURE(k);
        const Verdict v = validate_amount(format_kopecks(k));
        REQUIRE(v.kopecks);
        CHECK(*v.kopecks == k);
    }
}

TEST_CASE("hostile amounts are rejected without a crash", "[amount][hostile]") {
    CHECK(validate_amount(std::string(1u << 20, '9')).code == ErrorCode::AmountTooLarge);
    CHECK(validate_amount(std::string(1u << 20, ' ')).code == ErrorCode::Required);
    CHECK(validate_amount("12\xc3").code == ErrorCode::InvalidUtf8);
    CHECK(validate_amount("1234,56\xe2\x80\xae").code == ErrorCode::AmountInvalid);  // bidi override
}
