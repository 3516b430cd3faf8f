// abon/detail/utf8.hpp — UTF-8 and character-class helpers shared by the rules.
// detail/: internal to the core; may change without notice. Not for the widget or server.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace abon::detail {

// Code points of well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF),
// or nullopt for anything else.
std::optional<std::u32string> decode_utf8(std::string_view bytes);
std::string encode_utf8(std::u32string_view text);
void append_utf8(std::string& out, char32_t cp);

bool is_white_space(char32_t cp);      // ASCII and Unicode spaces, incl. U+00A0, U+202F
bool is_invisible(char32_t cp);        // controls, zero-width, bidi controls, BOM
std::u32string trim_collapse(std::u32string_view text);  // trim, inner runs → one U+0020
std::u32string_view trim(std::u32string_view text);

bool is_ukrainian_letter(char32_t cp); // the 33 letters, both cases (Ґ Є І Ї included)
bool is_cyrillic(char32_t cp);         // U+0400..U+04FF
char32_t to_lower(char32_t cp);        // ASCII and Cyrillic; others unchanged
char32_t to_upper(char32_t cp);        // ASCII and Cyrillic; others unchanged
std::u32string to_lower(std::u32string_view text);

// A letter of a common script: ASCII, Latin-1 and Latin Extended, Greek, Cyrillic,
// Armenian, Georgian, Hebrew, Arabic, Devanagari, Thai, kana, Hangul and CJK ideographs.
// A table of blocks, not the Unicode database: combining marks and rarer scripts are out.
bool is_letter(char32_t cp);

}  // namespace abon::detail
