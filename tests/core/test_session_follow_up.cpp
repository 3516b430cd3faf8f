// The success screen's follow-ups (issue 14): the sender config key, the follow-up answers, and the
// session's resend / change-email state machine with the time given as a parameter.
#include "vectors.hpp"

#include "abon/events.hpp"
#include "abon/session.hpp"
#include "abon/ui_text.hpp"

#include <string>

using namespace abon;

namespace {

const std::string kHandle = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";  // 43 base64url characters

std::string created(int after = 60, int left = 3, const std::string& email = "taras@ukr.net") {
    return R"({"status":"pending_confirmation","account":"1-234-56-7","email":")" + email + R"(","handle":")" +
           kHandle + R"(","resend_after":)" + std::to_string(after) + R"(,"resends_left":)" + std::to_string(left) + "}";
}

std::string sent(const std::string& email, int after = 60, int left = 2) {
    return R"({"status":"pending_confirmation","email":")" + email + R"(","resend_after":)" + std::to_string(after) +
           R"(,"resends_left":)" + std::to_string(left) + "}";
}

// The demo account registered at t = 1000 ms, the element having both URLs.
FormSession registered(const std::string& body = created(), FollowUpEndpoints endpoints = {true, true},
                       const std::string& email = "taras@ukr.net", WidgetConfig config = {}) {
    FormSession s(std::move(config));
    s.set_follow_up_endpoints(endpoints);
    s.set_challenge({"tok-1", "/api/captcha/tok-1.png", 5, 300});
    const std::pair<Field, const char*> typed[] = {
        {Field::Surname, "Шевченко"}, {Field::GivenName, "Тарас"}, {Field::Patronymic, "Григорович"},
        {Field::Account, "1-234-56-7"}, {Field::Password, "Kobzar1814poet"}, {Field::PasswordConfirm, "Kobzar1814poet"},
        {Field::Captcha, "KXRTA"}, {Field::LastPayment, "1234,56"}};
    for (const auto& [f, text] : typed) s.set_text(f, text);
    s.set_text(Field::Email, email);
    s.set_text(Field::EmailConfirm, email);
    REQUIRE(s.begin_submit());
    s.apply_reply(interpret_response(201, body), 1000);
    REQUIRE(s.phase() == Phase::Registered);
    return s;
}

}  // namespace

TEST_CASE("the sender address is configurable and checked as an address", "[follow_up]") {
    CHECK(WidgetConfig{}.sender == "noreply@te.pl.ua");
    const ConfigResult ok = parse_widget_config(R"({"sender": " Kabinet@TE.PL.UA "})");
    REQUIRE(ok.config);
    CHECK(ok.config->sender == "Kabinet@te.pl.ua");  // trimmed, domain lower-cased
    for (const char* bad : {R"({"sender": ""})", R"({"sender": "noreply"})", R"({"sender": 1})",
                            R"({"sender": "a@b.invalid"})", R"({"sender": null})"}) {
        CAPTURE(bad);
        const ConfigResult r = parse_widget_config(bad);
        CHECK_FALSE(r.config);
        CHECK(r.error == "config: sender must be an email address");
    }
}

TEST_CASE("a 201 offers a follow-up only with a usable handle and counts", "[follow_up]") {
    const ServerReply r = interpret_response(201, created(45, 3, "Taras@UKR.NET"));
    REQUIRE(r.kind == ReplyKind::Success);
    REQUIRE(r.follow_up);
    CHECK(r.follow_up->handle == kHandle);
    CHECK(r.follow_up->email == "Taras@ukr.net");
    CHECK(r.follow_up->resend_after == 45);
    CHECK(r.follow_up->resends_left == 3);
    CHECK(r.follow_up_problem.empty());

    // tests/vectors/follow_up.json, which the plain form's rules read too.
    for (const auto& row : test::load_json("vectors/follow_up.json").at("offers")) {
        CAPTURE(row.at("note").get<std::string>());
        const ServerReply reply = interpret_response(201, row.at("body").get<std::string>());
        CHECK(reply.kind == ReplyKind::Success);  // registered all the same
        REQUIRE(reply.follow_up.has_value() == row.at("offer").get<bool>());
        if (reply.follow_up) {
            CHECK(reply.follow_up->resend_after == row.at("resend_after").get<int>());
            CHECK(reply.follow_up->resends_left == row.at("resends_left").get<int>());
        }
        // A handle that came but cannot be used is said in the console; none at all is not.
        const bool came = row.at("body").get<std::string>().find("handle") != std::string::npos;
        CHECK(reply.follow_up_problem.empty() != (came && !reply.follow_up));
    }
}

