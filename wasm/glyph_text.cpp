#include "glyph_text.hpp"

#include "abon/ui_text.hpp"

#include <initializer_list>

namespace abon::ui {

std::string strong_text(Lang lang) {
    std::string out;
    for (const Text t : {Text::Register, Text::Sending, Text::OpenMailbox, Text::SendToNew, Text::SendToNewIn})
        out += text(t, lang);
    for (std::size_t i = 0; i < kFieldCount; ++i) out += field_label(static_cast<Field>(i), lang);
    for (char c = ' '; c <= '~'; ++c) out += c;  // the providers' names, the countdown's digits
    return out;
}

std::string interface_text(Lang lang) {
    std::string out;
    for (int t = 0; t < static_cast<int>(Text::Count_); ++t) out += text(static_cast<Text>(t), lang);
    for (std::size_t i = 0; i < kFieldCount; ++i) {
        out += hint(static_cast<Field>(i), lang);
        out += placeholder(static_cast<Field>(i), lang);
    }
    return out;
}

std::string title_text(Lang lang) { return std::string(text(Text::Title, lang)) + std::string(text(Text::DoneTitle, lang)); }

}  // namespace abon::ui
