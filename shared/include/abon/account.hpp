// abon/account.hpp — the personal account number (spec §2.2).
//
// - Exactly 7 digits; canonical form D-DDD-DD-D ("1-234-56-7").
// - Accepted: the canonical form, 7 bare digits, digits separated by spaces, dots or
//   dashes (pasted values).
#pragma once

#include "abon/verdict.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace abon {

inline constexpr int kAccountDigits = 7;

Verdict validate_account(std::string_view text);
bool is_valid_account(std::string_view text);           // cheap accept

// The as-you-type mask: the digits of `typed` (at most 7) with the dashes put in, and the
// caret moved to stay after the same digit. Non-digits are dropped.
struct MaskedText {
    std::string text;
    std::size_t caret = 0;  // byte offset in text
};
MaskedText mask_account_input(std::string_view typed, std::size_t caret);

std::string account_digits(std::string_view text);      // the ASCII digits of text, in order

}  // namespace abon
