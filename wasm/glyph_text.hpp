// wasm/glyph_text.hpp — the texts the font atlas must hold, face by face (painter.cpp).
#pragma once

#include "abon/errors.hpp"

#include <string>

namespace abon::ui {

// Every string drawn in bold in `lang`: at the body size (the labels, the button), and at
// the title size (the two titles).
std::string strong_text(Lang lang);
std::string title_text(Lang lang);
// Every string of the form's own in `lang` drawn in the regular face: the intro, hints,
// placeholders, small buttons, notes (not what the user types, nor server messages).
std::string interface_text(Lang lang);

}  // namespace abon::ui
