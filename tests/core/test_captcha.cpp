// CAPTCHA answers (spec §2.5): the shared vectors and the messages' details.
#include "vectors.hpp"

#include "abon/captcha.hpp"

using namespace abon;

TEST_CASE("valid CAPTCHA answers give the upper-case letters", "[captcha]") {
    const auto row = GENERATE(from_range(test::valid_rows("vectors/captcha.json")));
    CAPTURE(row.name);
    const Verdict v = validate_captcha(row.input, row.config.captcha_length, row.config.captcha_alphabet);
    CHECK(v.code == ErrorCode::Ok);
    CHECK(v.value == row.value.get<std::string>());
}

TEST_CASE("invalid CAPTCHA answers give their exact error code", "[captcha]") {
    const auto row = GENERATE(from_range(test::invalid_rows("vectors/captcha.json")));
    CAPTURE(row.name);
    const Verdict v = validate_captcha(row.input, row.config.captcha_length, row.config.captcha_alphabet);
    CHECK(error_id(v.code) == row.code);
    CHECK(v.value.empty());
}

TEST_CASE("a wrong CAPTCHA length names the length to type", "[captcha]") {
    CHECK(validate_captcha("KXRT", 5).detail == "5");
    CHECK(describe(validate_captcha("KXRT", 5), Lang::Uk) == "Введіть 5 літер з картинки");
    CHECK(validate_captcha(std::string(17, 'A')).detail == "1–16");
    CHECK(validate_captcha("KXRTA", 5).detail.empty());
}

TEST_CASE("bytes that are not UTF-8 are invalid text in a CAPTCHA answer", "[captcha]") {
    CHECK(validate_captcha("KX\xFFRTA").code == ErrorCode::InvalidUtf8);
    CHECK(validate_captcha("\xD0").code == ErrorCode::InvalidUtf8);
}

TEST_CASE("a 1 MB CAPTCHA answer is judged in one pass", "[captcha]") {
    CHECK(validate_captcha(std::string(1 << 20, 'a'), 5).code == ErrorCode::CaptchaLength);
    CHECK(validate_captcha(std::string(1 << 20, ' ') + "kxrta", 5).value == "KXRTA");
}

TEST_CASE("map_captcha_input shows what will be sent while typing", "[captcha]") {
    struct Row {
        std::string typed, shown;
    };
    const auto row = GENERATE(values<Row>({
        {"фиcd", "ABCD"},
        {"k x", "K X"},
        {"ЙЦУКЕН", "QWERTY"},
        {"1-2!", "1-2!"},           // other characters kept: the rule reports them
        {"хїґ", "хїґ"},            // Ukrainian letters on non-letter keys kept
        {"a\xFF", "A\xFF"},         // not UTF-8: ASCII upper-cased, the rest kept
        {"", ""},
    }));
    CAPTURE(row.typed);
    CHECK(map_captcha_input(row.typed) == row.shown);
}

TEST_CASE("with the challenge's alphabet, typing shows the member each Cyrillic letter means", "[captcha]") {
    struct Row {
        std::string typed, shown;
    };
    const auto row = GENERATE(values<Row>({
        {"МАКЕР", "MAKEP"},  // issue 24: the look-alikes a phone user taps
        {"ьфлуз", "MAKEP"},  // the same letters by key position
        {"ОН", "ОН"},        // no member: kept, so the rule reports them
        {"fo", "fo"},        // Latin outside the alphabet: kept (the session upper-cases it)
    }));
    CAPTURE(row.typed);
    CHECK(map_captcha_input(row.typed, "ABCEGKMNPUWXZ") == row.shown);
}

TEST_CASE("an alphabet clashes when one Cyrillic letter could mean two of its members", "[captcha]") {
    CHECK(captcha_alphabet_clashes("ABCEGKMNPUWXZ").empty());  // the demo's (issue 24)
    // The old demo alphabet: А (A/F), Е (E/T), К (K/R), Н (H/Y), Р (P/H), Т (T/N), У (Y/E).
    CHECK(captcha_alphabet_clashes("ACEFGHKMNPRTWXY") == "АЕКНРТУ");
    CHECK(captcha_alphabet_clashes("AF") == "А");
    CHECK(is_captcha_alphabet("ABCEGKMNPUWXZ"));
    for (const char* bad : {"", "A", "AA", "AbC", "AB1", "ABCDEFGHIJKLMNOPQRSTUVWXYZA"}) {
        CAPTURE(bad);
        CHECK_FALSE(is_captcha_alphabet(bad));
    }
}
