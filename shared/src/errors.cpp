// The one table of error ids and messages. README.md's error table mirrors it (a test
// checks), so add a row in both places.
#include "abon/errors.hpp"

#include <array>
#include <cstddef>

namespace abon {
namespace {

struct Row {
    ErrorCode code;
    std::string_view id;
    std::string_view uk;
    std::string_view en;
    bool warning = false;
};

constexpr std::array<Row, static_cast<std::size_t>(ErrorCode::Count_)> kRows{{
    {ErrorCode::Ok, "ok", "Гаразд", "OK"},
    {ErrorCode::Required, "required", "Заповніть це поле", "Please fill in this field"},
    {ErrorCode::InvalidUtf8, "invalid_text", "Текст містить недопустимі або невидимі символи — введіть його ще раз",
     "The text contains invalid or invisible characters — please type it again"},

    {ErrorCode::NameTooLong, "name_too_long", "Не більше 50 символів", "No more than 50 characters"},
    {ErrorCode::NameLatinLetters, "name_latin_letters",
     "Введіть українськими літерами — перемкніть розкладку клавіатури",
     "Use Ukrainian letters — switch the keyboard layout"},
    {ErrorCode::NameDigits, "name_digits", "Цифри тут не потрібні — введіть лише літери",
     "No digits here — letters only"},
    {ErrorCode::NameInvalidChars, "name_invalid_chars",
     "Лише українські літери, апостроф і дефіс", "Only Ukrainian letters, the apostrophe and the hyphen"},
    {ErrorCode::NameWrongLayout, "name_wrong_layout",
     "Схоже, розкладка англійська. Можливо, «{}»?", "Looks like the English layout. Did you mean «{}»?"},
    {ErrorCode::NameHyphenPlacement, "name_hyphen_placement",
     "Дефіс ставиться лише між частинами, наприклад Петренко-Стельмах",
     "A hyphen goes only between parts, e.g. Петренко-Стельмах"},
    {ErrorCode::NameApostrophePlacement, "name_apostrophe_placement",
     "Апостроф ставиться лише між літерами, наприклад Вʼячеслав",
     "An apostrophe goes only between letters, e.g. Вʼячеслав"},

    {ErrorCode::AccountDigitCount, "account_digit_count",
     "Введіть 7 цифр у форматі Х-ХХХ-ХХ-Х", "Enter 7 digits in the format X-XXX-XX-X"},
    {ErrorCode::AccountInvalidChars, "account_invalid_chars",
     "Особовий рахунок — це лише 7 цифр у форматі Х-ХХХ-ХХ-Х",
     "The account number is 7 digits only, in the format X-XXX-XX-X"},

    {ErrorCode::PasswordTooShort, "password_too_short", "Пароль — щонайменше 8 символів",
     "The password needs at least 8 characters"},
    {ErrorCode::PasswordTooLong, "password_too_long", "Пароль — не більше 64 символів",
     "The password may have at most 64 characters"},
    {ErrorCode::PasswordNeedsLetter, "password_needs_letter", "Додайте до пароля хоча б одну літеру",
     "Add at least one letter to the password"},
    {ErrorCode::PasswordNeedsDigit, "password_needs_digit", "Додайте до пароля хоча б одну цифру",
     "Add at least one digit to the password"},
    {ErrorCode::PasswordNotPrintable, "password_not_printable",
     "Пароль містить невидимі символи — введіть його ще раз",
     "The password contains invisible characters — please type it again"},
    {ErrorCode::PasswordCommon, "password_common",
     "Цей пароль надто поширений — його легко вгадати. Оберіть інший",
     "This password is too common and easy to guess. Choose another"},
    {ErrorCode::PasswordContainsPersonal, "password_contains_personal",
     "Пароль не має містити ваше прізвище, особовий рахунок чи адресу пошти",
     "The password must not contain your surname, account number or email name"},
    {ErrorCode::PasswordMismatch, "password_mismatch", "Паролі не збігаються — введіть той самий пароль ще раз",
     "The passwords differ — type the same password again"},
    {ErrorCode::PasswordCyrillic, "password_cyrillic",
     "У паролі є кириличні літери — перевірте розкладку клавіатури",
     "The password has Cyrillic letters — check the keyboard layout", true},
    {ErrorCode::PasswordCapsLock, "password_caps_lock", "Увімкнено Caps Lock", "Caps Lock is on", true},
    {ErrorCode::PasswordShort, "password_short",
     "Пароль прийнято. Надійніший — від 12 символів", "Accepted. 12 or more characters are safer", true},

    {ErrorCode::EmailInvalid, "email_invalid", "Введіть адресу у форматі імʼя@домен.ua",
     "Enter an address like name@domain.com"},
    {ErrorCode::EmailLocalInvalid, "email_local_invalid",
     "Частина до @ може містити латинські літери, цифри та . _ - + (крапка не на краях і не двічі)",
     "The part before @ may hold Latin letters, digits and . _ - + (no dot at an end or twice)"},
    {ErrorCode::EmailDomainInvalid, "email_domain_invalid", "Перевірте частину адреси після @",
     "Check the part of the address after @"},
    {ErrorCode::EmailMixedScript, "email_mixed_script",
     "Після @ латинські літери змішано з кириличними — наберіть домен латиницею",
     "The part after @ mixes Latin and Cyrillic letters — type the domain in Latin letters"},
    {ErrorCode::EmailTldInvalid, "email_tld_invalid",
     "Адреса має закінчуватися доменом, наприклад .ua або .com",
     "The address must end in a domain such as .com or .ua"},
    {ErrorCode::EmailSpecialUseTld, "email_special_use_tld",
     "Цей домен не приймає пошту — введіть свою справжню адресу",
     "This domain receives no mail — enter your real address"},
    {ErrorCode::EmailTooLong, "email_too_long", "Адреса задовга: до @ — не більше 64 символів, усього — 254",
     "The address is too long: at most 64 characters before @, 254 in all"},
    {ErrorCode::EmailTypo, "email_typo", "Можливо, ви мали на увазі {}?", "Did you mean {}?", true},
    {ErrorCode::EmailMismatch, "email_mismatch", "Адреси не збігаються — введіть ту саму адресу ще раз",
     "The addresses differ — type the same address again"},

    {ErrorCode::CaptchaInvalidChars, "captcha_invalid_chars",
     "Введіть латинські літери з картинки — ВЕЛИКІ", "Type the Latin letters from the picture"},
    {ErrorCode::CaptchaLength, "captcha_length", "Введіть {} літер з картинки",
     "Type the {} letters from the picture"},
    {ErrorCode::CaptchaImageInvalid, "captcha_image_invalid",
     "Не вдалося показати картинку. Натисніть «Нова картинка»",
     "The picture could not be shown. Press «New picture»"},

    {ErrorCode::AmountInvalid, "amount_invalid", "Введіть суму в гривнях, наприклад 1234,56",
     "Enter the amount in hryvnias, e.g. 1234.56"},
    {ErrorCode::AmountTooManyDecimals, "amount_too_many_decimals",
     "Не більше 2 цифр після коми (копійки)", "At most 2 digits after the decimal point (kopecks)"},
    {ErrorCode::AmountNotPositive, "amount_not_positive", "Сума має бути більшою за нуль",
     "The amount must be greater than zero"},
    {ErrorCode::AmountTooLarge, "amount_too_large", "Сума не може перевищувати 1 000 000,00 грн",
     "The amount cannot exceed 1,000,000.00 UAH"},

    {ErrorCode::CaptchaWrong, "captcha_wrong", "Літери з картинки введено неправильно. Спробуйте нову картинку",
     "The letters from the picture were wrong. Try the new picture"},
    {ErrorCode::CaptchaExpired, "captcha_expired", "Картинка застаріла — введіть літери з нової",
     "The picture expired — type the letters from the new one"},
    {ErrorCode::AccountDetailsMismatch, "account_details_mismatch",
     "Дані не збігаються з особовим рахунком. Перевірте прізвище, імʼя, по батькові, номер рахунку та суму останнього платежу",
     "The details do not match the account. Check the holder's name, the account number and the last payment"},
    {ErrorCode::AccountAlreadyRegistered, "account_already_registered",
     "Цей особовий рахунок уже зареєстровано. Увійдіть або відновіть пароль",
     "This account is already registered. Sign in or reset the password"},
    {ErrorCode::RateLimited, "rate_limited", "Забагато спроб. Спробуйте ще раз через {} с",
     "Too many attempts. Try again in {} s"},
    {ErrorCode::BadRequest, "bad_request", "Сервер не зміг прочитати запит. Оновіть сторінку і спробуйте ще раз",
     "The server could not read the request. Reload the page and try again"},
    {ErrorCode::UnsupportedMediaType, "unsupported_media_type", "Сервер приймає лише JSON",
     "The server accepts JSON only"},
    {ErrorCode::PayloadTooLarge, "payload_too_large", "Запит завеликий", "The request is too large"},
    {ErrorCode::CrossSiteRefused, "cross_site_refused", "Запит з іншого сайту відхилено",
     "Requests from another site are refused"},
    {ErrorCode::ServerError, "server_error", "Сервер тимчасово не відповідає. Ваші дані збережено — спробуйте за хвилину",
     "The server is temporarily unavailable. Your data is kept — try again in a minute"},
    {ErrorCode::NetworkError, "network_error", "Немає зʼєднання із сервером. Перевірте інтернет і спробуйте ще раз",
     "No connection to the server. Check the internet and try again"},
    {ErrorCode::Timeout, "timeout", "Сервер не відповів вчасно. Ваші дані збережено — спробуйте ще раз",
     "The server did not answer in time. Your data is kept — try again"},
    {ErrorCode::UnexpectedResponse, "unexpected_response",
     "Сервер відповів незрозуміло. Ваші дані збережено — спробуйте ще раз",
     "The server's answer could not be read. Your data is kept — try again"},
    {ErrorCode::ConfirmTokenInvalid, "confirm_token_invalid",
     "Посилання недійсне: його вже використано, строк минув або його скопійовано не повністю",
     "The link is not valid: already used, expired, or copied incompletely"},
    {ErrorCode::RegistrationNotFound, "registration_not_found",
     "Реєстрацію не знайдено: її вже підтверджено, строк минув або її замінено новою. Зареєструйтеся ще раз",
     "The registration was not found: it was confirmed, expired or replaced by a newer one. Please register again"},
    {ErrorCode::ResendLimitReached, "resend_limit_reached",
     "Лист уже надіслано стільки разів, скільки можна. Перевірте папку «Спам» або зареєструйтеся пізніше ще раз",
     "The letter was sent as many times as allowed. Check the spam folder, or register again later"},
}};

// The statuses (abon/errors.hpp, [SECTION] HTTP status). `alone`: interpret_response() reads
// the status as the code without a body; the follow-ups' 404 and 429 need the body's id.
struct StatusRow {
    ErrorCode code;
    int status;
    bool alone = true;
};

constexpr StatusRow kStatuses[] = {
    {ErrorCode::NetworkError, 0},
    {ErrorCode::Timeout, -1},
    {ErrorCode::BadRequest, 400},
    {ErrorCode::CrossSiteRefused, 403},
    {ErrorCode::RegistrationNotFound, 404, false},
    {ErrorCode::AccountAlreadyRegistered, 409},
    {ErrorCode::PayloadTooLarge, 413},
    {ErrorCode::UnsupportedMediaType, 415},
    {ErrorCode::RateLimited, 429},
    {ErrorCode::ResendLimitReached, 429, false},
    {ErrorCode::ServerError, 500},
};

constexpr bool rows_in_enum_order() {
    for (std::size_t i = 0; i < kRows.size(); ++i)
        if (static_cast<std::size_t>(kRows[i].code) != i) return false;
    return true;
}
static_assert(rows_in_enum_order(), "kRows must list every ErrorCode once, in enum order");

const Row& row(ErrorCode code) {
    auto i = static_cast<std::size_t>(code);
    return i < kRows.size() ? kRows[i] : kRows[0];
}

}  // namespace

std::optional<Lang> parse_lang(std::string_view id) {
    if (id == "uk") return Lang::Uk;
    if (id == "en") return Lang::En;
    return std::nullopt;
}

std::string_view error_id(ErrorCode code) { return row(code).id; }

std::optional<ErrorCode> parse_error_id(std::string_view id) {
    for (const Row& r : kRows)
        if (r.id == id) return r.code;
    return std::nullopt;
}

std::string_view message_template(ErrorCode code, Lang lang) {
    return lang == Lang::Uk ? row(code).uk : row(code).en;
}

std::string render_message(ErrorCode code, Lang lang, std::string_view detail) {
    std::string text(message_template(code, lang));
    if (auto at = text.find("{}"); at != std::string::npos) text.replace(at, 2, detail);
    return text;
}

bool is_warning(ErrorCode code) { return row(code).warning; }

std::optional<int> http_status(ErrorCode code) {
    for (const StatusRow& r : kStatuses)
        if (r.code == code && r.status > 0) return r.status;
    return std::nullopt;
}

std::optional<ErrorCode> status_error(int status) {
    for (const StatusRow& r : kStatuses)
        if (r.status == status && r.alone) return r.code;
    if (status >= 500 && status <= 599) return ErrorCode::ServerError;
    return std::nullopt;
}

}  // namespace abon
