#include "dom_schema.hpp"

#include "abon/controls.hpp"
#include "abon/json_io.hpp"
#include "abon/ui_text.hpp"

#include <initializer_list>

namespace abon::ui {

std::string dom_schema(const FormSession& session) {
    // Required as the rules say now: the patronymic too until «no patronymic» is ticked.
    RuleConfig rules = session.config().rules;
    rules.patronymic_optional = rules.patronymic_optional && session.no_patronymic();
    const Lang lang = session.lang();
    JsonWriter out;
    // Each button says what it is (its control kind) and, for a field's button, whose.
    const auto button = [&out](Control c) -> JsonWriter& {
        out.begin_object().member("kind", "button").member("id", control_id(c)).member("role", control_kind_id(c.kind));
        if (c.has_field()) out.member("field", field_id(c.field));
        return out;
    };
    out.begin_array();
    for (std::size_t i = 0; i < kFieldCount; ++i) {
        const auto f = static_cast<Field>(i);
        const FieldInput& a = field_input(f);
        const std::string id(field_id(f));
        if (f == Field::Captcha)  // the picture is drawn: the page gives it its text alternative
        {
            button({ControlKind::CaptchaRefresh}).member("picture", text(Text::CaptchaAlt, lang))
                .member("picture_failed", text(Text::CaptchaFailed, lang)).end_object();
            button({ControlKind::CaptchaListen}).member("label", text(Text::CaptchaListen, lang)).end_object();
        }
        out.begin_object().member("kind", "field").member("id", id).member("label", field_label(f, lang));
        out.member("type", a.type).member("inputmode", a.inputmode).member("autocomplete", a.autocomplete);
        out.member("autocapitalize", a.autocapitalize).member("maxlength", a.maxlength);
        out.member("required", field_required(f, rules)).member("remember", a.remembered);
        if (f == Field::LastPayment) out.member("unit", text(Text::AmountUnit, lang));  // inside the box
        if (f == Field::Password) out.member("strength", true);  // the meter under it
        out.end_object();
        if (has_reveal(f)) button({ControlKind::Reveal, f}).member("controls", id).end_object();
        if (has_fix(f)) button({ControlKind::Fix, f}).end_object();
        if (f == Field::Patronymic)
            out.begin_object().member("kind", "checkbox").member("id", control_id({ControlKind::NoPatronymic}))
                .member("label", text(Text::NoPatronymic, lang)).member("remember", a.remembered).end_object();  // with its field
    }
    button({ControlKind::Register}).member("submit", true).end_object();
    // The success screen: its text, the webmail link, then the follow-ups' buttons.
    out.begin_object().member("kind", "done").member("id", control_id({ControlKind::Done})).end_object();
    out.begin_object().member("kind", "link").member("id", control_id({ControlKind::Mailbox}))
        .member("role", control_kind_id(ControlKind::Mailbox)).end_object();
    for (const ControlKind k : {ControlKind::Resend, ControlKind::ChangeEmail, ControlKind::SendToNew, ControlKind::CancelChange})
        button({k}).end_object();
    return out.end_array().take();
}

}  // namespace abon::ui