TEST_CASE("the follow-up endpoints' answers", "[follow_up]") {
    for (const auto& row : test::load_json("vectors/follow_up.json").at("replies")) {
        CAPTURE(row.at("note").get<std::string>());
        const ServerReply r = interpret_follow_up_response(row.at("status").get<int>(), row.at("body").get<std::string>(),
                                                           row.at("retry_after").get<std::string>());
        const std::string kind = row.at("kind");
        CHECK(r.kind == (kind == "success" ? ReplyKind::Success : kind == "field_errors" ? ReplyKind::FieldErrors
                                                                                          : ReplyKind::Failure));
        CHECK(error_id(r.code) == row.at("code").get<std::string>());
        if (row.contains("retry_after_seconds")) CHECK(r.retry_after_seconds == row.at("retry_after_seconds").get<int>());
        if (row.contains("email")) CHECK(error_id(r.field_errors.at(Field::Email)) == row.at("email").get<std::string>());
        if (row.contains("resends_left")) CHECK(r.follow_up->resends_left == row.at("resends_left").get<int>());
    }
}

TEST_CASE("the bodies carry the handle and the new address, nothing else", "[follow_up]") {
    CHECK(resend_body(kHandle) == R"({"handle":")" + kHandle + R"("})");
    CHECK(change_email_body(kHandle, "taras@i.ua") == R"({"handle":")" + kHandle + R"(","email":"taras@i.ua"})");
}

TEST_CASE("the success screen names the sender and links the webmail", "[follow_up]") {
    WidgetConfig config;
    config.sender = "kabinet@te.pl.ua";
    FormSession plain(config);
    CHECK(plain.follow_up(0).sender.empty());  // not registered: nothing to show
    const FormSession own = registered(created(), {true, true}, "taras@ukr.net", config);
    CHECK(own.follow_up(1000).sender == "kabinet@te.pl.ua");

    const FormSession s = registered();
    const FollowUpView v = s.follow_up(1000);
    CHECK(v.sender == "noreply@te.pl.ua");
    CHECK(v.email == "taras@ukr.net");
    REQUIRE(v.webmail);
    CHECK(v.webmail->url == "https://mail.ukr.net/");
    CHECK(v.resend_offered);
    CHECK(v.change_offered);

    const FormSession unknown = registered(created(60, 3, "taras@example.com"), {true, true}, "taras@example.com");
    CHECK_FALSE(unknown.follow_up(1000).webmail);
}

TEST_CASE("without the element's URLs or the 201's handle there are no buttons", "[follow_up]") {
    const FormSession no_urls = registered(created(), {});
    const FollowUpView a = no_urls.follow_up(1000);
    CHECK_FALSE(a.resend_offered);
    CHECK_FALSE(a.change_offered);
    CHECK(a.webmail);               // the sender line and the link stay
    CHECK(a.notice == ErrorCode::Ok);
    CHECK(no_urls.follow_up_wake_ms(1000) == -1);  // no countdown, no frames

    FormSession no_handle = registered(R"({"status":"pending_confirmation"})");
    const FollowUpView b = no_handle.follow_up(1000);
    CHECK_FALSE(b.resend_offered);
    CHECK_FALSE(b.change_offered);
    CHECK_FALSE(no_handle.begin_resend(1e9));
    no_handle.open_change_email();
    CHECK_FALSE(no_handle.follow_up(1e9).changing);

    const FormSession resend_only = registered(created(), {true, false});
    CHECK(resend_only.follow_up(1000).resend_offered);
    CHECK_FALSE(resend_only.follow_up(1000).change_offered);
}

TEST_CASE("the countdown follows resend_after, one step a second", "[follow_up]") {
    FormSession s = registered(created(42));
    CHECK(s.follow_up(1000).seconds_left == 42);
    CHECK_FALSE(s.follow_up(1000).ready);
    CHECK(s.follow_up(1001).seconds_left == 42);  // rounded up
    CHECK(s.follow_up(2000).seconds_left == 41);
    CHECK(s.follow_up_wake_ms(1500) == 2000);     // the next whole second
    CHECK(s.follow_up_wake_ms(42999) == 43000);
    CHECK_FALSE(s.begin_resend(42999));           // too soon: nothing is sent
    CHECK(s.follow_up(43000).ready);
    CHECK(s.follow_up(43000).seconds_left == 0);
    CHECK(s.follow_up_wake_ms(43000) == -1);      // idle: nothing more to draw
}

