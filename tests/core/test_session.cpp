// The widget's form state machine: what each field shows and when, the as-you-type
// transforms, one request at a time, and what every server answer does to the form.
#include "filled_session.hpp"
#include "vectors.hpp"

#include "abon/session.hpp"

using namespace abon;

namespace Catch {
template <> struct StringMaker<FieldState> {
    static std::string convert(FieldState s) { return std::string(field_state_id(s)); }
};
}  // namespace Catch

namespace {

using test::challenge;

FormSession filled(WidgetConfig config = {}) { return test::filled_session(std::move(config)); }

}  // namespace

TEST_CASE("a field shows nothing until its first blur with text", "[session]") {
    FormSession s;
    s.set_text(Field::Account, "12");
    CHECK(s.view(Field::Account).state == FieldState::Untouched);
    CHECK(s.view(Field::Account).message.empty());

    s.blur(Field::Account);
    CHECK(s.view(Field::Account).state == FieldState::Error);
    CHECK(s.view(Field::Account).code == ErrorCode::AccountDigitCount);
    CHECK(s.view(Field::Account).message == render_message(ErrorCode::AccountDigitCount, Lang::Uk));

    // From now on every keystroke updates it.
    s.set_text(Field::Account, "1-234-56-7");
    CHECK(s.view(Field::Account).state == FieldState::Ok);
    s.set_text(Field::Account, "");
    CHECK(s.view(Field::Account).code == ErrorCode::Required);
}

TEST_CASE("tabbing through an empty field does not scold", "[session]") {
    FormSession s;
    s.blur(Field::Email);
    CHECK(s.view(Field::Email).state == FieldState::Untouched);
}

TEST_CASE("the first submit attempt shows every field", "[session]") {
    FormSession s;
    s.set_text(Field::Account, "1234567");
    CHECK_FALSE(s.submit_attempt());
    CHECK(s.view(Field::Account).state == FieldState::Ok);
    CHECK(s.view(Field::Email).code == ErrorCode::Required);
    CHECK(s.view(Field::LastPayment).code == ErrorCode::Required);
    CHECK(s.first_error() == Field::Surname);
}

TEST_CASE("messages follow the session's language", "[session]") {
    FormSession s({}, Lang::En);
    s.set_text(Field::LastPayment, "0");
    s.blur(Field::LastPayment);
    CHECK(s.view(Field::LastPayment).message == render_message(ErrorCode::AmountNotPositive, Lang::En));
}

struct TypingRow {
    std::string name;
    Field field;
    std::string typed;
    std::size_t caret;
    std::string text;
    std::size_t new_caret;
};

TEST_CASE("typing applies the account mask and the CAPTCHA mapping", "[session]") {
    const TypingRow row = GENERATE(values<TypingRow>({
        {"first digit", Field::Account, "1", 1, "1", 1},
        {"dash appears with the second digit", Field::Account, "12", 2, "1-2", 3},
        {"all seven", Field::Account, "1234567", 7, "1-234-56-7", 10},
        {"an eighth digit is dropped", Field::Account, "1-234-56-78", 11, "1-234-56-7", 10},
        {"letters are dropped", Field::Account, "1-2a", 4, "1-2", 3},
        {"caret stays after the same digit", Field::Account, "1-2x34", 3, "1-234", 3},
        {"latin upper-cased", Field::Captcha, "kxr", 3, "KXR", 3},
        {"ukrainian layout mapped by key", Field::Captcha, "фи", 4, "AB", 2},
        {"caret inside", Field::Captcha, "фиc", 2, "ABC", 1},
        {"other fields as typed", Field::Surname, "шевченко", 4, "шевченко", 4},
    }));
    CAPTURE(row.name, row.typed);
    FormSession s;
    const MaskedText out = s.type(row.field, row.typed, row.caret);
    CHECK(out.text == row.text);
    CHECK(out.caret == row.new_caret);
    CHECK(s.text(row.field) == row.text);
}

TEST_CASE("Caps Lock warns at once in the password fields", "[session]") {
    FormSession s;
    s.set_caps_lock(true);
    CHECK(s.view(Field::Password).state == FieldState::Untouched);  // nothing typed yet
    s.set_text(Field::Password, "KOBZAR");
    CHECK(s.view(Field::Password).state == FieldState::Warning);
    CHECK(s.view(Field::Password).code == ErrorCode::PasswordCapsLock);
    s.set_text(Field::PasswordConfirm, "K");
    CHECK(s.view(Field::PasswordConfirm).code == ErrorCode::PasswordCapsLock);
    s.set_caps_lock(false);
    CHECK(s.view(Field::Password).state == FieldState::Untouched);
}

TEST_CASE("a short accepted password is ok with the 12+ note, and has a strength", "[session]") {
    FormSession s;
    CHECK_FALSE(s.strength().has_value());
    s.set_text(Field::Password, "Kobzar1814");
    s.blur(Field::Password);
    const FieldView v = s.view(Field::Password);
    CHECK(v.state == FieldState::Ok);
    CHECK(v.code == ErrorCode::PasswordShort);
    CHECK_FALSE(v.message.empty());
    REQUIRE(s.strength().has_value());
    CHECK(*s.strength() == password_strength("Kobzar1814"));
}

