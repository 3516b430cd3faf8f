// The widget's element ids (abon/controls.hpp): one spelling for the module and the loader.
#include <catch2/catch.hpp>

#include "abon/controls.hpp"

#include <set>
#include <string>

using namespace abon;

TEST_CASE("every control id reads back as the control it names", "[controls]") {
    std::set<std::string> ids;
    auto round_trip = [&](Control c) {
        const std::string id = control_id(c);
        CAPTURE(id);
        const auto back = parse_control_id(id);
        REQUIRE(back);
        CHECK(*back == c);
        CHECK(ids.insert(id).second);  // no two controls share an id
    };
    for (std::size_t i = 0; i < kFieldCount; ++i) {
        const auto f = static_cast<Field>(i);
        round_trip({ControlKind::Field, f});
        if (has_fix(f)) round_trip({ControlKind::Fix, f});
        if (has_reveal(f)) round_trip({ControlKind::Reveal, f});
    }
    for (const ControlKind k : {ControlKind::NoPatronymic, ControlKind::CaptchaRefresh, ControlKind::CaptchaListen, ControlKind::Register,
                                ControlKind::Done, ControlKind::Mailbox, ControlKind::Resend, ControlKind::ChangeEmail,
                                ControlKind::SendToNew, ControlKind::CancelChange})
        round_trip({k});
    CHECK(ids.size() == kFieldCount + 4 + 2 + 10);
}

TEST_CASE("the ids the loader spells are the ones it always spelt", "[controls]") {
    CHECK(control_id({ControlKind::Fix, Field::Email}) == "fix:email");
    CHECK(control_id({ControlKind::Reveal, Field::PasswordConfirm}) == "reveal:password_confirm");
    CHECK(control_id({ControlKind::Field, Field::GivenName}) == "given_name");
    CHECK(control_id({ControlKind::Register}) == "register");
    CHECK(control_id({ControlKind::ChangeEmail}) == "change_email");  // the page's ids: abon-change_email …
    CHECK(control_id({ControlKind::CancelChange}) == "cancel_change");
}

TEST_CASE("ids of no control are refused", "[controls]") {
    for (const char* id : {"", "fix:", "fix:password", "reveal:email", "reveal:nothing", "field", "fix", ":surname",
                           "surname:fix", "Register", "no_patronymic ", "done:surname"}) {
        CAPTURE(id);
        CHECK_FALSE(parse_control_id(id));
    }
}

TEST_CASE("fix buttons go with the names and the email, reveal buttons with the passwords", "[controls]") {
    CHECK(has_fix(Field::Surname));
    CHECK(has_fix(Field::Email));
    CHECK_FALSE(has_fix(Field::EmailConfirm));
    CHECK_FALSE(has_fix(Field::Account));
    CHECK(has_reveal(Field::Password));
    CHECK(has_reveal(Field::PasswordConfirm));
    CHECK_FALSE(has_reveal(Field::Email));
}