TEST_CASE("a resend sends the handle once per flight and restarts the countdown", "[follow_up]") {
    FormSession s = registered(created(2));
    const auto body = s.begin_resend(3000);
    REQUIRE(body);
    CHECK(*body == resend_body(kHandle));
    CHECK_FALSE(s.begin_resend(3000));  // in flight
    CHECK(s.follow_up(3000).sending);
    CHECK_FALSE(s.follow_up(3000).ready);

    s.apply_follow_up_reply(200, sent("taras@ukr.net", 2, 2), "", 3500);
    const FollowUpView v = s.follow_up(3500);
    CHECK(v.event == FollowUpEvent::Resent);
    CHECK(v.resends_left == 2);
    CHECK(v.seconds_left == 2);
    CHECK_FALSE(v.sending);
    s.apply_follow_up_reply(200, sent("taras@ukr.net"), "", 3600);  // a late duplicate changes nothing
    CHECK(s.follow_up(3600).resends_left == 2);
}

TEST_CASE("a 429 with Retry-After sets the countdown; the limit ends the follow-ups", "[follow_up]") {
    FormSession s = registered(created(0));
    REQUIRE(s.begin_resend(1000));
    s.apply_follow_up_reply(429, R"({"error":"rate_limited"})", "30", 1000);
    CHECK(s.follow_up(1000).seconds_left == 30);
    CHECK(s.follow_up(1000).notice == ErrorCode::Ok);  // the countdown says it
    REQUIRE(s.begin_resend(31000));
    s.apply_follow_up_reply(429, R"({"error":"resend_limit_reached"})", "", 31000);
    const FollowUpView v = s.follow_up(31000);
    CHECK_FALSE(v.resend_offered);
    CHECK_FALSE(v.change_offered);
    CHECK(v.notice == ErrorCode::ResendLimitReached);
    CHECK_FALSE(s.begin_resend(1e9));
}

TEST_CASE("resends_left 0 takes the buttons away and says why", "[follow_up]") {
    FormSession s = registered(created(0, 1));
    REQUIRE(s.begin_resend(1000));
    s.apply_follow_up_reply(200, sent("taras@ukr.net", 60, 0), "", 1000);
    const FollowUpView v = s.follow_up(1000);
    CHECK(v.event == FollowUpEvent::Resent);
    CHECK_FALSE(v.resend_offered);
    CHECK(v.notice == ErrorCode::ResendLimitReached);
    CHECK(s.follow_up_wake_ms(1000) == -1);
}

TEST_CASE("a registration the server no longer knows ends the follow-ups with its message", "[follow_up]") {
    FormSession s = registered(created(0));
    REQUIRE(s.begin_resend(1000));
    s.apply_follow_up_reply(404, R"({"error":"registration_not_found"})", "", 1000);
    const FollowUpView v = s.follow_up(1000);
    CHECK_FALSE(v.resend_offered);
    CHECK(v.notice == ErrorCode::RegistrationNotFound);
}

TEST_CASE("a failed resend keeps the buttons and says why", "[follow_up]") {
    FormSession s = registered(created(0));
    REQUIRE(s.begin_resend(1000));
    s.apply_follow_up_reply(0, "", "", 1000);
    const FollowUpView v = s.follow_up(1000);
    CHECK(v.resend_offered);
    CHECK(v.ready);
    CHECK(v.notice == ErrorCode::NetworkError);
    REQUIRE(s.begin_resend(1000));  // may try again at once
    CHECK(s.follow_up(1000).notice == ErrorCode::Ok);
}

