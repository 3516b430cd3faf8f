// The theme's promises (abon/theme.hpp): WCAG AA contrast for every pair the widget draws,
// text never under 17 px, and the named tables the DOM form's CSS is written from.
#include <catch2/catch.hpp>

#include "abon/theme.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <set>
#include <string>
#include <string_view>

using namespace abon::ui;

namespace {

double channel(unsigned v) {  // sRGB to linear light
    const double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(Rgba c) {
    return 0.2126 * channel(c & 0xff) + 0.7152 * channel((c >> 8) & 0xff) + 0.0722 * channel((c >> 16) & 0xff);
}

double contrast(Rgba a, Rgba b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace

TEST_CASE("contrast: black on white is 21:1 and a colour on itself 1:1", "[theme]") {
    CHECK(contrast(rgb(0, 0, 0), rgb(255, 255, 255)) == Approx(21.0));
    CHECK(contrast(colour::accent, colour::accent) == Approx(1.0));
}

TEST_CASE("every text colour meets WCAG AA (4.5:1) on what it is drawn on", "[theme]") {
    struct Pair {
        const char* what;
        Rgba fg, bg;
    };
    const Pair pairs[] = {
        {"text on the page", colour::text, colour::page},
        {"text in a field", colour::text, colour::field_fill},
        {"text in a disabled field", colour::text, colour::field_disabled},
        {"text on the selection", colour::text, colour::selection},
        {"hints", colour::muted, colour::page},
        {"hints in a disabled field", colour::muted, colour::field_disabled},
        {"placeholders", colour::placeholder, colour::field_fill},
        {"links and focus", colour::accent, colour::page},
        {"errors", colour::error, colour::page},
        {"errors on their fill", colour::error, colour::error_fill},
        {"warnings", colour::warning, colour::page},
        {"warnings on their fill", colour::warning, colour::warning_fill},
        {"accepted", colour::ok, colour::page},
        {"text on the info fill", colour::text, colour::info_fill},
        {"links on the info fill", colour::accent, colour::info_fill},
        {"the button's words", colour::on_accent, colour::accent},
        {"the busy button's words", colour::on_accent, colour::button_busy},
    };
    for (const Pair& p : pairs) {
        CAPTURE(p.what);
        CHECK(contrast(p.fg, p.bg) >= 4.5);
    }
}

TEST_CASE("a field's border stands out from the page (WCAG 1.4.11, 3:1)", "[theme]") {
    CHECK(contrast(colour::field_border, colour::page) >= 3.0);
}

TEST_CASE("text is 17 px or larger, the title larger than the body", "[theme]") {
    CHECK(metric::body_size >= 17.0f);
    CHECK(metric::title_size > metric::body_size);
    CHECK(metric::field_height >= metric::body_size * 2);  // a box fits a line and its padding
    CHECK(metric::button_height >= 44.0f);                  // a finger's target (WCAG 2.5.5)
}

TEST_CASE("the CSS tables name each value once", "[theme]") {
    std::set<std::string> names;
    for (const NamedColour& c : kColours) CHECK(names.insert(std::string("colour:") + c.name).second);
    for (const NamedMetric& m : kMetrics) {
        CHECK(names.insert(std::string("metric:") + m.name).second);
        CHECK(m.value > 0.0f);
    }
    CHECK(names.count("colour:error") == 1);
    CHECK(names.count("metric:body-size") == 1);
}

TEST_CASE("the font's names: two cut files, a fallback face of its own, something to fall back on", "[theme]") {
    CHECK(font::regular_file != font::bold_file);
    for (const std::string_view file : {font::regular_file, font::bold_file}) {
        CAPTURE(file);
        CHECK(file.size() > 4);
        CHECK(file.substr(file.size() - 4) == ".ttf");
    }
    CHECK(font::family != font::fallback_family);
    CHECK(std::size(font::kFallbackLocal) >= 1);
    CHECK(font::fallback_size_adjust > 1.0f);  // DejaVu Sans is wider than the faces it falls back on
    CHECK(font::fallback_size_adjust < 1.5f);
}
