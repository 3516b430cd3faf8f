// The payload (abon/payload.hpp, [SECTION] Payload): one structure from the form, which the
// encoders (encoding.cpp) write and the server's reading (payload_parse.cpp) fills.
#include "abon/payload.hpp"

namespace abon {

Payload make_payload(const FormVerdict& form, const FormInput& input, std::string_view captcha_token, Lang lang) {
    Payload p;
    for (const Field f : {Field::Surname, Field::GivenName, Field::Patronymic, Field::Account, Field::Email, Field::Captcha})
        p.input[f] = form[f] ? form[f]->value : std::string();
    // The password as typed, in room of its own: never in a short-string buffer that a move
    // would leave behind unwiped.
    std::string& password = p.input[Field::Password].emplace();
    const std::string_view typed = input[Field::Password] ? std::string_view(*input[Field::Password]) : "";
    password.reserve(typed.size() < 32 ? 32 : typed.size());
    password.assign(typed);
    p.captcha_token = std::string(captcha_token);
    const auto& amount = form[Field::LastPayment];
    p.kopecks = amount && amount->kopecks ? *amount->kopecks : 0;
    p.lang = lang;
    return p;
}

}  // namespace abon
