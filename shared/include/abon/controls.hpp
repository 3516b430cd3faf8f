// abon/controls.hpp — the widget's DOM elements by id: one table for the module, the loader
// and the layout it sends (spec §6). An id is a field's id ("surname"), a field's button
// ("fix:surname", "reveal:password"), or one of the form's own ("no_patronymic",
// "captcha_refresh", "captcha_listen", "register", "done", and the success screen's "mailbox", "resend",
// "change_email", "send_to_new", "cancel_change").
#pragma once

#include "abon/form.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace abon {

enum class ControlKind {
    Field,           // the field's <input>
    Fix,             // the one-click fix under a field (wrong layout, email typo)
    Reveal,          // show / hide a password
    NoPatronymic,    // the checkbox
    CaptchaRefresh,  // «Інша картинка»
    CaptchaListen,   // «Прослухати літери»: plays the challenge's sound (its href), where it has one
    Register,        // the submit button
    Done,            // the confirmation text, once registered
    Mailbox,         // the link to the address's webmail (<a target="_blank">)
    Resend,          // «Надіслати лист ще раз»
    ChangeEmail,     // «Змінити адресу»: the email fields again
    SendToNew,       // «Надіслати на нову адресу»
    CancelChange,    // «Скасувати»: back to the success screen
};

struct Control {
    ControlKind kind = ControlKind::Field;
    Field field = Field::Surname;  // for Field, Fix and Reveal; Surname otherwise
    friend bool operator==(const Control& a, const Control& b) {
        return a.kind == b.kind && (!a.has_field() || a.field == b.field);
    }
    bool has_field() const { return kind == ControlKind::Field || kind == ControlKind::Fix || kind == ControlKind::Reveal; }
};

std::string control_id(Control c);                       // "fix:email"
std::optional<Control> parse_control_id(std::string_view id);
std::string_view control_kind_id(ControlKind k);         // "fix", "reveal", …

// Which fields have which buttons (FieldInput's may_suggest and secret, abon/form.hpp).
bool has_fix(Field f);
bool has_reveal(Field f);

}  // namespace abon
