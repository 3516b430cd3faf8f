#include "fonts.hpp"

#include "abon/detail/utf8.hpp"
#include "imgui_internal.h"  // ImFontAtlasGetBuilderForStbTruetype
#include "abon/theme.hpp"

#include <algorithm>
#include <string>

namespace abon::ui {
namespace {

ImFont* add(ImFontAtlas& atlas, const unsigned char* data, int size, float css_size, float pixel_ratio,
            const ImWchar* ranges) {
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // the bytes are a static array
    config.OversampleH = 1;               // rasterised at the real pixel size: nothing to gain
    config.OversampleV = 1;
    config.PixelSnapH = true;
    return atlas.AddFontFromMemoryTTF(const_cast<unsigned char*>(data), size, css_size * pixel_ratio, &config,
                                      ranges);
}

// ImFontGlyphRangesBuilder walks all 65 536 code points; this sorts the few in `text`.
void glyph_ranges(std::string_view text, ImVector<ImWchar>& out) {
    std::u32string points = detail::decode_utf8(text).value_or(U"?");
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());
    out.clear();
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (points[i] > 0xFFFF) continue;  // ImWchar is 16 bits; the texts use none above
        out.push_back(static_cast<ImWchar>(points[i]));
        while (i + 1 < points.size() && points[i + 1] == points[i] + 1 && points[i + 1] <= 0xFFFF) ++i;
        out.push_back(static_cast<ImWchar>(points[i]));
    }
    out.push_back(0);
}

}  // namespace

Fonts build_fonts(ImFontAtlas& atlas, float pixel_ratio, const FaceTexts& texts, FontRanges& ranges) {
    if (pixel_ratio < 0.5f) pixel_ratio = 0.5f;
    if (pixel_ratio > 4.0f) pixel_ratio = 4.0f;  // bounds the atlas (a 4× phone is ~12 MB)
    atlas.Clear();
    atlas.Flags |= ImFontAtlasFlags_NoMouseCursors;
    Fonts f;
    f.pixel_ratio = pixel_ratio;
    glyph_ranges(texts.strong + "?.…", ranges.strong);  // the fallback glyph and an ellipsis
    glyph_ranges(texts.title + "?.…", ranges.title);
    const ImWchar* regular = kGlyphRanges;
    if (!texts.regular.empty()) {
        glyph_ranges(texts.regular + "?.…0123456789", ranges.regular);
        regular = ranges.regular.Data;
    }
    f.body = add(atlas, kFontRegular, kFontRegularSize, metric::body_size, pixel_ratio, regular);  // the default
    f.strong = add(atlas, kFontBold, kFontBoldSize, metric::body_size, pixel_ratio, ranges.strong.Data);
    f.title = add(atlas, kFontBold, kFontBoldSize, metric::title_size, pixel_ratio, ranges.title.Data);
    // What ImFontAtlas::Build() does once fonts are added; Build() itself would also link
    // Dear ImGui's default font (12 kB) in, for an atlas left empty.
    ImFontAtlasGetBuilderForStbTruetype()->FontBuilder_Build(&atlas);
    return f;
}

}  // namespace abon::ui