TEST_CASE("changing the address reopens the email fields, validated as before", "[follow_up]") {
    FormSession s = registered(created(0, 3, "taras@ukr.ner"), {true, true}, "taras@ukr.ner");
    s.open_change_email();
    REQUIRE(s.follow_up(1000).changing);
    CHECK(s.text(Field::Email) == "taras@ukr.ner");  // the address as sent, to correct
    CHECK(s.text(Field::EmailConfirm).empty());
    CHECK(s.view(Field::Email).state == FieldState::Untouched);

    CHECK_FALSE(s.begin_change_email(1000));  // the confirmation is empty: both verdicts show
    CHECK(s.view(Field::EmailConfirm).state == FieldState::Error);
    CHECK(s.view(Field::Email).suggestion == "taras@ukr.net");  // the same typo fix
    REQUIRE(s.apply_suggestion(Field::Email));
    s.set_text(Field::EmailConfirm, "taras@ukr.net");
    CHECK_FALSE(s.begin_resend(1000));  // no resend while the fields are open

    const auto body = s.begin_change_email(1000);
    REQUIRE(body);
    CHECK(*body == change_email_body(kHandle, "taras@ukr.net"));
    CHECK_FALSE(s.begin_change_email(1000));  // once per flight
    s.apply_follow_up_reply(200, sent("taras@ukr.net", 60, 2), "", 2000);
    const FollowUpView v = s.follow_up(2000);
    CHECK_FALSE(v.changing);
    CHECK(v.event == FollowUpEvent::Changed);
    CHECK(v.email == "taras@ukr.net");
    CHECK(s.registered_email() == "taras@ukr.net");
    CHECK(v.seconds_left == 60);
}

TEST_CASE("a 422 puts the server's error at the email field and keeps the fields open", "[follow_up]") {
    FormSession s = registered(created(0));
    s.open_change_email();
    s.set_text(Field::Email, "taras@i.ua");
    s.set_text(Field::EmailConfirm, "taras@i.ua");
    REQUIRE(s.begin_change_email(1000));
    s.apply_follow_up_reply(422, R"({"errors":{"email":"email_domain_invalid"}})", "", 1000);
    CHECK(s.follow_up(1000).changing);
    CHECK(s.view(Field::Email).code == ErrorCode::EmailDomainInvalid);
    CHECK_FALSE(s.begin_change_email(1000));  // until the field is edited
    s.set_text(Field::Email, "taras@meta.ua");
    s.set_text(Field::EmailConfirm, "taras@meta.ua");
    CHECK(s.begin_change_email(1000));
}

TEST_CASE("cancelling the change keeps the address the letter went to", "[follow_up]") {
    FormSession s = registered(created(5));
    s.open_change_email();
    s.set_text(Field::Email, "other@ukr.net");
    s.set_text(Field::EmailConfirm, "other@ukr.net");
    CHECK_FALSE(s.begin_change_email(2000));  // too soon, even when both fields are right
    s.cancel_change_email();
    const FollowUpView v = s.follow_up(2000);
    CHECK_FALSE(v.changing);
    CHECK(v.email == "taras@ukr.net");
    s.reset();
    CHECK_FALSE(s.follow_up(2000).resend_offered);
    CHECK(s.phase() == Phase::Editing);
}

// tests/vectors/follow_up.json "countdown" and "countdown_words", which the plain driver's
// secondsLeft(), countdownSentence() and countdownWords() read too (issue 23).
TEST_CASE("follow_up.json: the countdown after the 201, and the sentence said as it starts", "[follow_up]") {
    for (const auto& row : test::load_json("vectors/follow_up.json").at("countdown")) {
        CAPTURE(row.at("note").get<std::string>());
        const FormSession s = registered(created(row.at("resend_after").get<int>()));
        const double now = 1000 + row.at("elapsed_ms").get<double>();  // registered at 1000 ms
        CHECK(s.follow_up(now).seconds_left == row.at("seconds_left").get<int>());
        CHECK(announcement(s, Moment::Countdown, {}, now) == row.at("wait").get<std::string>());
    }
}

TEST_CASE("follow_up.json: the follow-up buttons' words", "[follow_up]") {
    using ui::Text;
    for (const auto& row : test::load_json("vectors/follow_up.json").at("countdown_words")) {
        CAPTURE(row.at("note").get<std::string>());
        const Lang lang = row.at("lang") == "en" ? Lang::En : Lang::Uk;
        const bool sending = row.at("sending");
        const int seconds = row.at("seconds_left");
        CHECK(ui::countdown_words(Text::Resend, Text::ResendIn, sending, seconds, lang) == row.at("resend").get<std::string>());
        CHECK(ui::countdown_words(Text::SendToNew, Text::SendToNewIn, sending, seconds, lang) ==
              row.at("send_to_new").get<std::string>());
    }
}
