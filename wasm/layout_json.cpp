#include "layout_json.hpp"

#include "abon/controls.hpp"
#include "abon/json_io.hpp"

#include <cmath>

namespace abon::ui {
namespace {

// Boxes only where the canvas places the elements: the DOM rendering lets the page lay them out.
void rect_json(JsonWriter& out, std::string_view name, const Rect& r, bool placed) {
    if (!placed) return;
    auto round = [](float v) { return std::round(v * 2) / 2; };
    out.key(name).begin_array().value(round(r.x)).value(round(r.y)).value(round(r.w)).value(round(r.h)).end_array();
}

}  // namespace

std::string layout_json(const Layout& layout) {
    JsonWriter out;
    const bool placed = layout.placed;
    out.begin_object();
    if (placed) out.member("width", layout.width).member("height", layout.height);
    out.member("phase", layout.phase == Phase::Registered ? "registered"
                        : layout.phase == Phase::Sending ? "sending" : "editing");
    out.member("notice", layout.notice);
    out.member("captcha", layout.picture == PictureState::Ready    ? "ready"
                          : layout.picture == PictureState::Failed ? "failed" : "loading");
    out.key("picture").begin_object().member("label", layout.picture_label).member("status", layout.picture_status).end_object();
    out.key("fields").begin_object();
    for (std::size_t i = 0; i < kFieldCount; ++i) {
        const FieldBox& fb = layout.fields[i];
        out.key(field_id(static_cast<Field>(i))).begin_object();
        rect_json(out, "label", fb.label, placed);
        rect_json(out, "box", fb.box, placed);
        out.member("visible", fb.visible).member("disabled", fb.disabled);
        out.member("state", field_state_id(fb.view.state)).member("code", error_id(fb.view.code));
        out.member("message", fb.view.message).member("description", fb.description);
        out.member("hint", fb.hint).member("strength", fb.strength).member("strength_level", fb.strength_id);
        out.end_object();
    }
    out.end_object().key("controls").begin_object();
    for (const ControlBox& c : layout.controls) {
        out.key(c.id).begin_object();
        if (const auto parsed = parse_control_id(c.id)) {
            out.member("kind", control_kind_id(parsed->kind));
            if (parsed->has_field()) out.member("field", field_id(parsed->field));
        }
        rect_json(out, "box", c.box, placed);
        out.member("visible", c.visible).member("disabled", c.disabled).member("pressed", c.pressed);
        out.member("busy", c.busy).member("label", c.label);
        if (!c.href.empty()) out.member("href", c.href);
        out.end_object();
    }
    out.end_object().key(control_id({ControlKind::Done})).begin_object();
    rect_json(out, "box", layout.done, placed);
    out.member("text", layout.done_text).member("title", layout.done_title).member("letter", layout.done_letter);
    out.member("advice", layout.done_advice).member("notice", layout.done_notice);
    out.member("notice_state", layout.done_notice_state).member("sender", layout.done_sender);
    rect_json(out, "advice_box", layout.advice, placed);
    out.member("change_intro", layout.change_intro);
    rect_json(out, "change_intro_box", layout.change_intro_box, placed);
    out.end_object();
    return out.end_object().take();
}

}  // namespace abon::ui
