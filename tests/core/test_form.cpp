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

// tests/vectors/confirmation.json: each row's pair as the form composes it; the plain
// form's JS (web/src/rules.js) is checked on the same rows by tests/web/rules.test.mjs.
TEST_CASE("confirmation vectors: each confirm field against its pair", "[form]") {
    const nlohmann::json doc = test::load_json("vectors/confirmation.json");
    std::size_t rows = 0;
    for (const char* part : {"valid", "invalid"}) {
        for (const auto& row : doc.at(part)) {
            const std::string id = row.at("field").get<std::string>();
            CAPTURE(id, row.at("note").get<std::string>());
            const auto f = parse_field_id(id);
            REQUIRE(f);
            REQUIRE((*f == Field::PasswordConfirm || *f == Field::EmailConfirm));
            const Field pair = *f == Field::PasswordConfirm ? Field::Password : Field::Email;
            FormInput in;
            in[pair] = row.at(std::string(field_id(pair))).get<std::string>();
            in[*f] = row.at("input").get<std::string>();
            const Verdict v = validate_field(*f, in);
            CHECK(error_id(v.code) == row.value("code", std::string("ok")));
            if (v.ok() && *f == Field::EmailConfirm) CHECK(v.value == row.at("value").get<std::string>());
            ++rows;
        }
    }
    CHECK(rows >= 30);
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

TEST_CASE("every field is required but the patronymic when the configuration lets it be empty", "[form]") {
    RuleConfig optional;
    optional.patronymic_optional = true;
    for (std::size_t i = 0; i < kFieldCount; ++i) {
        const auto f = static_cast<Field>(i);
        CAPTURE(field_id(f));
        CHECK(field_required(f));
        CHECK(field_required(f, optional) == (f != Field::Patronymic));
    }
}

struct InputRow {
    Field field;
    std::string_view type, inputmode, autocomplete;
    bool secret, may_suggest, remembered;
};

TEST_CASE("each field's input says what the rendering needs (spec §6)", "[form]") {
    const auto row = GENERATE(values<InputRow>({
        {Field::Surname, "text", "text", "family-name", false, true, true},
        {Field::GivenName, "text", "text", "given-name", false, true, true},
        {Field::Patronymic, "text", "text", "additional-name", false, true, true},
        {Field::Account, "text", "numeric", "off", false, false, true},
        {Field::Password, "password", "text", "new-password", true, false, false},
        {Field::PasswordConfirm, "password", "text", "new-password", true, false, false},
        {Field::Email, "text", "email", "email", false, true, true},
        {Field::EmailConfirm, "text", "email", "email", false, false, true},
        {Field::Captcha, "text", "text", "off", false, false, false},
        {Field::LastPayment, "text", "decimal", "off", false, false, true},
    }));
    CAPTURE(field_id(row.field));
    const FieldInput& in = field_input(row.field);
    CHECK(in.type == row.type);
    CHECK(in.inputmode == row.inputmode);
    CHECK(in.autocomplete == row.autocomplete);
    CHECK(in.secret == row.secret);
    CHECK(in.may_suggest == row.may_suggest);
    CHECK(in.remembered == row.remembered);  // spec §6a: all but the passwords and the CAPTCHA
    CHECK(in.maxlength >= 16);
}

TEST_CASE("the fields that may offer a fix are those whose rules do", "[form]") {
    FormInput in;
    in[Field::Surname] = in[Field::GivenName] = in[Field::Patronymic] = "Itdxtyrj";  // «Шевченко» typed in English
    in[Field::Email] = "taras@gmial.com";
    for (const Field f : {Field::Surname, Field::GivenName, Field::Patronymic, Field::Email}) {
        CAPTURE(field_id(f));
        CHECK(field_input(f).may_suggest);
        CHECK_FALSE(validate_field(f, in).suggestion.empty());
    }
}
