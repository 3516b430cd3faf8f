// abon/captcha.hpp — the CAPTCHA answer (spec §2.5).
//
// - Latin letters only, upper-case. Letters typed in the Ukrainian layout are mapped back
//   by key position (Ф→A, И→B, С→C, В→D, У→E, …, Я→Z).
// - The length equals the one the server declared (RuleConfig::captcha_length), or any
//   length from 1 to kCaptchaMaxLength without one.
#pragma once

#include "abon/verdict.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace abon {

inline constexpr int kCaptchaMaxLength = 16;

Verdict validate_captcha(std::string_view answer, std::optional<int> length = std::nullopt);
std::string map_captcha_input(std::string_view typed);  // "фиcd" → "ABCD"; other characters kept

}  // namespace abon
