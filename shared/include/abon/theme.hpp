// abon/theme.hpp — the widget's look: a calm light theme for a utility's site. The canvas
// draws with these values, the DOM form gets them as CSS custom properties (one set).
//
// - Sizes are CSS pixels at the browser's default font size; the painter scales them to
//   the person's font size and the real pixel ratio.
// - Text is 17 px or larger everywhere. Colours meet WCAG AA contrast (tests/core/test_theme.cpp);
//   an error or warning is never colour alone: it always has its icon and its words.
#pragma once

#include <cstdint>

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
}  // namespace metric

// [SECTION] The same values by name, for the DOM rendering's CSS custom properties
// (--abon-<name>, written at build time by wasm/tools/form_tables.cpp): one set of numbers.
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
};

}  // namespace abon::ui
