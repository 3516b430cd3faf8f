#include "fonts.hpp"

#include "theme.hpp"

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

}  // namespace

Fonts build_fonts(ImFontAtlas& atlas, float pixel_ratio, std::string_view bold_text, ImVector<ImWchar>& bold_ranges) {
    if (pixel_ratio < 0.5f) pixel_ratio = 0.5f;
    if (pixel_ratio > 4.0f) pixel_ratio = 4.0f;  // bounds the atlas (a 4× phone is ~12 MB)
    atlas.Clear();
    atlas.Flags |= ImFontAtlasFlags_NoMouseCursors;
    Fonts f;
    f.pixel_ratio = pixel_ratio;
    ImFontGlyphRangesBuilder bold;
    bold.AddText(bold_text.data(), bold_text.data() + bold_text.size());
    bold.AddText("?.…");  // the fallback glyph and an ellipsis
    bold_ranges.clear();
    bold.BuildRanges(&bold_ranges);
    f.body = add(atlas, kFontRegular, kFontRegularSize, metric::body_size, pixel_ratio, kGlyphRanges);  // the default
    f.small = add(atlas, kFontRegular, kFontRegularSize, metric::small_size, pixel_ratio, kGlyphRanges);
    f.strong = add(atlas, kFontBold, kFontBoldSize, metric::body_size, pixel_ratio, bold_ranges.Data);
    f.title = add(atlas, kFontBold, kFontBoldSize, metric::title_size, pixel_ratio, bold_ranges.Data);
    atlas.Build();
    return f;
}

}  // namespace abon::ui
