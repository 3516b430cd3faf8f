// wasm/fonts.hpp — the font atlas, rasterised for the real device pixel ratio.
//
// - DejaVu Sans and DejaVu Sans Bold, cut to Latin, Cyrillic and the typographic marks
//   the wording uses (’ ʼ « » № ₴ — …). The cut files ship beside the module; the loader
//   fetches them once and hands the same bytes to the page (a FontFace every DOM
//   rendering uses) and to the module, so the inputs lay out exactly the glyphs drawn.
//   Rasterised at 3 sizes: regular and bold at the body size (hints too: one size fewer
//   to rasterise at start-up), bold at the title size.
// - Sized by the em, as CSS sizes fonts: Dear ImGui sizes by the line (ascent − descent,
//   1.164 em for DejaVu Sans), so each face is rasterised at em × line/em and then told
//   its size is the em. Lines then step by one em, as the DOM form's line-height: 1, and
//   draw_text() lifts each line by the half-leading CSS puts above it (Fonts::lead).
// - Advances are not snapped to pixels: browsers place glyphs at fractional positions.
// - Glyphs are rasterised at size × pixel ratio and drawn at size: text coordinates stay
//   in CSS pixels while every glyph lands on whole device pixels (no oversampling blur).
#pragma once

#include "imgui.h"

#include <string>
#include <string_view>

namespace abon::ui {

extern const ImWchar kGlyphRanges[];  // the ranges the font was cut to, 0-terminated (generated)

// The two cut font files, as the loader fetched them (TrueType bytes; they must outlive
// the atlas).
struct FontFiles {
    std::string_view regular, bold;
    bool complete() const { return !regular.empty() && !bold.empty(); }
};

struct Fonts {
    ImFont* title = nullptr;   // bold
    ImFont* body = nullptr;    // fields, hints, messages
    ImFont* strong = nullptr;  // bold, body size: labels and the button
    float pixel_ratio = 1.0f;  // what the atlas was built for
    // CSS px to lift each face's text by, so that its baseline falls where CSS puts it in
    // a line box of one em (line-height: 1): Dear ImGui starts a line at its ascent.
    float body_lead = 0, strong_lead = 0, title_lead = 0;
    float lead(const ImFont* f) const { return f == title ? title_lead : f == strong ? strong_lead : body_lead; }
};

// What each face holds: the glyphs of these texts. Rasterising costs start-up time, most
// of all at high pixel ratios, so the bold faces hold only the known texts they show
// (labels, button, titles), and the regular face may start with the interface's own
// words and get every glyph of the cut a moment later.
struct FaceTexts {
    std::string regular;       // empty: every glyph the font was cut to (kGlyphRanges)
    std::string strong, title;
};

// The glyph ranges built from FaceTexts; they must outlive the atlas's next Build().
struct FontRanges {
    ImVector<ImWchar> regular, strong, title;
};

// Clears `atlas` and fills it again for `pixel_ratio`; the caller re-uploads the texture.
// Empty Fonts (no faces) when `files` cannot be read as fonts.
Fonts build_fonts(ImFontAtlas& atlas, float pixel_ratio, const FaceTexts& texts, FontRanges& ranges,
                  const FontFiles& files);


}  // namespace abon::ui
