// wasm/fonts.hpp — the font atlas, rasterised for the real device pixel ratio.
//
// - DejaVu Sans and DejaVu Sans Bold, cut to Latin, Cyrillic and the typographic marks
//   the wording uses (’ ʼ « » № ₴ — …), embedded in the module, rasterised at 3 sizes:
//   regular and bold at the body size (hints too: one size fewer to rasterise at
//   start-up), bold at the title size.
// - Glyphs are rasterised at size × pixel ratio and drawn at size: text coordinates stay
//   in CSS pixels while every glyph lands on whole device pixels (no oversampling blur).
#pragma once

#include "imgui.h"

#include <string>
#include <string_view>

namespace abon::ui {

extern const unsigned char kFontRegular[];  // generated: kFontRegular.cpp, kFontBold.cpp
extern const int kFontRegularSize;
extern const unsigned char kFontBold[];
extern const int kFontBoldSize;
extern const ImWchar kGlyphRanges[];        // the ranges the font was cut to, 0-terminated

struct Fonts {
    ImFont* title = nullptr;   // bold
    ImFont* body = nullptr;    // fields, hints, messages
    ImFont* strong = nullptr;  // bold, body size: labels and the button
    float pixel_ratio = 1.0f;  // what the atlas was built for
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
Fonts build_fonts(ImFontAtlas& atlas, float pixel_ratio, const FaceTexts& texts, FontRanges& ranges);

}  // namespace abon::ui
