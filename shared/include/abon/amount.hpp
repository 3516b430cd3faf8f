// abon/amount.hpp — the last payment in hryvnias (spec §2.6).
//
// - Accepted: "1234,56", "1234.56", "1 234,56" (space, U+00A0 or U+202F between
//   thousands), an optional "грн" / "грн." / "₴"; at most 2 decimals.
// - 0 < amount ≤ 1 000 000,00. Canonical: integer kopecks. Never floating point.
#pragma once

#include "abon/verdict.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace abon {

inline constexpr std::int64_t kAmountMaxKopecks = 100'000'000;  // 1 000 000,00 грн

Verdict validate_amount(std::string_view text);  // Verdict::kopecks when accepted
bool is_valid_amount(std::string_view text);     // cheap accept
std::string format_kopecks(std::int64_t kopecks); // 123456 → "1 234,56"
std::string format_kopecks_decimal(std::int64_t kopecks);  // 123450 → "1234.50", integers only
// The same range for a count of kopecks as sent (the server's check of the payload):
// Required when missing, AmountNotPositive below 1, AmountTooLarge above the maximum, else Ok.
ErrorCode validate_kopecks(std::optional<std::int64_t> kopecks);

}  // namespace abon
