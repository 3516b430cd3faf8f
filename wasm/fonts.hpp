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

// The glyph ranges of the bold faces; they must outlive the atlas's next Build().
struct BoldRanges {
    ImVector<ImWchar> strong, title;
};

// Clears `atlas` and fills it again for `pixel_ratio`; the caller re-uploads the texture.
// The bold faces hold only the glyphs of `strong_text` and `title_text` (labels, button,
// titles: known in advance), since rasterising costs start-up time, most of all at high
// pixel ratios.
Fonts build_fonts(ImFontAtlas& atlas, float pixel_ratio, std::string_view strong_text, std::string_view title_text,
                  BoldRanges& ranges);

}  // namespace abon::ui
