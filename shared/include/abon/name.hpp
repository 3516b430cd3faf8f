// abon/name.hpp — surname, given name and patronymic of the account holder (spec §2.1).
//
// - Accepted: the 33 Ukrainian letters, the apostrophe, a hyphen or one space between parts.
// - Canonical: trimmed, inner white space collapsed, apostrophe look-alikes (' ’ ʼ ` ´)
//   turned into RuleConfig::apostrophe, Latin look-alikes inside a Cyrillic word turned
//   Cyrillic, each hyphen-separated part capitalised («шевченко» → «Шевченко»).
// - Text typed in the English layout ("Itdxtyrj") gives NameWrongLayout with the
//   correction in Verdict::suggestion («Шевченко»).
#pragma once

#include "abon/verdict.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace abon {

inline constexpr int kNameMaxLetters = 50;

Verdict validate_name(std::string_view text, const RuleConfig& config = {},
                      bool optional = false);          // optional: empty is accepted
bool is_valid_name(std::string_view text, const RuleConfig& config = {});  // cheap accept

// The Ukrainian text the same keys give in the Ukrainian layout ("Itdxtyrj" → "Шевченко"),
// or nullopt when `text` has no Latin letters to map.
std::optional<std::string> from_english_layout(std::string_view text);

}  // namespace abon
