// A session holding the demo account's correct registration, a challenge in hand.
#pragma once

#include "abon/session.hpp"

#include <string>
#include <utility>

namespace abon::test {

inline CaptchaChallenge challenge(std::string token = "tok-1") {
    return {std::move(token), "/api/captcha/tok-1.png", 5, 300};
}

inline FormSession filled_session(WidgetConfig config = {}, Lang lang = Lang::Uk) {
    FormSession s(std::move(config), lang);
    s.set_challenge(challenge());
    s.set_text(Field::Surname, "Шевченко");
    s.set_text(Field::GivenName, "Тарас");
    s.set_text(Field::Patronymic, "Григорович");
    s.set_text(Field::Account, "1-234-56-7");
    s.set_text(Field::Password, "Kobzar1814poet");
    s.set_text(Field::PasswordConfirm, "Kobzar1814poet");
    s.set_text(Field::Email, "taras@ukr.net");
    s.set_text(Field::EmailConfirm, "taras@ukr.net");
    s.set_text(Field::Captcha, "KXRTA");
    s.set_text(Field::LastPayment, "1234,56");
    return s;
}

}  // namespace abon::test
