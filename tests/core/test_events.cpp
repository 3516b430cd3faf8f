// What the widget tells the host page and the screen reader (abon/events.hpp).
#include <catch2/catch.hpp>

#include "filled_session.hpp"
#include "vectors.hpp"

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

namespace {

// Registered at t = 1000 ms by a 201 that offers 3 more letters, the first after 60 s.
FormSession registered(FollowUpEndpoints endpoints = {true, true}) {
    FormSession s = test::filled_session();
    s.set_follow_up_endpoints(endpoints);
    REQUIRE(s.begin_submit());
    s.apply_reply(interpret_response(201, R"({"status":"pending_confirmation","email":"taras@ukr.net",)"
                                          R"("handle":"AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde",)"
                                          R"("resend_after":60,"resends_left":3})"),
                  1000);
    REQUIRE(s.phase() == Phase::Registered);
    return s;
}

std::string wait_words(int seconds) { return ui::text(ui::Text::ResendWait, Lang::Uk, std::to_string(seconds)); }

}  // namespace

TEST_CASE("after the 201 the countdown is said once when it starts, and its end once", "[events]") {
    const FormSession s = registered();
    const std::string said = announcement(s, Moment::Registered, {}, 1000);
    CHECK(said.rfind("Майже готово! Ми надіслали лист на taras@ukr.net.", 0) == 0);
    CHECK(said.size() > wait_words(60).size());
    CHECK(said.compare(said.size() - wait_words(60).size(), std::string::npos, wait_words(60)) == 0);
    CHECK(announcement(s, Moment::Countdown, {}, 31000) == wait_words(30));
    CHECK(announcement(s, Moment::Countdown, {}, 61000).empty());  // ready: nothing to count
    CHECK(announcement(s, Moment::ResendReady) == std::string(ui::text(ui::Text::ResendReady, Lang::Uk)));

    // Without the element's URLs there is nothing to wait for.
    const FormSession bare = registered({false, false});
    CHECK(announcement(bare, Moment::Registered, {}, 1000) ==
          std::string(ui::text(ui::Text::DoneTitle, Lang::Uk)) + " " +
              ui::text(ui::Text::DoneLetter, Lang::Uk, "taras@ukr.net"));
    CHECK(announcement(bare, Moment::Countdown, {}, 1000).empty());
}

TEST_CASE("a follow-up's answer says what it did, then the next wait or why there is none", "[events]") {
    FormSession s = registered();
    REQUIRE(s.begin_resend(61000));
    s.apply_follow_up_reply(200, R"({"status":"pending_confirmation","email":"taras@ukr.net","resend_after":60,"resends_left":2})",
                            "", 61500);
    CHECK(announcement(s, Moment::FollowUpAnswered, {}, 61500) ==
          ui::text(ui::Text::Resent, Lang::Uk, "taras@ukr.net") + " " + wait_words(60));

    REQUIRE(s.begin_resend(130000));
    s.apply_follow_up_reply(429, R"({"error":"resend_limit_reached"})", "", 130500);
    CHECK(announcement(s, Moment::FollowUpAnswered, {}, 130500) ==
          render_message(ErrorCode::ResendLimitReached, Lang::Uk));
}

TEST_CASE("a reopened address the core refuses is said at its field", "[events]") {
    FormSession s = registered();
    s.open_change_email();
    s.set_text(Field::Email, "taras@");
    s.set_text(Field::EmailConfirm, "taras@");
    CHECK_FALSE(s.begin_change_email(61000));
    CHECK(announcement(s, Moment::ChangeRefused) ==
          "Електронна пошта: " + render_message(s.view(Field::Email).code, Lang::Uk));
}

// tests/vectors/events.json, which the plain driver's successDetail() reads too (issue 23).
TEST_CASE("events.json: the success event's account and address", "[events]") {
    const auto doc = test::load_json("vectors/events.json");
    REQUIRE(doc.at("success").size() >= 5);
    for (const auto& row : doc.at("success")) {
        CAPTURE(row.at("note").get<std::string>());
        FormSession s = test::filled_session();
        s.set_text(Field::Account, row.at("account").get<std::string>());
        s.set_text(Field::Email, row.at("email").get<std::string>());
        s.set_text(Field::EmailConfirm, row.at("email").get<std::string>());
        REQUIRE(s.begin_submit());
        s.apply_reply(interpret_response(201, row.at("body").get<std::string>()));
        REQUIRE(s.phase() == Phase::Registered);
        CHECK(nlohmann::json::parse(success_event(s)) == row.at("detail"));
    }
}
