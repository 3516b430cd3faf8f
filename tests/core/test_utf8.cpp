#include "vectors.hpp"

#include "abon/detail/utf8.hpp"

using namespace abon;

struct Utf8Row {
    const char* name;
    std::string bytes;
    bool valid;
};

TEST_CASE("UTF-8 decoding accepts exactly the well-formed sequences", "[utf8]") {
    const auto row = GENERATE(values<Utf8Row>({
        {"ASCII", "abc", true},
        {"Cyrillic", "Шевченко", true},
        {"four-byte emoji", "\xf0\x9f\x98\x80", true},
        {"the maximum code point", "\xf4\x8f\xbf\xbf", true},
        {"lone continuation byte", "\x80", false},
        {"truncated two-byte", "\xd0", false},
        {"truncated three-byte", "\xe2\x82", false},
        {"overlong slash", "\xc0\xaf", false},
        {"overlong three-byte", "\xe0\x80\xaf", false},
        {"high surrogate", "\xed\xa0\x80", false},
        {"low surrogate", "\xed\xbf\xbf", false},
        {"past U+10FFFF", "\xf4\x90\x80\x80", false},
        {"0xFF byte", "\xff", false},
        {"five-byte form", "\xf8\x88\x80\x80\x80", false},
    }));
    CAPTURE(row.name);
    const auto decoded = detail::decode_utf8(row.bytes);
    CHECK(decoded.has_value() == row.valid);
    if (decoded) CHECK(detail::encode_utf8(*decoded) == row.bytes);
}

TEST_CASE("white space is trimmed and collapsed, including no-break spaces", "[utf8]") {
    const auto d = detail::decode_utf8(" \u00a0Петренко \t  Стельмах\u202f ");
    REQUIRE(d);
    CHECK(detail::encode_utf8(detail::trim_collapse(*d)) == "Петренко Стельмах");
}

TEST_CASE("the 33 Ukrainian letters and nothing else", "[utf8]") {
    const auto upper = detail::decode_utf8("АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ");
    const auto lower = detail::decode_utf8("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя");
    REQUIRE(upper);
    REQUIRE(lower);
    CHECK(upper->size() == 33);
    for (std::size_t i = 0; i < upper->size(); ++i) {
        CHECK(detail::is_ukrainian_letter((*upper)[i]));
        CHECK(detail::is_ukrainian_letter((*lower)[i]));
        CHECK(detail::to_lower((*upper)[i]) == (*lower)[i]);
        CHECK(detail::to_upper((*lower)[i]) == (*upper)[i]);
    }
    for (char32_t cp : {U'Ё', U'ё', U'Ъ', U'ъ', U'Ы', U'ы', U'Э', U'э', U'a', U'1', U'ʼ'})
        CHECK_FALSE(detail::is_ukrainian_letter(cp));
}
