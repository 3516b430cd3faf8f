#include "fonts.hpp"

#include "abon/detail/utf8.hpp"
#include "imgui_internal.h"  // ImFontAtlasGetBuilderForStbTruetype
#include "abon/theme.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace abon::ui {
namespace {

// The vertical metrics CSS lays a line out with (hhea; DejaVu's OS/2 win metrics are the
// same), in em.
struct VMetrics {
    float ascent = 0, descent = 0;  // descent positive, below the baseline
};

unsigned be16(std::string_view s, std::size_t at) {
    return at + 2 <= s.size() ? (static_cast<unsigned char>(s[at]) << 8u) | static_cast<unsigned char>(s[at + 1]) : 0u;
}

std::optional<std::string_view> table(std::string_view ttf, std::string_view tag) {
    const unsigned count = be16(ttf, 4);
    for (unsigned i = 0; i < count; ++i) {
        const std::size_t record = 12 + 16 * static_cast<std::size_t>(i);
        if (record + 16 > ttf.size()) break;
        if (ttf.substr(record, 4) != tag) continue;
        const std::size_t at = (std::size_t{be16(ttf, record + 8)} << 16u) | be16(ttf, record + 10);
        const std::size_t size = (std::size_t{be16(ttf, record + 12)} << 16u) | be16(ttf, record + 14);
        if (at > ttf.size() || size > ttf.size() - at) return std::nullopt;
        return ttf.substr(at, size);
    }
    return std::nullopt;
}

std::optional<VMetrics> vertical_metrics(std::string_view ttf) {
    const auto head = table(ttf, "head"), hhea = table(ttf, "hhea");
    if (!head || !hhea || head->size() < 20 || hhea->size() < 8) return std::nullopt;
    const float em = static_cast<float>(be16(*head, 18));
    if (em <= 0) return std::nullopt;
    const auto signed16 = [](unsigned v) { return static_cast<float>(static_cast<std::int16_t>(v)); };
    VMetrics m{signed16(be16(*hhea, 4)) / em, -signed16(be16(*hhea, 6)) / em};
    if (m.ascent <= 0 || m.descent < 0) return std::nullopt;
    return m;
}

// One face at `em` CSS px, rasterised at em × pixel_ratio. lead: how far above the line's
// top Dear ImGui's text origin must be for the baseline to fall where CSS puts it.
ImFont* add(ImFontAtlas& atlas, std::string_view ttf, float em, float pixel_ratio, const ImWchar* ranges) {
    const auto m = vertical_metrics(ttf);
    if (!m) return nullptr;
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // the loader's bytes, kept by the app
    config.OversampleH = 1;               // rasterised at the real pixel size: nothing to gain
    config.OversampleV = 1;
    config.PixelSnapH = false;            // browsers place glyphs at fractional positions too
    return atlas.AddFontFromMemoryTTF(const_cast<char*>(ttf.data()), static_cast<int>(ttf.size()),
                                      em * (m->ascent + m->descent) * pixel_ratio, &config, ranges);
}

// After the build: the face's size becomes the em (lines step by one em, CSS line-height: 1),
// and the lift that puts its baseline where CSS does, (1 + ascent − descent) / 2 em below the top.
float settle(ImFont* font, std::string_view ttf, float em, float pixel_ratio) {
    const VMetrics m = *vertical_metrics(ttf);
    font->FontSize = em * pixel_ratio;
    return font->Ascent / pixel_ratio - em * (1 + m.ascent - m.descent) / 2;
}

// ImFontGlyphRangesBuilder walks all 65 536 code points; this sorts the few in `text`,
// with an insertion sort: a few hundred letters, and ~1.5 kB less module than std::sort.
void glyph_ranges(std::string_view text, ImVector<ImWchar>& out) {
    std::u32string points = detail::decode_utf8(text).value_or(U"?");
    for (std::size_t i = 1; i < points.size(); ++i)
        for (std::size_t j = i; j > 0 && points[j] < points[j - 1]; --j) std::swap(points[j], points[j - 1]);
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

Fonts build_fonts(ImFontAtlas& atlas, float pixel_ratio, const FaceTexts& texts, FontRanges& ranges,
                  const FontFiles& files) {
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
    f.body = add(atlas, files.regular, metric::body_size, pixel_ratio, regular);  // the default
    f.strong = add(atlas, files.bold, metric::body_size, pixel_ratio, ranges.strong.Data);
    f.title = add(atlas, files.bold, metric::title_size, pixel_ratio, ranges.title.Data);
    if (!f.body || !f.strong || !f.title) {
        atlas.Clear();
        return Fonts{};
    }
    // What ImFontAtlas::Build() does once fonts are added; Build() itself would also link
    // Dear ImGui's default font (12 kB) in, for an atlas left empty.
    if (!ImFontAtlasGetBuilderForStbTruetype()->FontBuilder_Build(&atlas)) {
        atlas.Clear();
        return Fonts{};
    }
    f.body_lead = settle(f.body, files.regular, metric::body_size, pixel_ratio);
    f.strong_lead = settle(f.strong, files.bold, metric::body_size, pixel_ratio);
    f.title_lead = settle(f.title, files.bold, metric::title_size, pixel_ratio);
    return f;
}

}  // namespace abon::ui
