#include "form_view.hpp"

#include "abon/controls.hpp"
#include "abon/theme.hpp"
#include "abon/ui_text.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <initializer_list>

namespace abon::ui {
namespace {

constexpr std::string_view kBullet = "\xE2\x80\xA2";  // U+2022, drawn for each password character
constexpr float kPi = 3.14159265f;

std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (const char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

std::string id_of(Field f) { return std::string(field_id(f)); }

Rect expand(Rect r, float by) { return {r.x - by, r.y - by, r.w + 2 * by, r.h + 2 * by}; }

class FormPainter {
public:
    FormPainter(ImDrawList* dl, const FormSession& s, UiState& ui, const Fonts& fonts)
        : dl_(dl), s_(s), ui_(ui), fonts_(fonts), lang_(s.lang()) {}

    Layout run(float width);

private:
    // [SECTION] Measuring and drawing primitives (drawing is a no-op without a list)
    // Without fonts (the DOM rendering: no canvas, no atlas) nothing is measured: the
    // layout then says what each element shows, not where.
    float width_of(ImFont* font, float size, std::string_view s) const {
        return font ? font->CalcTextSizeA(size, FLT_MAX, 0.0f, s.data(), s.data() + s.size()).x : 0.0f;
    }
    float height_of(ImFont* font, float size, std::string_view s, float wrap) const {
        return font ? font->CalcTextSizeA(size, FLT_MAX, wrap, s.data(), s.data() + s.size()).y : 0.0f;
    }
    // y is the top of the text's first one-em line box, as in the DOM form (line-height: 1).
    void draw_text(ImFont* font, float size, float x, float y, ImU32 col, std::string_view s, float wrap_width = 0) {
        if (dl_) dl_->AddText(font, size, ImVec2(x, y - fonts_.lead(font)), col, s.data(), s.data() + s.size(), wrap_width);
    }
    void fill(Rect r, ImU32 col, float rounding = 0) {
        if (dl_) dl_->AddRectFilled(ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h), col, rounding);
    }
    void outline(Rect r, ImU32 col, float rounding, float thickness) {
        // ImGui strokes on the path; inset by half the thickness so the stroke stays inside r.
        const float h = thickness / 2;
        if (dl_) dl_->AddRect(ImVec2(r.x + h, r.y + h), ImVec2(r.x + r.w - h, r.y + r.h - h), col, rounding, 0, thickness);
    }
    void focus_ring(Rect r, float rounding) { outline(expand(r, 4), colour::accent, rounding + 4, metric::focus_ring_width); }
    void icon(FieldState state, float x, float y);
    void info_icon(float x, float y);

    // [SECTION] Parts of the form, top to bottom
    void heading();
    void field(Field f);
    void field_text(Field f, Rect input, bool focused);
    void strength_meter();
    float message_row(ImU32 col, FieldState state, std::string_view message, float w);
    void fix_link(Field f, const FieldView& view);
    void no_patronymic_box();
    void captcha_picture();
    void submit_area();
    void done_head(const FollowUpView& f);
    void done_tail(const FollowUpView& f);
    void follow_up_actions(const FollowUpView& f);
    void change_email_buttons(const FollowUpView& f);
    void button(const ControlBox& c, bool primary, bool enabled, std::string_view shown);
    Rect button_box(float x, ImFont* font, std::string_view words, float pad_x, float min_h) const;
    float panel(ImU32 fill_col, ImU32 bar_col, std::string_view message, bool info, FieldState state);
    ControlBox& control(std::string id, Rect box, std::string label);
    bool has_keyboard_focus(std::string_view id) const { return ui_.focus_visible && ui_.focus == id; }
    float field_width(Field f) const;

    ImDrawList* dl_;
    const FormSession& s_;
    UiState& ui_;
    const Fonts& fonts_;
    Lang lang_;
    Layout out_;
    float x_ = 0, y_ = 0, content_w_ = 0;
};

Layout FormPainter::run(float width) {
    out_ = Layout{};
    out_.width = width;
    out_.phase = s_.phase();
    out_.picture = ui_.picture.state;
    out_.placed = fonts_.body != nullptr;
    const float pad = width < metric::narrow_below ? metric::padding_narrow : metric::padding;
    x_ = pad;
    y_ = pad;
    content_w_ = std::max(120.0f, width - 2 * pad);

    heading();
    // Registered: the success screen, with the email fields in it while the address changes.
    const bool registered = s_.phase() == Phase::Registered;
    const FollowUpView follow = s_.follow_up(ui_.now_ms);
    if (registered) done_head(follow);
    for (std::size_t i = 0; i < kFieldCount; ++i) {
        const auto f = static_cast<Field>(i);
        if (registered && !(follow.changing && (f == Field::Email || f == Field::EmailConfirm)))
            out_.fields[i].visible = false;
        else
            field(f);
    }
    if (registered) done_tail(follow);
    else submit_area();
    out_.height = std::ceil(y_ + pad);
    outline({0, 0, width, out_.height}, colour::card_border, metric::card_radius, metric::hairline);
    return out_;
}

float FormPainter::field_width(Field f) const {
    const float full = std::min(content_w_, metric::max_field_width);
    switch (f) {  // the box's width hints at the answer's length (GOV.UK's advice)
        case Field::Account: return std::min(full, metric::short_field_width);
        case Field::Captcha: return std::min(full, metric::short_field_width);
        case Field::LastPayment: return std::min(full, metric::amount_field_width);
        default: return full;
    }
}

ControlBox& FormPainter::control(std::string id, Rect box, std::string label) {
    ControlBox c;
    c.id = std::move(id);
    c.box = box;
    c.label = std::move(label);
    out_.controls.push_back(std::move(c));
    return out_.controls.back();
}

void FormPainter::icon(FieldState state, float x, float y) {
    if (!dl_) return;
    const float r = metric::icon_size / 2;
    const ImVec2 c(x + r, y + r);
    const ImU32 white = colour::on_accent;
    auto exclamation = [&](float dy) {
        dl_->AddLine(ImVec2(c.x, c.y - 4.5f + dy), ImVec2(c.x, c.y + 1.5f + dy), white, 2.0f);
        dl_->AddCircleFilled(ImVec2(c.x, c.y + 4.5f + dy), 1.3f, white, 8);
    };
    switch (state) {
        case FieldState::Error:
            dl_->AddCircleFilled(c, r, colour::error, 20);
            exclamation(0);
            break;
        case FieldState::Warning:
            dl_->AddTriangleFilled(ImVec2(c.x, c.y - r), ImVec2(c.x + r + 0.5f, c.y + r - 1),
                                   ImVec2(c.x - r - 0.5f, c.y + r - 1), colour::warning);
            exclamation(1.5f);
            break;
        case FieldState::Ok: {
            dl_->AddCircleFilled(c, r, colour::ok, 20);
            const ImVec2 tick[] = {ImVec2(c.x - 4.5f, c.y + 0.2f), ImVec2(c.x - 1.5f, c.y + 3.4f),
                                   ImVec2(c.x + 4.5f, c.y - 3.4f)};
            dl_->AddPolyline(tick, 3, white, 0, 2.0f);
            break;
        }
        case FieldState::Untouched: break;
    }
}

void FormPainter::info_icon(float x, float y) {
    if (!dl_) return;
    const float r = metric::icon_size / 2;
    const ImVec2 c(x + r, y + r);
    dl_->AddCircleFilled(c, r, colour::accent, 20);
    dl_->AddCircleFilled(ImVec2(c.x, c.y - 4.5f), 1.3f, colour::on_accent, 8);
    dl_->AddLine(ImVec2(c.x, c.y - 1.5f), ImVec2(c.x, c.y + 4.5f), colour::on_accent, 2.0f);
}

void FormPainter::heading() {
    const std::string_view title = text(Text::Title, lang_);
    draw_text(fonts_.title, metric::title_size, x_, y_, colour::text, title, content_w_);
    y_ += height_of(fonts_.title, metric::title_size, title, content_w_) + metric::title_gap;
    if (s_.phase() == Phase::Registered) {
        y_ += metric::done_gap;
        return;
    }
    const std::string_view intro = text(Text::Intro, lang_);
    draw_text(fonts_.body, metric::body_size, x_, y_, colour::muted, intro, content_w_);
    y_ += height_of(fonts_.body, metric::body_size, intro, content_w_) + metric::intro_gap;
}

void FormPainter::field(Field f) {
    FieldBox& fb = out_.fields[static_cast<std::size_t>(f)];
    const FieldView view = s_.view(f);
    const std::string id = id_of(f);
    const bool focused = ui_.focus == id;
    fb.view = view;
    fb.disabled = f == Field::Patronymic && s_.no_patronymic();

    const std::string_view label = field_label(f, lang_);
    const float label_h = height_of(fonts_.strong, metric::body_size, label, content_w_);  // wraps on phones
    fb.label = {x_, y_, std::min(width_of(fonts_.strong, metric::body_size, label), content_w_), label_h + metric::label_reach};
    draw_text(fonts_.strong, metric::body_size, x_, y_, colour::text, label, content_w_);
    y_ += label_h + metric::label_reach + metric::label_gap;

    if (f == Field::Captcha) captcha_picture();

    const Rect box{x_, y_, field_width(f), metric::field_height};
    const ImU32 border = view.state == FieldState::Error     ? colour::error
                         : view.state == FieldState::Warning ? colour::warning
                                                             : colour::field_border;
    fill(box, fb.disabled ? colour::field_disabled : colour::field_fill, metric::field_radius);
    if (focused) outline(expand(box, metric::focus_halo), colour::focus_ring, metric::field_radius + metric::focus_halo, metric::focus_halo);
    const bool marked = view.state == FieldState::Error || view.state == FieldState::Warning;
    outline(box, focused && !marked ? colour::accent : border, metric::field_radius,
            focused || marked ? metric::border_strong : metric::hairline);

    float accessory = 0;  // the part of the box right of the text: a button or a unit
    if (has_reveal(f)) {
        FieldEdit& edit = ui_.edits[static_cast<std::size_t>(f)];
        const std::string_view word = text(edit.revealed ? Text::HidePassword : Text::ShowPassword, lang_);
        accessory = width_of(fonts_.body, metric::body_size, word) + 2 * metric::field_pad_x;
        const Rect button{box.x + box.w - accessory, box.y, accessory, box.h};
        ControlBox& c = control(control_id({ControlKind::Reveal, f}), button, std::string(word));
        c.pressed = edit.revealed;
        if (dl_) {
            dl_->AddLine(ImVec2(button.x, button.y + metric::reveal_inset),
                         ImVec2(button.x, button.y + button.h - metric::reveal_inset), colour::card_border, metric::hairline);
            draw_text(fonts_.body, metric::body_size, button.x + metric::field_pad_x,
                 button.y + (button.h - metric::body_size) / 2 - 1, colour::accent, word);
            if (has_keyboard_focus(c.id)) focus_ring(expand(button, -4), 4);
        }
    } else if (f == Field::LastPayment) {
        const std::string_view unit = text(Text::AmountUnit, lang_);
        accessory = width_of(fonts_.body, metric::body_size, unit) + 2 * metric::field_pad_x;
        draw_text(fonts_.body, metric::body_size, box.x + box.w - accessory + metric::field_pad_x,
             box.y + (box.h - metric::body_size) / 2 - 1, colour::muted, unit);
    }
    fb.box = {box.x, box.y, box.w - accessory, box.h};
    field_text(f, fb.box, focused);
    y_ += metric::field_height + metric::hint_gap;

    const std::string_view hint_text = hint(f, lang_);
    const float w = field_width(f) > 300 ? field_width(f) : std::min(content_w_, metric::max_field_width);
    draw_text(fonts_.body, metric::body_size, x_, y_, colour::muted, hint_text, w);
    y_ += height_of(fonts_.body, metric::body_size, hint_text, w) + metric::line_gap;
    fb.hint = std::string(hint_text);
    fb.description = fb.hint;

    if (f == Field::Password && s_.strength()) {
        strength_meter();
        fb.strength = text(Text::Strength, lang_, strength_label(*s_.strength(), lang_));
        fb.strength_id = s_.verdict(Field::Password).ok() ? strength_id(*s_.strength()) : "refused";
        fb.description += ". " + fb.strength;
    }
    if (view.state != FieldState::Untouched && !view.message.empty()) {
        const ImU32 col = view.state == FieldState::Error     ? colour::error
                          : view.state == FieldState::Warning ? colour::warning
                                                              : colour::ok;
        y_ += metric::message_gap;
        y_ += message_row(col, view.state, view.message, w) + metric::line_gap;
        fb.description += ". " + view.message;
    }
    if (has_fix(f)) fix_link(f, view);
    if (f == Field::Patronymic) no_patronymic_box();
    y_ += metric::field_gap;
}

void FormPainter::field_text(Field f, Rect input, bool focused) {
    FieldEdit& e = ui_.edits[static_cast<std::size_t>(f)];
    const std::string& typed = s_.text(f);
    const bool bullets = has_reveal(f) && !e.revealed;
    ImFont* font = fonts_.body;
    const float size = metric::body_size;
    // A password is drawn as the browser masks it: one mask glyph a character, each at the
    // advance of the browser's own mask glyph where the page measured it.
    const std::size_t masked = bullets ? code_points(typed) : 0;
    const float mask_w = ui_.mask_advance > 0 ? ui_.mask_advance * size : width_of(font, size, kBullet);
    auto x_at = [&](std::size_t offset) {
        offset = std::min(offset, typed.size());
        if (bullets) return static_cast<float>(code_points(std::string_view(typed).substr(0, offset))) * mask_w;
        return width_of(font, size, std::string_view(typed).substr(0, offset));
    };

    const float inner_w = input.w - 2 * metric::field_pad_x;
    const float full = bullets ? static_cast<float>(masked) * mask_w : width_of(font, size, typed);
    const float caret_x = x_at(e.sel_end);
    if (e.page_scroll >= 0) {
        e.scroll = e.page_scroll;  // where the input itself scrolled its text: clicks land by it
    } else if (!focused) {
        e.scroll = 0;
    } else {
        if (caret_x - e.scroll > inner_w - metric::caret_width) e.scroll = caret_x - inner_w + metric::caret_width;
        if (caret_x < e.scroll) e.scroll = caret_x;
        e.scroll = std::max(0.0f, std::min(e.scroll, full - inner_w + metric::caret_width));
    }
    if (!dl_) return;

    const float ox = input.x + metric::field_pad_x - e.scroll;
    const float ty = input.y + (input.h - size) / 2;  // the input centres its one-em line
    // The input shows its text inside its padding: so does the drawing (the caret may sit on the edge).
    dl_->PushClipRect(ImVec2(input.x + metric::field_pad_x, input.y + 2),
                      ImVec2(input.x + input.w - metric::field_pad_x + metric::caret_width, input.y + input.h - 2), true);
    if (typed.empty() && !e.composing) {
        const std::string_view ph = placeholder(f, lang_);
        if (!ph.empty()) draw_text(font, size, ox, ty, colour::placeholder, ph);
    }
    if (focused && e.sel_start != e.sel_end) {
        const float a = x_at(std::min(e.sel_start, e.sel_end)), b = x_at(std::max(e.sel_start, e.sel_end));
        fill({ox + a, ty - 1, b - a, size + 4}, colour::selection);
    }
    if (bullets) {
        for (std::size_t i = 0; i < masked; ++i) draw_text(font, size, ox + static_cast<float>(i) * mask_w, ty, colour::text, kBullet);
    } else {
        draw_text(font, size, ox, ty, colour::text, typed);
    }
    if (e.composing && e.comp_end > e.comp_start) {  // the IME's text in progress is underlined
        const float a = x_at(e.comp_start), b = x_at(e.comp_end);
        dl_->AddLine(ImVec2(ox + a, ty + size + 2), ImVec2(ox + b, ty + size + 2), colour::text, 1.0f);
    }
    if (focused && ui_.caret_on && e.sel_start == e.sel_end)
        fill({ox + caret_x, ty - 1, metric::caret_width, size + 4}, colour::text);
    dl_->PopClipRect();
}

void FormPainter::strength_meter() {
    const Strength level = *s_.strength();
    const int filled = static_cast<int>(level) + 1;
    // Red only for a password the rule refuses; an accepted but weak one is amber.
    const bool refused = !s_.verdict(Field::Password).ok();
    const ImU32 col = level == Strength::Weak && refused                   ? colour::error
                      : level == Strength::Weak || level == Strength::Fair ? colour::warning
                                                                            : colour::ok;
    const float w = std::min(content_w_, metric::meter_width), gap = metric::meter_gap, seg = (w - 3 * gap) / 4;
    for (int i = 0; i < 4; ++i)
        fill({x_ + static_cast<float>(i) * (seg + gap), y_ + metric::meter_above, seg, metric::meter_height},
             i < filled ? col : colour::meter_empty, metric::meter_radius);
    y_ += metric::meter_above + metric::meter_height + metric::meter_below;
    const std::string words = text(Text::Strength, lang_, strength_label(level, lang_));
    draw_text(fonts_.body, metric::body_size, x_, y_, colour::muted, words);
    y_ += metric::body_size + metric::strength_below;
}

float FormPainter::message_row(ImU32 col, FieldState state, std::string_view message, float w) {
    const float indent = metric::icon_size + metric::icon_gap;
    const float h = std::max(height_of(fonts_.body, metric::body_size, message, w - indent), metric::icon_size);
    icon(state, x_, y_ + 1);
    draw_text(fonts_.body, metric::body_size, x_ + indent, y_, col, message, w - indent);
    return h;
}

void FormPainter::fix_link(Field f, const FieldView& view) {
    const std::string id = control_id({ControlKind::Fix, f});
    if (view.suggestion.empty()) {
        control(id, {}, {}).visible = false;
        return;
    }
    const std::string shown = f == Field::Email ? view.suggestion : "«" + view.suggestion + "»";
    const std::string words = text(Text::FixTo, lang_, shown);
    const float indent = metric::icon_size + metric::icon_gap;
    const float w = std::min(width_of(fonts_.body, metric::body_size, words), content_w_ - indent);
    const Rect r{x_ + indent, y_, w, metric::fix_height};
    ControlBox& c = control(id, expand(r, 4), words);
    (void)c;
    draw_text(fonts_.body, metric::body_size, r.x, r.y, colour::accent, words, r.w + 1);
    if (dl_) {
        const float underline = r.y + metric::body_size + 2;
        dl_->AddLine(ImVec2(r.x, underline), ImVec2(r.x + w, underline), colour::accent, 1.0f);
        if (has_keyboard_focus(id)) focus_ring(r, 3);
    }
    y_ += r.h + metric::fix_below;
}

void FormPainter::no_patronymic_box() {
    if (!s_.no_patronymic_allowed()) {
        control(control_id({ControlKind::NoPatronymic}), {}, {}).visible = false;
        return;
    }
    const std::string_view words = text(Text::NoPatronymic, lang_);
    const float box = metric::check_size;
    const Rect row{x_, y_ + metric::check_above, box + metric::check_gap + width_of(fonts_.body, metric::body_size, words),
                   metric::check_height};
    ControlBox& c = control(control_id({ControlKind::NoPatronymic}), row, std::string(words));
    c.pressed = s_.no_patronymic();
    if (dl_) {
        const Rect b{row.x, row.y + 3, box, box};
        if (c.pressed) {
            fill(b, colour::accent, 4);
            const ImVec2 tick[] = {ImVec2(b.x + 5, b.y + 11.5f), ImVec2(b.x + 9.5f, b.y + 16),
                                   ImVec2(b.x + 17, b.y + 6.5f)};
            dl_->AddPolyline(tick, 3, colour::on_accent, 0, 2.2f);
        } else {
            fill(b, colour::field_fill, 4);
            outline(b, colour::field_border, 4, 1.5f);
        }
        draw_text(fonts_.body, metric::body_size, b.x + box + metric::check_gap, row.y + 4, colour::text, words);
        if (has_keyboard_focus(c.id)) focus_ring(row, 4);
    }
    y_ += metric::check_above + row.h + metric::check_below;
}

void FormPainter::captcha_picture() {
    const Picture& p = ui_.picture;
    float pw = metric::picture_width, ph = metric::picture_height;
    if (p.state == PictureState::Ready && p.width > 0 && p.height > 0) {
        const float scale = std::min({1.0f, metric::picture_max_height / static_cast<float>(p.height),
                                      content_w_ / static_cast<float>(p.width)});
        pw = std::floor(static_cast<float>(p.width) * scale);
        ph = std::floor(static_cast<float>(p.height) * scale);
    }
    std::string_view status;
    if (p.state == PictureState::Loading) status = text(Text::CaptchaLoading, lang_);
    if (p.state == PictureState::Failed) status = text(Text::CaptchaFailed, lang_);
    out_.picture_status = std::string(status);
    out_.picture_label = text(p.state == PictureState::Failed ? Text::CaptchaFailed : Text::CaptchaAlt, lang_);
    if (!status.empty()) {
        const float pad = metric::picture_status_pad;
        pw = std::min(content_w_, metric::picture_status_width);
        ph = std::max(ph, height_of(fonts_.body, metric::body_size, status, pw - 2 * pad) + 2 * pad);
    }
    const Rect frame{x_, y_, pw + 2, ph + 2};
    fill(frame, status.empty() ? colour::page : colour::field_disabled, metric::picture_radius);
    if (dl_ && p.state == PictureState::Ready && p.texture)
        dl_->AddImage(p.texture, ImVec2(frame.x + 1, frame.y + 1), ImVec2(frame.x + 1 + pw, frame.y + 1 + ph));
    if (!status.empty())
        draw_text(fonts_.body, metric::body_size, frame.x + metric::picture_status_pad, frame.y + metric::picture_status_pad,
                  p.state == PictureState::Failed ? colour::error : colour::muted, status, pw - 2 * metric::picture_status_pad);
    outline(frame, colour::card_border, metric::picture_radius, metric::hairline);

    const std::string_view words = text(Text::CaptchaRefresh, lang_);
    const float icon_w = metric::icon_size, h = metric::control_height;
    const float bw = icon_w + metric::icon_gap + width_of(fonts_.body, metric::body_size, words) + 2 * metric::control_pad_x;
    Rect button{frame.x + frame.w + metric::picture_gap_x, frame.y + (frame.h - h) / 2, bw, h};
    float row_h = frame.h;
    if (button.x + bw > x_ + content_w_) {  // no room beside the picture: below it
        button = {x_, frame.y + frame.h + metric::picture_gap_y, bw, h};
        row_h = frame.h + metric::picture_gap_y + h;
    }
    control(control_id({ControlKind::CaptchaRefresh}), button, std::string(words));
    if (dl_) {
        outline(button, colour::accent, metric::control_radius, metric::control_border);
        // The ↻ as the DOM rendering's .refresh::before and ::after draw it (style.js).
        const ImVec2 c(button.x + metric::control_pad_x + icon_w / 2, button.y + button.h / 2);
        dl_->PathArcTo(c, metric::refresh_radius, -0.25f * kPi, 1.25f * kPi, 16);
        dl_->PathStroke(colour::accent, 0, metric::refresh_stroke);
        const float head = metric::refresh_head;
        const ImVec2 apex(c.x - metric::refresh_tip + head / 2, c.y - metric::refresh_tip - head / 2);
        dl_->AddTriangleFilled(apex, ImVec2(apex.x, apex.y + head), ImVec2(apex.x - head, apex.y), colour::accent);
        draw_text(fonts_.body, metric::body_size, button.x + metric::control_pad_x + icon_w + metric::icon_gap,
             button.y + (button.h - metric::body_size) / 2 - 1, colour::accent, words);
        if (has_keyboard_focus(control_id({ControlKind::CaptchaRefresh}))) focus_ring(button, metric::control_radius);
    }
    if (const auto& c = s_.challenge(); c && !c->audio_url.empty()) {  // «Прослухати літери», beside or below
        const std::string_view said = text(Text::CaptchaListen, lang_);
        Rect listen{button.x + button.w + metric::picture_gap_x, button.y,
                    width_of(fonts_.body, metric::body_size, said) + 2 * metric::control_pad_x, h};
        // The DOM row is at most a field wide (.row's max-width): it wraps where that row does.
        if (listen.x + listen.w > x_ + std::min(content_w_, metric::max_field_width)) {
            listen = {x_, frame.y + row_h + metric::picture_gap_y, listen.w, h};
            row_h += metric::picture_gap_y + h;
        }
        ControlBox& box = control(control_id({ControlKind::CaptchaListen}), listen, std::string(said));
        box.href = c->audio_url;
        if (dl_) {
            outline(listen, colour::accent, metric::control_radius, metric::control_border);
            draw_text(fonts_.body, metric::body_size, listen.x + metric::control_pad_x, listen.y + (listen.h - metric::body_size) / 2 - 1,
                      colour::accent, said);
            if (has_keyboard_focus(box.id)) focus_ring(listen, metric::control_radius);
        }
    }
    y_ += row_h + metric::picture_below;
}

float FormPainter::panel(ImU32 fill_col, ImU32 bar_col, std::string_view message, bool info, FieldState state) {
    const float pad = metric::panel_pad, indent = metric::icon_size + 10;
    const float w = std::min(content_w_, metric::max_field_width);
    const float h = std::max(height_of(fonts_.body, metric::body_size, message, w - 2 * pad - indent),
                             metric::icon_size) + 2 * pad;
    fill({x_, y_, w, h}, fill_col, metric::control_radius);
    fill({x_, y_, metric::panel_bar, h}, bar_col, 0);
    if (info) info_icon(x_ + pad, y_ + pad + 1);
    else icon(state, x_ + pad, y_ + pad + 1);
    draw_text(fonts_.body, metric::body_size, x_ + pad + indent, y_ + pad, colour::text, message, w - 2 * pad - indent);
    return h;
}

void FormPainter::submit_area() {
    if (const auto& n = s_.notice()) out_.notice = n->message;
    else if (ui_.check_fields && s_.first_error()) out_.notice = std::string(text(Text::CheckFields, lang_));
    if (!out_.notice.empty()) {
        y_ += panel(colour::error_fill, colour::error, out_.notice, false, FieldState::Error) + metric::block_gap;
    }

    const bool busy = s_.sending();
    const std::string_view words = text(busy ? Text::Sending : Text::Register, lang_);
    const Rect button{x_, y_, std::min(content_w_, metric::submit_max_width), metric::button_height};
    ControlBox& c = control(control_id({ControlKind::Register}), button, std::string(words));
    c.busy = busy;
    if (dl_) {
        fill(button, busy ? colour::button_busy : colour::accent, metric::control_radius);
        const float tw = width_of(fonts_.strong, metric::body_size, words);
        const float spinner_w = busy ? 26.0f : 0.0f;
        const float tx = button.x + (button.w - tw - spinner_w) / 2 + spinner_w;
        const float ty = button.y + (button.h - metric::body_size) / 2 - 1;
        if (busy) {
            const ImVec2 sc(tx - 16, button.y + button.h / 2);
            dl_->PathArcTo(sc, 8, ui_.spinner, ui_.spinner + 1.5f * kPi, 20);
            dl_->PathStroke(colour::on_accent, 0, metric::spinner_stroke);
        }
        draw_text(fonts_.strong, metric::body_size, tx, ty, colour::on_accent, words);
        if (has_keyboard_focus(control_id({ControlKind::Register}))) focus_ring(button, metric::control_radius);
    }
    y_ += button.h;
}

// The success screen above the reopened email fields: the title, the letter's address, what
// the last resend did, the webmail link, then the follow-ups' buttons or the change's words.
void FormPainter::done_head(const FollowUpView& f) {
    const float top = y_;
    if (dl_) {
        const float r = metric::done_mark / 2;
        const ImVec2 c(x_ + r, y_ + r);
        dl_->AddCircleFilled(c, r, colour::ok, 32);
        const ImVec2 tick[] = {ImVec2(c.x - 9, c.y + 0.5f), ImVec2(c.x - 3, c.y + 7), ImVec2(c.x + 9.5f, c.y - 7)};
        dl_->AddPolyline(tick, 3, colour::on_accent, 0, 3.5f);
    }
    const std::string_view title = text(Text::DoneTitle, lang_);
    draw_text(fonts_.title, metric::title_size, x_ + metric::done_mark + metric::done_mark_gap,
              y_ + (metric::done_mark - metric::title_size) / 2 - 1, colour::text, title);
    y_ += metric::done_mark + metric::done_mark_gap;
    const float w = std::min(content_w_, metric::max_field_width);
    const std::string letter = text(Text::DoneLetter, lang_, f.email);
    draw_text(fonts_.body, metric::body_size, x_, y_, colour::text, letter, w);
    y_ += height_of(fonts_.body, metric::body_size, letter, w) + metric::done_para_gap;

    // What the last resend or change did (ok), or why no letter comes now.
    if (f.event != FollowUpEvent::None) {
        out_.done_notice = text(f.event == FollowUpEvent::Resent ? Text::Resent : Text::Changed, lang_, f.email);
        out_.done_notice_state = "ok";
    }
    if (f.notice != ErrorCode::Ok) {  // after the last letter: that it went, and that it was the last
        out_.done_notice += (out_.done_notice.empty() ? "" : " ") + render_message(f.notice, lang_);
        out_.done_notice_state = f.notice == ErrorCode::ResendLimitReached ? "info" : "error";
    }
    if (!out_.done_notice.empty()) {
        const bool ok = out_.done_notice_state == "ok", info = out_.done_notice_state == "info";
        y_ += panel(ok || info ? colour::info_fill : colour::error_fill, ok ? colour::ok : info ? colour::accent : colour::error,
                    out_.done_notice, info, ok ? FieldState::Ok : FieldState::Error) + metric::block_gap;
    }
    out_.done = {x_, top, w, y_ - top};

    if (f.webmail) {  // a link that looks like the screen's main button: the next step
        ControlBox c;
        c.id = control_id({ControlKind::Mailbox});
        c.label = text(Text::OpenMailbox, lang_, f.webmail->provider);
        c.href = std::string(f.webmail->url);
        const float arrow = 22;
        c.box = button_box(x_, fonts_.strong, c.label, metric::mailbox_pad_x + arrow / 2, metric::button_height);
        out_.controls.push_back(c);
        button(c, true, true, c.label);
        if (dl_) {  // the "opens elsewhere" arrow, right of the words
            const float ax = c.box.x + c.box.w - metric::mailbox_pad_x - arrow / 2, ay = c.box.y + c.box.h / 2;
            dl_->AddLine(ImVec2(ax - 5, ay + 5), ImVec2(ax + 5, ay - 5), colour::on_accent, 2.0f);
            dl_->AddLine(ImVec2(ax - 1, ay - 5), ImVec2(ax + 5, ay - 5), colour::on_accent, 2.0f);
            dl_->AddLine(ImVec2(ax + 5, ay - 5), ImVec2(ax + 5, ay + 1), colour::on_accent, 2.0f);
        }
        y_ += c.box.h + metric::action_gap;
    }

    out_.done_text = std::string(title) + " " + letter + (out_.done_notice.empty() ? "" : " " + out_.done_notice);
    out_.done_title = std::string(title);
    out_.done_letter = letter;
    if (!f.changing) {
        follow_up_actions(f);
        return;
    }
    out_.change_intro = std::string(text(Text::ChangeEmailIntro, lang_));
    draw_text(fonts_.body, metric::body_size, x_, y_, colour::text, out_.change_intro, w);
    const float h = height_of(fonts_.body, metric::body_size, out_.change_intro, w);
    out_.change_intro_box = {x_, y_, w, h};
    y_ += h + metric::block_gap;
}

// Below the email fields: the change's buttons, and the advice with the sender.
void FormPainter::done_tail(const FollowUpView& f) {
    if (f.changing) change_email_buttons(f);
    const float w = std::min(content_w_, metric::max_field_width);
    const std::string_view spam = text(Text::DoneSpam, lang_);
    out_.done_sender = text(Text::DoneSender, lang_, f.sender);
    const float advice_top = y_;
    y_ += panel(colour::info_fill, colour::accent, std::string(spam) + "\n\n" + out_.done_sender, true, FieldState::Untouched);
    out_.advice = {x_, advice_top, w, y_ - advice_top};
    out_.done_advice = std::string(spam);
}

// Resend (disabled, with its countdown, until the server allows it) and «Change the address».
void FormPainter::follow_up_actions(const FollowUpView& f) {
    if (!f.resend_offered && !f.change_offered) return;
    float row_h = 0, x = x_;
    if (f.resend_offered) {
        const std::string words = countdown_words(Text::Resend, Text::ResendIn, f.sending, f.seconds_left, lang_);
        ControlBox& c = control(control_id({ControlKind::Resend}), {}, words);
        c.box = button_box(x, fonts_.body, words, metric::action_pad_x, metric::control_height);
        c.disabled = !f.ready;
        c.busy = f.sending;
        button(c, false, f.ready, words);
        x += c.box.w + 16;
        row_h = c.box.h;
    }
    if (f.change_offered) {
        const std::string_view words = text(Text::ChangeEmail, lang_);
        const float tw = width_of(fonts_.body, metric::body_size, words);
        if (x > x_ && x + tw + 16 > x_ + content_w_) {  // no room beside the resend button: below it
            x = x_;
            y_ += row_h + 8;
            row_h = 0;
        }
        ControlBox& c = control(control_id({ControlKind::ChangeEmail}), {x, y_, tw + 2 * metric::change_pad_x, metric::control_height},
                                std::string(words));
        c.disabled = f.sending;
        if (dl_) {  // a link-like button: words underlined
            const float ty = y_ + (metric::control_height - metric::body_size) / 2 - 1, tx = x + metric::change_pad_x;
            draw_text(fonts_.body, metric::body_size, tx, ty, colour::accent, words);
            dl_->AddLine(ImVec2(tx, ty + metric::body_size + 2), ImVec2(tx + tw, ty + metric::body_size + 2),
                         colour::accent, metric::hairline);
            if (has_keyboard_focus(c.id)) focus_ring(c.box, 4);
        }
        row_h = std::max(row_h, metric::control_height);
    }
    y_ += row_h + metric::action_gap;
}

// Under the reopened email fields: send to the new address (on the countdown), or cancel.
void FormPainter::change_email_buttons(const FollowUpView& f) {
    const std::string send = countdown_words(Text::SendToNew, Text::SendToNewIn, f.sending, f.seconds_left, lang_);
    ControlBox& go = control(control_id({ControlKind::SendToNew}), {}, send);
    go.box = button_box(x_, fonts_.strong, send, 16, metric::button_height);
    go.disabled = !f.ready;
    go.busy = f.sending;
    button(go, true, f.ready, send);
    const std::string_view cancel_words = text(Text::CancelChange, lang_);
    const float cw = width_of(fonts_.body, metric::body_size, cancel_words) + 32;
    const float h = metric::control_height;
    Rect cancel{go.box.x + go.box.w + metric::action_spacing, y_ + 2, cw, h};
    float row_h = go.box.h;
    if (cancel.x + cw > x_ + content_w_) {
        cancel = {x_, y_ + go.box.h + 8, cw, h};
        row_h = go.box.h + 8 + h;
    }
    ControlBox& c = control(control_id({ControlKind::CancelChange}), cancel, std::string(cancel_words));
    c.disabled = f.sending;
    button(c, false, !f.sending, cancel_words);
    y_ += row_h + metric::action_gap;
}

// A button's box at (x, y_): its words on one line, or wrapped where they are wider than
// the card (a phone's countdown); pad_x each side of the words.
Rect FormPainter::button_box(float x, ImFont* font, std::string_view words, float pad_x, float min_h) const {
    const float natural = width_of(font, metric::body_size, words) + 2 * pad_x, room = content_w_ - (x - x_);
    if (natural <= room) return {x, y_, natural, min_h};
    return {x, y_, room, std::max(min_h, height_of(font, metric::body_size, words, room - 2 * pad_x) + 24)};
}

// A drawn button: primary filled with the accent, secondary outlined; a disabled one greyed.
// A link's words start at the left (its arrow is on the right); others are centred.
void FormPainter::button(const ControlBox& c, bool primary, bool enabled, std::string_view shown) {
    if (!dl_) return;
    ImFont* font = primary ? fonts_.strong : fonts_.body;
    if (!enabled) {
        fill(c.box, colour::field_disabled, metric::control_radius);
        outline(c.box, colour::card_border, metric::control_radius, metric::hairline);
    } else if (primary) {
        fill(c.box, c.busy ? colour::button_busy : colour::accent, metric::control_radius);
    } else {
        outline(c.box, colour::accent, metric::control_radius, metric::control_border);
    }
    const ImU32 col = !enabled ? colour::muted : primary ? colour::on_accent : colour::accent;
    const float pad = c.href.empty() ? 16.0f : 24.0f;
    const float wrap = c.box.w - 2 * pad - (c.href.empty() ? 0.0f : 22.0f);
    const float tw = width_of(font, metric::body_size, shown);
    const float th = height_of(font, metric::body_size, shown, wrap);
    const float tx = tw <= wrap && c.href.empty() ? c.box.x + (c.box.w - tw) / 2 : c.box.x + pad;
    draw_text(font, metric::body_size, tx, c.box.y + (c.box.h - th) / 2, col, shown, tw <= wrap ? 0.0f : wrap);
    if (has_keyboard_focus(c.id)) focus_ring(c.box, metric::control_radius);
}

}  // namespace

Layout draw_form(ImDrawList* draw_list, const FormSession& session, UiState& ui, const Fonts& fonts, float width) {
    return FormPainter(draw_list, session, ui, fonts).run(width);
}

}  // namespace abon::ui