TEST_CASE("the email typo fix is one click", "[session]") {
    FormSession s;
    s.set_text(Field::Email, "taras@gmial.com");
    s.blur(Field::Email);
    const FieldView v = s.view(Field::Email);
    CHECK(v.state == FieldState::Warning);
    CHECK(v.code == ErrorCode::EmailTypo);
    CHECK(v.suggestion == "taras@gmail.com");
    CHECK(s.apply_suggestion(Field::Email));
    CHECK(s.text(Field::Email) == "taras@gmail.com");
    CHECK(s.view(Field::Email).state == FieldState::Ok);
    CHECK_FALSE(s.apply_suggestion(Field::Email));  // nothing left to fix
}

TEST_CASE("a name typed in the English layout is fixed in one click", "[session]") {
    FormSession s;
    s.set_text(Field::Surname, "Itdxtyrj");
    s.blur(Field::Surname);
    REQUIRE(s.view(Field::Surname).code == ErrorCode::NameWrongLayout);
    CHECK(s.apply_suggestion(Field::Surname));
    CHECK(s.view(Field::Surname).state == FieldState::Ok);
    CHECK(s.verdict(Field::Surname).value == "Шевченко");
}

TEST_CASE("the no-patronymic box exists only when the configuration allows it", "[session]") {
    FormSession strict;
    strict.set_no_patronymic(true);
    CHECK_FALSE(strict.no_patronymic());

    WidgetConfig config;
    config.rules.patronymic_optional = true;
    FormSession s = filled(config);
    s.set_text(Field::Patronymic, "");
    CHECK_FALSE(s.submit_attempt());  // still required while the box is unticked
    CHECK(s.view(Field::Patronymic).code == ErrorCode::Required);
    s.set_no_patronymic(true);
    CHECK(s.text(Field::Patronymic).empty());
    CHECK(s.view(Field::Patronymic).state == FieldState::Untouched);
    CHECK(s.submit_attempt());
    const auto text = s.begin_submit();
    REQUIRE(text);
    const auto payload = nlohmann::json::parse(text->body);
    CHECK(payload.at("patronymic") == "");
}

TEST_CASE("a valid form gives the payload once per flight", "[session]") {
    FormSession s = filled();
    REQUIRE(s.submit_attempt());
    REQUIRE(s.can_submit());
    const auto text = s.begin_submit();
    REQUIRE(text);
    const auto payload = nlohmann::json::parse(text->body);
    CHECK(payload.at("account") == "1-234-56-7");
    CHECK(payload.at("captcha").at("token") == "tok-1");
    CHECK(payload.at("last_payment_kopecks") == 123456);
    CHECK(s.sending());
    // Enter pressed again and again while the request is in flight.
    for (int i = 0; i < 5; ++i) CHECK_FALSE(s.begin_submit());
}

TEST_CASE("nothing is sent without a CAPTCHA challenge", "[session]") {
    FormSession s = filled();
    s.drop_challenge();
    CHECK(s.text(Field::Captcha).empty());
    s.set_challenge(challenge("tok-2"));
    s.set_text(Field::Captcha, "KXRTA");
    CHECK(s.can_submit());
    s.drop_challenge();
    CHECK_FALSE(s.can_submit());
    CHECK_FALSE(s.begin_submit());
}

struct FailureRow {
    std::string name;
    int status;
    std::string body;
    std::string retry_after;
    ErrorCode notice;
};

TEST_CASE("every failure keeps the typed values and renews only the CAPTCHA", "[session]") {
    const FailureRow row = GENERATE(values<FailureRow>({
        {"409 already registered", 409, R"({"error":"account_already_registered"})", "", ErrorCode::AccountAlreadyRegistered},
        {"429 rate limited", 429, "", "30", ErrorCode::RateLimited},
        {"400 bad request", 400, "", "", ErrorCode::BadRequest},
        {"500 server error", 500, "oops", "", ErrorCode::ServerError},
        {"503 unavailable", 503, "", "", ErrorCode::ServerError},
        {"network down", 0, "", "", ErrorCode::NetworkError},
        {"timeout", -1, "", "", ErrorCode::Timeout},
    }));
    CAPTURE(row.name);
    FormSession s = filled();
    REQUIRE(s.begin_submit());
    s.apply_reply(interpret_response(row.status, row.body, row.retry_after));

    CHECK(s.phase() == Phase::Editing);
    REQUIRE(s.notice());
    CHECK(s.notice()->code == row.notice);
    CHECK(s.text(Field::Surname) == "Шевченко");
    CHECK(s.text(Field::Password) == "Kobzar1814poet");
    CHECK(s.text(Field::LastPayment) == "1234,56");
    CHECK(s.text(Field::Captcha).empty());
    CHECK_FALSE(s.challenge());
    CHECK_FALSE(s.can_submit());  // until a new challenge is answered

    s.set_challenge(challenge("tok-2"));
    s.set_text(Field::Captcha, "ABCDE");
    CHECK(s.begin_submit());
}

