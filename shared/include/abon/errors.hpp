// abon/errors.hpp — stable error codes and their Ukrainian and English messages.
//
// Index
//   [SECTION] Lang
//   [SECTION] ErrorCode
//   [SECTION] Lookup
//   [SECTION] HTTP status
//
// - Every code has a snake_case id that never changes (JSON, server answers, docs) and
//   one row in the message table (src/errors.cpp). README.md documents each id once;
//   a test keeps the README table and this enum in step.
// - Detection code never builds sentences: it returns a code, the table words it.
// - A message may contain "{}" once; render_message() puts the verdict's detail there
//   (a suggested correction, a digit count).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace abon {

// [SECTION] Lang
enum class Lang { Uk, En };

std::optional<Lang> parse_lang(std::string_view id);  // "uk" / "en"

// [SECTION] ErrorCode
enum class ErrorCode {
    Ok,                       // no error

    // Any field
    Required,                 // empty after trimming
    InvalidUtf8,              // bytes that are not UTF-8, or a control character

    // Names (surname, given_name, patronymic)
    NameTooLong,              // more than 50 characters
    NameLatinLetters,         // Latin letters that are not Cyrillic look-alikes
    NameDigits,               // digits in a name
    NameInvalidChars,         // any other symbol
    NameWrongLayout,          // typed in the English layout; detail = the correction
    NameHyphenPlacement,      // hyphen at an end or doubled
    NameApostrophePlacement,  // apostrophe at an end, doubled or beside a hyphen

    // Account
    AccountDigitCount,        // not exactly 7 digits
    AccountInvalidChars,      // letters or other symbols

    // Password
    PasswordTooShort,         // fewer than 8 characters
    PasswordTooLong,          // more than 64 characters
    PasswordNeedsLetter,      // no letter
    PasswordNeedsDigit,       // no digit
    PasswordNotPrintable,     // control or invisible characters
    PasswordCommon,           // among the 1 000 most common passwords
    PasswordContainsPersonal, // contains the surname, account digits or email local part
    PasswordMismatch,         // password_confirm differs
    PasswordCyrillic,         // warning: Cyrillic letters, likely the wrong layout
    PasswordCapsLock,         // warning: Caps Lock looks on
    PasswordShort,            // warning: accepted, but 12+ characters are safer

    // Email
    EmailInvalid,             // not an address at all (no @, spaces, …)
    EmailLocalInvalid,        // the part before @ is not a dot-atom of ASCII characters
    EmailDomainInvalid,       // the domain is not a valid host name
    EmailMixedScript,         // a domain label mixes Latin with Cyrillic (or other) letters: gmаil.com
    EmailTldInvalid,          // no dot, or a TLD shorter than 2 letters
    EmailSpecialUseTld,       // .invalid, .local, .localhost, .test, .example, .onion, .arpa
    EmailTooLong,             // local part over 64 or whole over 254 octets
    EmailTypo,                // warning: detail = the suggested address
    EmailMismatch,            // email_confirm differs

    // CAPTCHA answer
    CaptchaInvalidChars,      // not Latin letters (after the layout mapping)
    CaptchaLength,            // not the declared length; detail = the length
    CaptchaImageInvalid,      // the picture could not be loaded or is not a sane PNG

    // Last payment
    AmountInvalid,            // not a number of hryvnias
    AmountTooManyDecimals,    // more than 2 digits after the separator
    AmountNotPositive,        // zero or negative
    AmountTooLarge,           // above 1 000 000,00

    // Server answers (demo endpoint and the existing server)
    CaptchaWrong,             // the server rejected the CAPTCHA answer
    CaptchaExpired,           // the challenge expired or was used up
    AccountDetailsMismatch,   // account, holder name or last payment do not match
    AccountAlreadyRegistered, // 409
    RateLimited,              // 429; detail = seconds to wait
    BadRequest,               // 400
    UnsupportedMediaType,     // 415
    PayloadTooLarge,          // 413
    CrossSiteRefused,         // 403 for a request from another site
    ServerError,              // 5xx
    NetworkError,             // no answer at all
    Timeout,                  // no answer in time
    UnexpectedResponse,       // an answer the widget cannot read
    ConfirmTokenInvalid,      // /api/confirm: unknown, used or expired token
    RegistrationNotFound,     // /api/resend, /api/change-email: no pending registration for the handle
    ResendLimitReached,       // the letter was sent again as often as allowed

    Count_                    // not a code: the number of codes
};

// [SECTION] Lookup
std::string_view error_id(ErrorCode code);                        // "account_digit_count"
std::optional<ErrorCode> parse_error_id(std::string_view id);     // inverse of error_id
std::string_view message_template(ErrorCode code, Lang lang);     // may hold one "{}"
std::string render_message(ErrorCode code, Lang lang, std::string_view detail = {});
bool is_warning(ErrorCode code);                                  // never blocks submission

// [SECTION] HTTP status
// - One table of {ErrorCode, status}: the demo endpoint answers each form-level code with
//   its status (http_status), and interpret_response() reads a status without a usable
//   body as its code (status_error), which the plain driver's generated table repeats.
// - 0 is no answer (a network failure) and -1 a timeout: the widget's own statuses.
// - A code the server may answer with more than one status (BadRequest: 405, 411; ServerError:
//   503) has its usual one here; the server names the other where it answers it.
std::optional<int> http_status(ErrorCode code);           // nullopt: not a form-level answer (422 field codes)
std::optional<ErrorCode> status_error(int status);        // nullopt: a status this table does not read alone

}  // namespace abon
