// abon/email.hpp — the email address and its confirmation (spec §2.4).
//
// - WHATWG "valid e-mail address", tightened: the local part is an ASCII RFC 5322
//   dot-atom (≤ 64 octets), the domain has a dot and a TLD of 2+ letters, no special-use
//   TLD, the whole ≤ 254 octets. Internationalised domains (пошта.укр) are accepted.
// - Canonical: trimmed, the domain lower-cased (Cyrillic too), the local part as typed.
// - A likely provider typo gives the warning EmailTypo with the fix in Verdict::suggestion.
#pragma once

#include "abon/verdict.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace abon {

inline constexpr int kEmailMaxOctets = 254;
inline constexpr int kEmailLocalMaxOctets = 64;

Verdict validate_email(std::string_view text);
Verdict validate_email_confirm(std::string_view email, std::string_view confirm);
bool is_valid_email(std::string_view text);                       // cheap accept
std::optional<std::string> suggest_email(std::string_view email); // "taras@gmial.com" → "taras@gmail.com"

}  // namespace abon
