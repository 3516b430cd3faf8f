// abon/theme.hpp — the widget's look: a calm light theme for a utility's site. The canvas
// draws with these values, the DOM form gets them as CSS custom properties (one set):
// web/src/style.js spells no size of its own (tests/web/tables.test.mjs).
//
// - Sizes are CSS pixels at the browser's default font size; the painter scales them to
//   the person's font size and the real pixel ratio, the DOM rendering by its --s.
// - Text is 17 px or larger everywhere. Colours meet WCAG AA contrast (tests/core/test_theme.cpp);
//   an error or warning is never colour alone: it always has its icon and its words.
#pragma once

#include <cstdint>
#include <string_view>

namespace abon::ui {

using Rgba = std::uint32_t;  // R in the low byte, A in the high one (Dear ImGui's ImU32)

constexpr Rgba rgb(unsigned r, unsigned g, unsigned b, unsigned a = 255) {
    return (a << 24) | (b << 16) | (g << 8) | r;
}

namespace colour {
constexpr Rgba page = rgb(255, 255, 255);
constexpr Rgba card_border = rgb(214, 220, 227);
constexpr Rgba text = rgb(28, 37, 46);
constexpr Rgba muted = rgb(84, 96, 110);          // hints: 6.4:1 on white
constexpr Rgba placeholder = rgb(108, 118, 130);  // 4.6:1 on white
constexpr Rgba field_border = rgb(132, 144, 158);
constexpr Rgba field_fill = rgb(255, 255, 255);
constexpr Rgba field_disabled = rgb(242, 244, 246);
constexpr Rgba accent = rgb(21, 88, 168);          // focus, links, the primary button
constexpr Rgba accent_dark = rgb(14, 66, 128);
constexpr Rgba focus_ring = rgb(21, 88, 168, 70);
constexpr Rgba selection = rgb(173, 206, 245);
constexpr Rgba error = rgb(180, 26, 38);           // 6.7:1 on white
constexpr Rgba error_fill = rgb(253, 238, 239);
constexpr Rgba warning = rgb(138, 82, 0);          // 6.4:1 on white
constexpr Rgba warning_fill = rgb(255, 247, 230);
constexpr Rgba ok = rgb(22, 120, 62);
constexpr Rgba info_fill = rgb(238, 245, 253);
constexpr Rgba on_accent = rgb(255, 255, 255);
constexpr Rgba button_busy = rgb(76, 114, 168);   // white on it: 4.9:1
constexpr Rgba meter_empty = rgb(222, 227, 232);
}  // namespace colour

namespace metric {
constexpr float title_size = 24.0f;
constexpr float body_size = 17.0f;

constexpr float padding = 24.0f;          // inside the card (narrow screens use 16)
constexpr float padding_narrow = 16.0f;
constexpr float narrow_below = 480.0f;    // card width under which padding_narrow applies
constexpr float max_field_width = 560.0f;
constexpr float short_field_width = 220.0f;  // the account and the CAPTCHA: the box hints at the answer's length
constexpr float amount_field_width = 240.0f;
constexpr float meter_width = 240.0f;        // the password strength meter
constexpr float meter_height = 6.0f;
constexpr float card_radius = 8.0f;
constexpr float field_height = 46.0f;
constexpr float field_pad_x = 12.0f;
constexpr float field_radius = 6.0f;
constexpr float label_gap = 6.0f;         // label → box
constexpr float line_gap = 4.0f;          // box → hint → message
constexpr float field_gap = 20.0f;        // between fields
constexpr float button_height = 48.0f;
constexpr float icon_size = 18.0f;
constexpr float caret_width = 1.5f;

constexpr float min_width = 240.0f;       // the element's own minimum, unscaled (the host's box)
constexpr float hairline = 1.0f;          // the card's and an idle box's border; a screen-reader-only box
constexpr float border_strong = 2.0f;     // a focused or marked box's border
constexpr float focus_halo = 3.0f;        // the soft ring around a focused box
constexpr float focus_ring_width = 2.5f;  // the keyboard's focus ring
constexpr float focus_ring_offset = 2.0f;
constexpr float title_gap = 6.0f;         // title → intro
constexpr float intro_gap = 22.0f;        // intro → the first field
constexpr float done_gap = 14.0f;         // title → the success screen
constexpr float label_reach = 4.0f;       // a label's box reaches this far under its line (then label_gap)
constexpr float hint_gap = 6.0f;          // box → hint
constexpr float message_gap = 2.0f;       // hint → message
constexpr float icon_gap = 8.0f;          // a message's icon → its words
constexpr float icon_glyph_size = 13.0f;  // the DOM icon's mark («!», «✓»)
constexpr float mark_radius = 2.0f;       // the DOM warning icon's corners
constexpr float reveal_inset = 8.0f;      // show/hide's separator, from the box's top and bottom
constexpr float fix_height = 23.0f;       // «Виправити на …»: a line and its underline
constexpr float fix_below = 8.0f;
constexpr float check_size = 22.0f;       // the «no patronymic» box
constexpr float check_height = 28.0f;     // its row
constexpr float check_gap = 10.0f;        // box → words
constexpr float check_above = 2.0f;
constexpr float check_below = 6.0f;
constexpr float picture_width = 200.0f;   // the CAPTCHA picture before it has arrived
constexpr float picture_height = 70.0f;
constexpr float picture_max_height = 100.0f;  // a larger picture is drawn smaller
constexpr float picture_status_width = 260.0f;  // the box saying «loading» or «failed» in its place
constexpr float picture_status_pad = 12.0f;
constexpr float picture_radius = 4.0f;
constexpr float picture_gap_x = 12.0f;    // picture → its buttons, beside
constexpr float picture_gap_y = 8.0f;     // picture → its buttons, below
constexpr float picture_below = 12.0f;
constexpr float control_height = 44.0f;   // a secondary button: a finger's target (WCAG 2.5.5)
constexpr float control_pad_x = 14.0f;
constexpr float control_border = 1.5f;
constexpr float control_radius = 6.0f;    // every button and panel
// «Інша картинка»'s ↻, in an icon_size square left of its words: a ring open at the top
// (from -135° to -45°, where a CSS border ring splits), its arrowhead on the left end.
constexpr float refresh_radius = 6.5f;    // to the ring stroke's middle
constexpr float refresh_stroke = 2.0f;
constexpr float refresh_tip = refresh_radius * 0.70710678f;  // the ring's ends, from its centre along each axis
constexpr float refresh_head = 6.0f;      // the arrowhead: a right triangle, its legs this long
constexpr float meter_gap = 4.0f;
constexpr float meter_radius = 3.0f;
constexpr float meter_above = 2.0f;
constexpr float meter_below = 4.0f;
constexpr float strength_below = 8.0f;
constexpr float panel_pad = 14.0f;        // a notice or advice panel
constexpr float panel_bar = 4.0f;         // its coloured left edge
constexpr float block_gap = 16.0f;        // under a panel or a paragraph of the success screen
constexpr float submit_max_width = 360.0f;
constexpr float spinner_size = 14.0f;     // the DOM busy button's spinner
constexpr float spinner_gap = 10.0f;
constexpr float spinner_drop = 2.0f;      // under the text's baseline
constexpr float spinner_stroke = 2.5f;
constexpr float done_mark = 40.0f;        // the success screen's tick
constexpr float done_mark_gap = 16.0f;
constexpr float done_para_gap = 18.0f;
constexpr float action_gap = 20.0f;       // under a row of the success screen's buttons
constexpr float action_spacing = 12.0f;   // between two of them
constexpr float action_pad_x = 16.0f;
constexpr float mailbox_pad_x = 24.0f;    // the webmail link, the screen's main button
constexpr float mailbox_pad_y = 15.0f;
constexpr float arrow_gap = 10.0f;        // its words → its «opens elsewhere» arrow
constexpr float change_pad_x = 8.0f;      // «Змінити адресу», a link-like button
constexpr float send_pad_x = 24.0f;
}  // namespace metric

// [SECTION] The font: DejaVu Sans cut to the widget's glyphs (wasm/CMakeLists.txt cuts the
// two files under these names), declared by the loader as `family`; while it loads, DejaVu
// Sans where installed, else one of kFallbackLocal scaled to DejaVu's widths.
namespace font {
constexpr std::string_view family = "abon-signup";
constexpr std::string_view regular_file = "abon-signup-font.ttf";     // from DejaVuSans.ttf
constexpr std::string_view bold_file = "abon-signup-font-bold.ttf";   // from DejaVuSans-Bold.ttf
constexpr std::string_view installed = "DejaVu Sans";
constexpr std::string_view fallback_family = "abon-signup-fallback";
inline constexpr std::string_view kFallbackLocal[] = {"Arial", "Liberation Sans", "Arimo", "Helvetica", "Roboto"};
// DejaVu's advances over Arial's (= Liberation Sans's) on the widget's own words, as CSS
// size-adjust: tests/widget/ measures it from the two fonts.
constexpr float fallback_size_adjust = 1.15f;
}  // namespace font

// [SECTION] The same values by name, for the DOM rendering's CSS custom properties
// (--abon-<name>, written at build time by wasm/tools/tables.cpp): one set of numbers.
struct NamedColour {
    const char* name;
    Rgba value;
};
inline constexpr NamedColour kColours[] = {
    {"page", colour::page}, {"card-border", colour::card_border}, {"text", colour::text},
    {"muted", colour::muted}, {"placeholder", colour::placeholder}, {"field-border", colour::field_border},
    {"field-fill", colour::field_fill}, {"field-disabled", colour::field_disabled}, {"accent", colour::accent},
    {"accent-dark", colour::accent_dark}, {"selection", colour::selection}, {"error", colour::error},
    {"error-fill", colour::error_fill}, {"warning", colour::warning}, {"warning-fill", colour::warning_fill},
    {"ok", colour::ok}, {"info-fill", colour::info_fill}, {"on-accent", colour::on_accent},
    {"button-busy", colour::button_busy}, {"meter-empty", colour::meter_empty},
};

struct NamedMetric {
    const char* name;
    float value;  // CSS px at the browser's default font size (16 px)
};
inline constexpr NamedMetric kMetrics[] = {
    {"title-size", metric::title_size}, {"body-size", metric::body_size}, {"padding", metric::padding},
    {"padding-narrow", metric::padding_narrow}, {"max-field-width", metric::max_field_width},
    {"short-field-width", metric::short_field_width}, {"amount-field-width", metric::amount_field_width},
    {"meter-width", metric::meter_width}, {"meter-height", metric::meter_height}, {"card-radius", metric::card_radius},
    {"field-height", metric::field_height}, {"field-pad-x", metric::field_pad_x},
    {"field-radius", metric::field_radius}, {"label-gap", metric::label_gap}, {"line-gap", metric::line_gap},
    {"field-gap", metric::field_gap}, {"button-height", metric::button_height}, {"icon-size", metric::icon_size},
    {"min-width", metric::min_width}, {"hairline", metric::hairline}, {"border-strong", metric::border_strong},
    {"focus-halo", metric::focus_halo}, {"focus-ring-width", metric::focus_ring_width},
    {"focus-ring-offset", metric::focus_ring_offset}, {"title-gap", metric::title_gap},
    {"intro-gap", metric::intro_gap}, {"done-gap", metric::done_gap}, {"label-reach", metric::label_reach},
    {"hint-gap", metric::hint_gap}, {"message-gap", metric::message_gap}, {"icon-gap", metric::icon_gap},
    {"icon-glyph-size", metric::icon_glyph_size}, {"mark-radius", metric::mark_radius},
    {"reveal-inset", metric::reveal_inset}, {"fix-height", metric::fix_height}, {"fix-below", metric::fix_below},
    {"check-size", metric::check_size}, {"check-height", metric::check_height}, {"check-gap", metric::check_gap},
    {"check-above", metric::check_above}, {"check-below", metric::check_below},
    {"picture-width", metric::picture_width}, {"picture-height", metric::picture_height},
    {"picture-max-height", metric::picture_max_height}, {"picture-status-width", metric::picture_status_width},
    {"picture-status-pad", metric::picture_status_pad}, {"picture-radius", metric::picture_radius},
    {"picture-gap-x", metric::picture_gap_x}, {"picture-gap-y", metric::picture_gap_y},
    {"picture-below", metric::picture_below}, {"control-height", metric::control_height},
    {"control-pad-x", metric::control_pad_x}, {"control-border", metric::control_border},
    {"control-radius", metric::control_radius}, {"refresh-radius", metric::refresh_radius},
    {"refresh-stroke", metric::refresh_stroke}, {"refresh-tip", metric::refresh_tip},
    {"refresh-head", metric::refresh_head}, {"meter-gap", metric::meter_gap},
    {"meter-radius", metric::meter_radius}, {"meter-above", metric::meter_above},
    {"meter-below", metric::meter_below}, {"strength-below", metric::strength_below},
    {"panel-pad", metric::panel_pad}, {"panel-bar", metric::panel_bar}, {"block-gap", metric::block_gap},
    {"submit-max-width", metric::submit_max_width}, {"spinner-size", metric::spinner_size},
    {"spinner-gap", metric::spinner_gap}, {"spinner-drop", metric::spinner_drop},
    {"spinner-stroke", metric::spinner_stroke}, {"done-mark", metric::done_mark},
    {"done-mark-gap", metric::done_mark_gap}, {"done-para-gap", metric::done_para_gap},
    {"action-gap", metric::action_gap}, {"action-spacing", metric::action_spacing},
    {"action-pad-x", metric::action_pad_x}, {"mailbox-pad-x", metric::mailbox_pad_x},
    {"mailbox-pad-y", metric::mailbox_pad_y}, {"arrow-gap", metric::arrow_gap},
    {"change-pad-x", metric::change_pad_x}, {"send-pad-x", metric::send_pad_x},
};

}  // namespace abon::ui
