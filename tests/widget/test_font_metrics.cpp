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
#include <utility>

namespace {

std::string read_font(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    INFO(path);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Face {
    std::string bytes;
    stbtt_fontinfo info{};
    explicit Face(std::string file) : bytes(std::move(file)) {
        const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
        REQUIRE(stbtt_InitFont(&info, data, stbtt_GetFontOffsetForIndex(data, 0)) != 0);
    }
    bool has(char32_t c) const { return stbtt_FindGlyphIndex(&info, static_cast<int>(c)) != 0; }
    double advance_em(char32_t c) const {
        int advance = 0, bearing = 0;
        stbtt_GetCodepointHMetrics(&info, static_cast<int>(c), &advance, &bearing);
        return advance * static_cast<double>(stbtt_ScaleForMappingEmToPixels(&info, 1.0f));
    }
};

}  // namespace

TEST_CASE("the fallback face's size-adjust gives DejaVu Sans's widths to the widget's words", "[font]") {
    const Face dejavu(read_font(ABON_FONT_FILES_DIR "/" + std::string(abon::ui::font::regular_file)));
    const Face liberation(read_font(ABON_LIBERATION_SANS));
    const auto text = abon::detail::decode_utf8(abon::ui::interface_text(abon::Lang::Uk) +
                                                abon::ui::interface_text(abon::Lang::En));
    REQUIRE(text);
    double wide = 0, narrow = 0;  // the characters both faces have (a missing one comes from yet another face)
    std::size_t counted = 0;
    for (const char32_t c : *text) {
        if (!dejavu.has(c) || !liberation.has(c)) continue;
        wide += dejavu.advance_em(c);
        narrow += liberation.advance_em(c);
        ++counted;
    }
    CHECK(counted * 100 >= text->size() * 99);  // nearly all of them
    const double ratio = wide / narrow;
    CAPTURE(ratio, counted, text->size());
    CHECK(ratio > 1.0);  // DejaVu is the wider face
    CHECK(abon::ui::font::fallback_size_adjust == Approx(ratio).margin(0.005));  // to the percent written
}
