// The widget's own words (abon/ui_text.hpp): every one in both languages, with the same
// placeholders, and a hint for every field.
#include <catch2/catch.hpp>

#include "abon/ui_text.hpp"

#include <cstddef>
#include <string>

using namespace abon;
using namespace abon::ui;

namespace {

std::size_t holes(std::string_view s) {
    std::size_t n = 0;
    for (std::size_t at = s.find("{}"); at != std::string_view::npos; at = s.find("{}", at + 2)) ++n;
    return n;
}

}  // namespace

TEST_CASE("every word exists in Ukrainian and English, with the same placeholders", "[ui_text]") {
    for (std::size_t i = 0; i < static_cast<std::size_t>(Text::Count_); ++i) {
        const auto t = static_cast<Text>(i);
        CAPTURE(i);
        const std::string_view uk = text(t, Lang::Uk), en = text(t, Lang::En);
        CHECK_FALSE(uk.empty());
        CHECK_FALSE(en.empty());
        CHECK(uk != en);
        CHECK(holes(uk) == holes(en));
        CHECK(holes(uk) <= 1);
    }
}

TEST_CASE("the detail fills the placeholder, and only there", "[ui_text]") {
    CHECK(text(Text::FixTo, Lang::Uk, "Шевченко") == "Виправити на Шевченко");
    CHECK(text(Text::FixTo, Lang::En, "Шевченко") == "Change to Шевченко");
    CHECK(text(Text::Register, Lang::Uk, "x") == std::string(text(Text::Register, Lang::Uk)));
}

TEST_CASE("every field has a hint in both languages; placeholders come in pairs", "[ui_text]") {
    for (std::size_t i = 0; i < kFieldCount; ++i) {
        const auto f = static_cast<Field>(i);
        CAPTURE(field_id(f));
        CHECK_FALSE(hint(f, Lang::Uk).empty());
        CHECK_FALSE(hint(f, Lang::En).empty());
        CHECK(placeholder(f, Lang::Uk).empty() == placeholder(f, Lang::En).empty());
    }
    CHECK(placeholder(Field::Account, Lang::Uk) == "Х-ХХХ-ХХ-Х");
}
