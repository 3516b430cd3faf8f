// abon/password.hpp — the password and its confirmation (spec §2.3).
//
// - 8..64 characters, at least one letter (any script) and one digit, printable only.
// - Refused: the 1 000 most common passwords; passwords containing the holder's surname,
//   account digits or email local part (compared case-insensitively).
// - Warnings: Cyrillic letters (wrong layout?), Caps Lock on, shorter than 12.
// - Never logged, never stored: the functions only read the text.
#pragma once

#include "abon/verdict.hpp"

#include <string_view>

namespace abon {

inline constexpr int kPasswordMinChars = 8;
inline constexpr int kPasswordMaxChars = 64;
inline constexpr int kPasswordGoodChars = 12;

struct PersonalData {          // raw field texts; empty when unknown
    std::string_view surname;
    std::string_view account;
    std::string_view email;
};

enum class Strength { Weak, Fair, Good, Strong };

Verdict validate_password(std::string_view password, const PersonalData& personal = {},
                          bool caps_lock = false);
Verdict validate_password_confirm(std::string_view password, std::string_view confirm);
bool is_common_password(std::string_view password);     // case-insensitive
Strength password_strength(std::string_view password);  // the hint under the field
std::string_view strength_id(Strength s);               // "weak", "fair", "good", "strong"
std::string_view strength_label(Strength s, Lang lang); // «Слабкий», …

}  // namespace abon
