// Form-level composition: each present field through its rule, confirm fields against
// their pair, the password against the holder's personal data.
#include "abon/form.hpp"

#include "abon/account.hpp"
#include "abon/amount.hpp"
#include "abon/captcha.hpp"
#include "abon/email.hpp"
#include "abon/name.hpp"
#include "abon/password.hpp"

namespace abon {
namespace {

struct FieldInfo {
    Field field;
    std::string_view id, uk, en;
};

constexpr FieldInfo kFields[] = {
    {Field::Surname, "surname", "Прізвище", "Surname"},
    {Field::GivenName, "given_name", "Імʼя", "Given name"},
    {Field::Patronymic, "patronymic", "По батькові", "Patronymic"},
    {Field::Account, "account", "Особовий рахунок", "Personal account"},
    {Field::Password, "password", "Пароль", "Password"},
    {Field::PasswordConfirm, "password_confirm", "Підтвердження пароля", "Confirm password"},
    {Field::Email, "email", "Електронна пошта", "Email"},
    {Field::EmailConfirm, "email_confirm", "Підтвердження електронної пошти", "Confirm email"},
    {Field::Captcha, "captcha", "Літери з картинки", "Letters from the picture"},
    {Field::LastPayment, "last_payment", "Сума останнього платежу", "Last payment amount"},
};
static_assert(sizeof(kFields) / sizeof(kFields[0]) == kFieldCount, "one row per Field");

// The CAPTCHA answer is not remembered: it was for a picture the next page load replaces.
constexpr FieldInput kInputs[] = {
    {"text", "text", "family-name", "words", 100, false, true, true},
    {"text", "text", "given-name", "words", 100, false, true, true},
    {"text", "text", "additional-name", "words", 100, false, true, true},
    {"text", "numeric", "off", "off", 20, false, false, true},
    {"password", "text", "new-password", "off", 128, true, false, false},
    {"password", "text", "new-password", "off", 128, true, false, false},
    {"text", "email", "email", "off", 254, false, true, true},
    {"text", "email", "email", "off", 254, false, false, true},
    {"text", "text", "off", "characters", 16, false, false, false},
    {"text", "decimal", "off", "off", 32, false, false, true},
};
static_assert(sizeof(kInputs) / sizeof(kInputs[0]) == kFieldCount, "one input per Field");

constexpr bool no_secret_remembered() {
    for (const FieldInput& in : kInputs)
        if (in.secret && in.remembered) return false;
    return true;
}
static_assert(no_secret_remembered(), "a password never goes to storage");

std::string_view text_of(const FormInput& input, Field f) {
    const auto& v = input[f];
    return v ? std::string_view(*v) : std::string_view();
}

}  // namespace

std::string_view field_id(Field f) { return kFields[static_cast<std::size_t>(f)].id; }

std::optional<Field> parse_field_id(std::string_view id) {
    for (const FieldInfo& info : kFields)
        if (info.id == id) return info.field;
    return std::nullopt;
}

std::string_view field_label(Field f, Lang lang) {
    const FieldInfo& info = kFields[static_cast<std::size_t>(f)];
    return lang == Lang::Uk ? info.uk : info.en;
}

const FieldInput& field_input(Field f) { return kInputs[static_cast<std::size_t>(f)]; }

bool field_required(Field f, const RuleConfig& config) {
    FormInput empty;
    empty.values.fill(std::string());  // every field present, and empty
    return validate_field(f, empty, config).code == ErrorCode::Required;
}

bool FormVerdict::ok() const {
    for (const auto& v : fields)
        if (v && !v->ok()) return false;
    return true;
}

Verdict validate_field(Field f, const FormInput& input, const RuleConfig& config) {
    const std::string_view text = text_of(input, f);
    switch (f) {
        case Field::Surname:
        case Field::GivenName:
            return validate_name(text, config);
        case Field::Patronymic:
            return validate_name(text, config, config.patronymic_optional);
        case Field::Account:
            return validate_account(text);
        case Field::Password: {
            const PersonalData personal{text_of(input, Field::Surname), text_of(input, Field::Account),
                                        text_of(input, Field::Email)};
            return validate_password(text, personal, input.caps_lock);
        }
        case Field::PasswordConfirm:
            if (!input[Field::Password]) return validate_password_confirm(text, text);
            return validate_password_confirm(text_of(input, Field::Password), text);
        case Field::Email:
            return validate_email(text);
        case Field::EmailConfirm:
            if (!input[Field::Email]) return validate_email(text);
            return validate_email_confirm(text_of(input, Field::Email), text);
        case Field::Captcha:
            return validate_captcha(text, config.captcha_length, config.captcha_alphabet);
        case Field::LastPayment:
            return validate_amount(text);
        case Field::Count_:
            break;
    }
    return {ErrorCode::Required};
}

FormVerdict validate_form(const FormInput& input, const RuleConfig& config) {
    FormVerdict out;
    for (std::size_t i = 0; i < kFieldCount; ++i) {
        const auto f = static_cast<Field>(i);
        if (input[f]) out.fields[i] = validate_field(f, input, config);
    }
    return out;
}

bool form_accepts(const FormInput& input, const RuleConfig& config) {
    for (std::size_t i = 0; i < kFieldCount; ++i) {
        const auto f = static_cast<Field>(i);
        if (input[f] && !validate_field(f, input, config).ok()) return false;
    }
    return true;
}

}  // namespace abon
