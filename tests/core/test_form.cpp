#include "vectors.hpp"

#include "abon/form.hpp"

using namespace abon;

namespace {
FormInput complete_form() {
    FormInput in;
    in[Field::Surname] = "шевчeнко";  // Latin "e" inside: a look-alike
    in[Field::GivenName] = "Тарас";
    in[Field::Patronymic] = "Григорович";
    in[Field::Account] = "1234567";
    in[Field::Password] = "Kobzar1814poet";
    in[Field::PasswordConfirm] = "Kobzar1814poet";
    in[Field::Email] = "taras@UKR.NET";
    in[Field::EmailConfirm] = "taras@ukr.net";
    in[Field::Captcha] = "kxrta";
    in[Field::LastPayment] = "1 234,56";
    return in;
}
}  // namespace

TEST_CASE("field ids round-trip and every field has both labels", "[form]") {
    for (std::size_t i = 0; i < kFieldCount; ++i) {
        const auto f = static_cast<Field>(i);
        CAPTURE(field_id(f));
        CHECK(parse_field_id(field_id(f)) == f);
        CHECK_FALSE(field_label(f, Lang::Uk).empty());
        CHECK_FALSE(field_label(f, Lang::En).empty());
    }
    CHECK_FALSE(parse_field_id("last_payment_kopecks").has_value());
}

TEST_CASE("a complete, correct form is accepted with canonical values", "[form]") {
    const FormInput in = complete_form();
    const FormVerdict v = validate_form(in);
    CHECK(v.ok());
    CHECK(form_accepts(in));
    CHECK(v[Field::Surname]->value == "Шевченко");
    CHECK(v[Field::Account]->value == "1-234-56-7");
    CHECK(v[Field::Email]->value == "taras@ukr.net");
    CHECK(v[Field::Captcha]->value == "KXRTA");
    CHECK(v[Field::LastPayment]->kopecks == 123456);
    CHECK(v[Field::Password]->value.empty());  // never echoed
}

TEST_CASE("only present fields are checked", "[form]") {
    FormInput in;
    in[Field::Account] = "1234567";
    const FormVerdict v = validate_form(in);
    CHECK(v.ok());
    CHECK(v[Field::Account]);
    CHECK_FALSE(v[Field::Surname]);
}

TEST_CASE("confirm fields are checked against their pair", "[form]") {
    FormInput in = complete_form();
    in[Field::PasswordConfirm] = "Kobzar1814poeT";
    in[Field::EmailConfirm] = "TARAS@ukr.net";
    const FormVerdict v = validate_form(in);
    CHECK_FALSE(v.ok());
    CHECK(v[Field::PasswordConfirm]->code == ErrorCode::PasswordMismatch);
    CHECK(v[Field::EmailConfirm]->code == ErrorCode::EmailMismatch);  // local parts are case-sensitive
}

TEST_CASE("the password is checked against the holder's own data", "[form]") {
    FormInput in = complete_form();
    in[Field::Password] = in[Field::PasswordConfirm] = "shevchenko-1234567";
    CHECK(validate_form(in)[Field::Password]->code == ErrorCode::PasswordContainsPersonal);
}

TEST_CASE("the patronymic may be empty only when the configuration allows it", "[form]") {
    FormInput in = complete_form();
    in[Field::Patronymic] = "";
    CHECK(validate_form(in)[Field::Patronymic]->code == ErrorCode::Required);
    RuleConfig config;
    config.patronymic_optional = true;
    CHECK(validate_form(in, config)[Field::Patronymic]->ok());
}

TEST_CASE("the CAPTCHA length follows the configuration", "[form]") {
    FormInput in = complete_form();
    RuleConfig config;
    config.captcha_length = 6;
    const Verdict v = validate_form(in, config)[Field::Captcha].value();
    CHECK(v.code == ErrorCode::CaptchaLength);
    CHECK(describe(v, Lang::Uk) == "Введіть 6 літер з картинки");
}
