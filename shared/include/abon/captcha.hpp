// abon/captcha.hpp — the CAPTCHA answer (spec §2.5, §4).
//
// - Latin letters only, upper-case. Without an alphabet (a classic site), letters typed in
//   the Ukrainian layout are mapped back by key position (Ф→A, И→B, С→C, В→D, У→E, …, Я→Z).
// - With the challenge's alphabet, a Cyrillic letter becomes the one member of it that its
//   look-alike (К→K, Р→P) or its key (Ф→A) gives, the look-alike first; a letter that gives
//   no member, and a Latin letter outside it, are refused with the field's hint. A server's
//   alphabet should have no clash (captcha_alphabet_clashes() empty): then either reading
//   of every Cyrillic letter lands on the same member, or only one of them is a member.
// - The length equals the one the server declared (RuleConfig::captcha_length), or any
//   length from 1 to kCaptchaMaxLength without one.
#pragma once

#include "abon/verdict.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace abon {

inline constexpr int kCaptchaMaxLength = 16;
inline constexpr std::size_t kCaptchaAlphabetMin = 2, kCaptchaAlphabetMax = 26;  // an alphabet's letters: A–Z, each once

Verdict validate_captcha(std::string_view answer, std::optional<int> length = std::nullopt,
                         std::string_view alphabet = {});
// What will be sent, shown while typing: "фиcd" → "ABCD"; characters that map to nothing kept.
std::string map_captcha_input(std::string_view typed, std::string_view alphabet = {});
bool is_captcha_alphabet(std::string_view alphabet);  // 2–26 capitals A–Z, each once
// A Latin capital's name as a voice should say it, one by one ("бе", "double you"); "" for others.
std::string_view captcha_letter_name(char letter, Lang lang);
// The Cyrillic letters (upper-case, UTF-8) whose look-alike and key are two members: "" is no clash.
std::string captcha_alphabet_clashes(std::string_view alphabet);

}  // namespace abon
