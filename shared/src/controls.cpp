#include "abon/controls.hpp"

#include <array>
#include <utility>

namespace abon {
namespace {

// The kinds with a field say so with "<kind>:<field>"; Field is the bare field id.
constexpr std::array<std::pair<ControlKind, std::string_view>, 13> kKinds{{
    {ControlKind::Field, "field"},
    {ControlKind::Fix, "fix"},
    {ControlKind::Reveal, "reveal"},
    {ControlKind::NoPatronymic, "no_patronymic"},
    {ControlKind::CaptchaRefresh, "captcha_refresh"},
    {ControlKind::CaptchaListen, "captcha_listen"},
    {ControlKind::Register, "register"},
    {ControlKind::Done, "done"},
    {ControlKind::Mailbox, "mailbox"},
    {ControlKind::Resend, "resend"},
    {ControlKind::ChangeEmail, "change_email"},
    {ControlKind::SendToNew, "send_to_new"},
    {ControlKind::CancelChange, "cancel_change"},
}};

}  // namespace

std::string_view control_kind_id(ControlKind k) {
    for (const auto& [kind, id] : kKinds)
        if (kind == k) return id;
    return {};
}

std::string control_id(Control c) {
    if (c.kind == ControlKind::Field) return std::string(field_id(c.field));
    if (c.has_field()) return std::string(control_kind_id(c.kind)) + ":" + std::string(field_id(c.field));
    return std::string(control_kind_id(c.kind));
}

std::optional<Control> parse_control_id(std::string_view id) {
    if (const auto f = parse_field_id(id)) return Control{ControlKind::Field, *f};
    if (const auto colon = id.find(':'); colon != std::string_view::npos) {
        const std::string_view kind = id.substr(0, colon);
        const auto f = parse_field_id(id.substr(colon + 1));
        if (!f) return std::nullopt;
        if (kind == control_kind_id(ControlKind::Fix) && has_fix(*f)) return Control{ControlKind::Fix, *f};
        if (kind == control_kind_id(ControlKind::Reveal) && has_reveal(*f)) return Control{ControlKind::Reveal, *f};
        return std::nullopt;
    }
    for (const auto& [kind, name] : kKinds)
        if (kind != ControlKind::Field && kind != ControlKind::Fix && kind != ControlKind::Reveal && name == id)
            return Control{kind};
    return std::nullopt;
}

bool has_fix(Field f) { return field_input(f).may_suggest; }

bool has_reveal(Field f) { return field_input(f).secret; }

}  // namespace abon
