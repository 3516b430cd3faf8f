// What the widget tells the host page and the screen reader (abon/events.hpp).
#include <catch2/catch.hpp>

#include "filled_session.hpp"

#include "abon/events.hpp"
#include "abon/ui_text.hpp"

#include <string>

using namespace abon;

namespace {

// The session after the server answered `status` with `body`.
FormSession answered(int status, const std::string& body, const std::string& retry_after = {}) {
    FormSession s = test::filled_session();
    s.set_text(Field::Surname, "шевченко");  // sent canonical
    s.set_text(Field::Account, "1234567");
    REQUIRE(s.submit_attempt());
    REQUIRE(s.begin_submit());
    s.apply_reply(interpret_response(status, body, retry_after));
    return s;
}

}  // namespace

TEST_CASE("success: the canonical account and address, and where the letter went", "[events]") {
    const FormSession s = answered(201, R"({"status":"pending_confirmation"})");
    REQUIRE(s.phase() == Phase::Registered);
    CHECK(success_event(s) == R"({"account":"1-234-56-7","email":"taras@ukr.net"})");
    CHECK(announcement(s, Moment::Registered) ==
          "Майже готово! Ми надіслали лист на taras@ukr.net. Відкрийте його та перейдіть за посиланням, "
          "щоб підтвердити реєстрацію.");
}

TEST_CASE("a 422: the first field's code in form order, the fields by id", "[events]") {
    const ServerReply r =
        interpret_response(422, R"({"errors":{"surname":"name_digits","account":"account_digit_count"}})");
    CHECK(error_event_code(r) == ErrorCode::NameDigits);
    CHECK(error_event(r, 422) ==
          R"({"code":"name_digits","fields":{"account":"account_digit_count","surname":"name_digits"},"status":422})");
}

TEST_CASE("a form-level failure names its own code and no field", "[events]") {
    CHECK(error_event(interpret_response(409, R"({"error":"account_already_registered"})"), 409) ==
          R"({"code":"account_already_registered","fields":{},"status":409})");
    CHECK(error_event(interpret_response(0, ""), 0) == R"({"code":"network_error","fields":{},"status":0})");
    CHECK(error_event(interpret_response(-1, ""), -1) == R"({"code":"timeout","fields":{},"status":-1})");
    // A server's own code the core does not know is not passed on as it came.
    const std::string odd = error_event(interpret_response(418, R"({"error":"<script>"})"), 418);
    CHECK(odd.find("<script>") == std::string::npos);
}

TEST_CASE("a refused answer is announced by its notice, else by the first field", "[events]") {
    const FormSession limited = answered(429, R"({"error":"rate_limited"})", "30");
    REQUIRE(limited.notice());
    CHECK(announcement(limited, Moment::ReplyRefused) == limited.notice()->message);
    CHECK(announcement(limited, Moment::ReplyRefused).find("30") != std::string::npos);

    const FormSession mismatch = answered(422, R"({"errors":{"account":"account_details_mismatch"}})");
    const std::string said = announcement(mismatch, Moment::ReplyRefused);
    CHECK_FALSE(said.empty());
    if (!mismatch.notice())
        CHECK(said == "Особовий рахунок: " + render_message(ErrorCode::AccountDetailsMismatch, Lang::Uk));
}

TEST_CASE("the form's own refusal names the note and the first field to fix", "[events]") {
    FormSession s;
    CHECK_FALSE(s.submit_attempt());
    CHECK(announcement(s, Moment::SubmitRefused) ==
          std::string(ui::text(ui::Text::CheckFields, Lang::Uk)) + " Прізвище: Заповніть це поле");
    FormSession en({}, Lang::En);
    CHECK_FALSE(en.submit_attempt());
    CHECK(announcement(en, Moment::SubmitRefused).rfind("Please check the fields marked in red.", 0) == 0);
    CHECK(announcement(test::filled_session(), Moment::SubmitRefused).empty());  // nothing to fix: nothing said
}

TEST_CASE("a fix is announced as the field's new text; the rest in the session's language", "[events]") {
    FormSession s;
    s.set_text(Field::Email, "taras@ukr.nte");
    s.blur(Field::Email);
    REQUIRE(s.apply_suggestion(Field::Email));
    CHECK(announcement(s, Moment::FixApplied, Field::Email) == s.text(Field::Email));
    CHECK(announcement(s, Moment::FixApplied).empty());
    CHECK(announcement(s, Moment::Sending) == "Надсилаємо…");
    CHECK(announcement(FormSession({}, Lang::En), Moment::CaptchaFailed) ==
          std::string(ui::text(ui::Text::CaptchaFailed, Lang::En)));
}