TEST_CASE("429 says how long to wait", "[session]") {
    FormSession s = filled();
    REQUIRE(s.begin_submit());
    s.apply_reply(interpret_response(429, "", "42"));
    REQUIRE(s.notice());
    CHECK(s.notice()->message == render_message(ErrorCode::RateLimited, Lang::Uk, "42"));
}

TEST_CASE("422 field errors stand at their fields until the field changes", "[session]") {
    FormSession s = filled();
    REQUIRE(s.begin_submit());
    s.apply_reply(interpret_response(422, R"({"errors":{"captcha":"captcha_wrong","email":"email_invalid"}})"));
    CHECK(s.view(Field::Captcha).code == ErrorCode::CaptchaWrong);
    CHECK(s.view(Field::Email).code == ErrorCode::EmailInvalid);
    CHECK(s.first_error() == Field::Email);

    s.set_challenge(challenge("tok-2"));  // the new picture keeps the message
    CHECK(s.view(Field::Captcha).code == ErrorCode::CaptchaWrong);
    s.set_text(Field::Captcha, "A");
    CHECK(s.view(Field::Captcha).code != ErrorCode::CaptchaWrong);
    s.set_text(Field::Email, "taras@ukr.net");  // same text: the server's word stands
    CHECK(s.view(Field::Email).code == ErrorCode::EmailInvalid);
    s.set_text(Field::Email, "taras2@ukr.net");
    CHECK(s.view(Field::Email).code != ErrorCode::EmailInvalid);
}

TEST_CASE("success ends the form; late answers change nothing", "[session]") {
    FormSession s = filled();
    REQUIRE(s.begin_submit());
    s.apply_reply(interpret_response(201, "{}"));
    CHECK(s.phase() == Phase::Registered);
    CHECK(s.registered_email() == "taras@ukr.net");
    CHECK_FALSE(s.notice());
    s.apply_reply(interpret_response(500, ""));
    CHECK(s.phase() == Phase::Registered);
    CHECK_FALSE(s.begin_submit());

    s.reset();
    CHECK(s.phase() == Phase::Editing);
    CHECK(s.text(Field::Surname).empty());
    CHECK(s.view(Field::Surname).state == FieldState::Untouched);
}

TEST_CASE("success wipes the passwords; failures keep them", "[session]") {
    FormSession s = filled();
    REQUIRE(s.begin_submit());
    s.apply_reply(interpret_response(500, ""));
    CHECK(s.text(Field::Password) == "Kobzar1814poet");  // nothing typed is lost on a failure
    s.set_challenge(challenge("tok-2"));
    s.set_text(Field::Captcha, "KXRTA");
    REQUIRE(s.begin_submit());
    s.apply_reply(interpret_response(201, "{}"));
    REQUIRE(s.phase() == Phase::Registered);
    CHECK(s.text(Field::Password).empty());
    CHECK(s.text(Field::PasswordConfirm).empty());
    CHECK(s.verdict(Field::Password).value.empty());
    CHECK_FALSE(s.strength());
}

TEST_CASE("wipe zeros the bytes before it empties the text", "[session]") {
    std::string secret = "Kobzar1814poet";
    const char* bytes = secret.data();  // small-string buffer: still ours after clear()
    const std::size_t size = secret.size();
    wipe(secret);
    CHECK(secret.empty());
    CHECK(std::string(bytes, size) == std::string(size, '\0'));
}

struct OffsetRow {
    std::string name;
    std::string text;
    std::size_t utf16;
    std::size_t bytes;
};

TEST_CASE("DOM offsets convert between UTF-16 units and UTF-8 bytes", "[session]") {
    const OffsetRow row = GENERATE(values<OffsetRow>({
        {"ascii", "abc", 2, 2},
        {"cyrillic is 2 bytes, 1 unit", "Шев", 2, 4},
        {"apostrophe U+02BC is 2 bytes", "Вʼя", 2, 4},
        {"euro sign is 3 bytes", "€1", 1, 3},
        {"emoji is 4 bytes, 2 units", "a😀b", 3, 5},
        {"end", "Шев", 3, 6},
    }));
    CAPTURE(row.name);
    CHECK(utf8_offset_from_utf16(row.text, row.utf16) == row.bytes);
    CHECK(utf16_offset_from_utf8(row.text, row.bytes) == row.utf16);
}

TEST_CASE("offsets past the end or inside a character clamp", "[session]") {
    CHECK(utf8_offset_from_utf16("Шев", 99) == 6);
    CHECK(utf16_offset_from_utf8("Шев", 99) == 3);
    CHECK(utf8_offset_from_utf16("a😀", 2) == 1);   // inside the surrogate pair
    CHECK(utf16_offset_from_utf8("Шев", 1) == 0);   // inside «Ш»
}
