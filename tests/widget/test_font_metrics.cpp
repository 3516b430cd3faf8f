// The fallback face's size-adjust (abon/theme.hpp font::fallback_size_adjust), measured:
// while the widget's font loads, a common sans face stands in, scaled so that the widget's
// own words take DejaVu Sans's widths and lines break where they will break. Arial's
// advances are Liberation Sans's (metric-compatible, Debian's fonts-liberation2).
#include <catch2/catch.hpp>

#include "abon/detail/utf8.hpp"
#include "abon/theme.hpp"
#include "glyph_text.hpp"

#define STB_TRUETYPE_IMPLEMENTATION
#define STBTT_STATIC
#include <stb/stb_truetype.h>

#include <fstream>
#include <iterator>
#include <string>

namespace {

std::string read_font(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    INFO(path);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The advances of `text`'s characters in `font`, in em.
double advance_em(const std::string& font, const std::u32string& text) {
    stbtt_fontinfo info;
    const auto* data = reinterpret_cast<const unsigned char*>(font.data());
    REQUIRE(stbtt_InitFont(&info, data, stbtt_GetFontOffsetForIndex(data, 0)) != 0);
    const double per_em = stbtt_ScaleForMappingEmToPixels(&info, 1.0f);
    double sum = 0;
    for (const char32_t c : text) {
        if (c == U'\n') continue;
        int advance = 0, bearing = 0;
        stbtt_GetCodepointHMetrics(&info, static_cast<int>(c), &advance, &bearing);
        sum += advance * per_em;
    }
    return sum;
}

}  // namespace

TEST_CASE("the fallback face's size-adjust gives DejaVu Sans's widths to the widget's words", "[font]") {
    const std::string dejavu = read_font(ABON_FONT_FILES_DIR "/" + std::string(abon::ui::font::regular_file));
    const std::string liberation = read_font(ABON_LIBERATION_SANS);
    const auto text = abon::detail::decode_utf8(abon::ui::interface_text(abon::Lang::Uk) +
                                                abon::ui::interface_text(abon::Lang::En));
    REQUIRE(text);
    const double ratio = advance_em(dejavu, *text) / advance_em(liberation, *text);
    CAPTURE(ratio);
    CHECK(ratio > 1.0);  // DejaVu is the wider face
    CHECK(abon::ui::font::fallback_size_adjust == Approx(ratio).margin(0.005));  // to the percent written
}
