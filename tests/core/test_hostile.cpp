// Hostile input against every rule: each row gets a clear error code per field, none
// crashes, none is accepted as a name, account, CAPTCHA or amount.
#include "vectors.hpp"

#include "abon/account.hpp"
#include "abon/amount.hpp"
#include "abon/captcha.hpp"
#include "abon/email.hpp"
#include "abon/name.hpp"
#include "abon/password.hpp"

using namespace abon;

namespace {

using abon::test::repeat;

struct HostileRow {
    const char* name;
    std::string input;
    ErrorCode as_name, as_account, as_captcha, as_amount, as_email;
};

constexpr auto U = ErrorCode::InvalidUtf8;

}  // namespace

TEST_CASE("hostile input gets a clear error in every field", "[hostile]") {
    const auto row = GENERATE(values<HostileRow>({
        {"1 MB of Latin letters", std::string(1u << 20, 'a'), ErrorCode::NameLatinLetters,
         ErrorCode::AccountInvalidChars, ErrorCode::CaptchaLength, ErrorCode::AmountInvalid, ErrorCode::EmailInvalid},
        {"1 MB of Cyrillic", repeat("ж", 1u << 19), ErrorCode::NameTooLong, ErrorCode::AccountInvalidChars,
         ErrorCode::CaptchaInvalidChars, ErrorCode::AmountInvalid, ErrorCode::EmailInvalid},
        {"invalid UTF-8 byte", "Тарас\xff", U, U, U, U, U},
        {"truncated UTF-8", "Тарас\xd0", U, U, U, U, U},
        {"lone high surrogate", "Тар\xed\xa0\x80", U, U, U, U, U},
        {"lone low surrogate", "\xed\xbf\xbf" "123", U, U, U, U, U},
        {"overlong encoding", "\xc0\xaf" "етро", U, U, U, U, U},
        {"right-to-left override", "Тарас\u202e", U, ErrorCode::AccountInvalidChars, U, ErrorCode::AmountInvalid, U},
        {"bidi isolates", "\u2066Тарас\u2069", U, ErrorCode::AccountInvalidChars, U, ErrorCode::AmountInvalid, U},
        {"zero-width space", "Тар\u200bас", U, ErrorCode::AccountInvalidChars, U, ErrorCode::AmountInvalid, U},
        {"zero-width joiner", "Тар\u200dас", U, ErrorCode::AccountInvalidChars, U, ErrorCode::AmountInvalid, U},
        {"byte order mark", "\ufeffТарас", U, ErrorCode::AccountInvalidChars, U, ErrorCode::AmountInvalid, U},
        {"NUL inside", std::string("Тар\0ас", 11), U, ErrorCode::AccountInvalidChars, U, ErrorCode::AmountInvalid, U},
        {"combining acute", "Тара\u0301с", ErrorCode::NameInvalidChars, ErrorCode::AccountInvalidChars,
         ErrorCode::CaptchaInvalidChars, ErrorCode::AmountInvalid, ErrorCode::EmailInvalid},
        {"combining mark alone", "\u0301", ErrorCode::NameInvalidChars, ErrorCode::AccountInvalidChars,
         ErrorCode::CaptchaInvalidChars, ErrorCode::AmountInvalid, ErrorCode::EmailInvalid},
        {"emoji", "Тарас😀", ErrorCode::NameInvalidChars, ErrorCode::AccountInvalidChars,
         ErrorCode::CaptchaInvalidChars, ErrorCode::AmountInvalid, ErrorCode::EmailInvalid},
        {"markup", "<script>alert(1)</script>", ErrorCode::NameLatinLetters, ErrorCode::AccountInvalidChars,
         ErrorCode::CaptchaInvalidChars, ErrorCode::AmountInvalid, ErrorCode::EmailInvalid},
        {"SQL-looking text", "'; DROP TABLE users; --", ErrorCode::NameLatinLetters,
         ErrorCode::AccountInvalidChars, ErrorCode::CaptchaInvalidChars, ErrorCode::AmountInvalid,
         ErrorCode::EmailInvalid},
        {"full-width digits", "１２３４５６７", ErrorCode::NameDigits, ErrorCode::AccountInvalidChars,
         ErrorCode::CaptchaInvalidChars, ErrorCode::AmountInvalid, ErrorCode::EmailInvalid},
        {"Arabic-Indic digits", "١٢٣٤٥٦٧", ErrorCode::NameInvalidChars, ErrorCode::AccountInvalidChars,
         ErrorCode::CaptchaInvalidChars, ErrorCode::AmountInvalid, ErrorCode::EmailInvalid},
        {"exponent", "1e5", ErrorCode::NameLatinLetters, ErrorCode::AccountInvalidChars,
         ErrorCode::CaptchaInvalidChars, ErrorCode::AmountInvalid, ErrorCode::EmailInvalid},
        {"NaN", "NaN", ErrorCode::NameLatinLetters, ErrorCode::AccountInvalidChars, ErrorCode::CaptchaLength,
         ErrorCode::AmountInvalid, ErrorCode::EmailInvalid},
        {"Infinity", "Infinity", ErrorCode::NameLatinLetters, ErrorCode::AccountInvalidChars,
         ErrorCode::CaptchaLength, ErrorCode::AmountInvalid, ErrorCode::EmailInvalid},
        {"negative zero", "-0", ErrorCode::NameDigits, ErrorCode::AccountDigitCount,
         ErrorCode::CaptchaInvalidChars, ErrorCode::AmountNotPositive, ErrorCode::EmailInvalid},
    }));
    CAPTURE(row.name);
    CHECK(validate_name(row.input).code == row.as_name);
    CHECK(validate_account(row.input).code == row.as_account);
    CHECK(validate_captcha(row.input, 5).code == row.as_captcha);  // the server declares 5 letters
    CHECK(validate_amount(row.input).code == row.as_amount);
    CHECK(validate_email(row.input).code == row.as_email);
    const Verdict pw = validate_password(row.input);
    CHECK(pw.value.empty());  // a password is never echoed, whatever it holds
}

TEST_CASE("invisible characters in a password are refused, visible symbols allowed", "[hostile][password]") {
    CHECK(validate_password("Secret\u202e12345").code == ErrorCode::PasswordNotPrintable);
    CHECK(validate_password(std::string("Secret\0" "12345", 13)).code == ErrorCode::PasswordNotPrintable);
    CHECK(validate_password("<script>alert(1)</script>").ok());  // a password may hold any printable text
    CHECK(validate_password(std::string(1u << 20, 'a')).code == ErrorCode::PasswordTooLong);
}
