// The CAPTCHA answer (spec §2.5).
//
// Choices the spec leaves open:
// - White space anywhere is dropped: people copy the gaps they see ("K X R T A").
// - Letters typed in the Ukrainian layout map back by key position, as the spec says,
//   even where the Cyrillic letter looks like another Latin one (А is on the F key). The
//   Russian ы shares the S key with і and maps to S too.
// - Without a declared length, 1..16 letters; too many gives captcha_length with detail
//   "1–16".
#include "abon/captcha.hpp"

#include "abon/detail/utf8.hpp"

#include <algorithm>

namespace abon {
namespace {

// The Latin key under a Cyrillic letter in the Ukrainian layout (either case), or 0.
char32_t latin_for_key(char32_t cp) {
    constexpr std::u32string_view cyrillic = U"фисвуапршолдьтщзйкіегмцчняы";
    constexpr std::u32string_view latin = U"ABCDEFGHIJKLMNOPQRSTUVWXYZS";
    static_assert(cyrillic.size() == latin.size(), "one key per letter");
    const auto at = cyrillic.find(detail::to_lower(cp));
    return at == std::u32string_view::npos ? 0 : latin[at];
}

// The upper-case Latin letter `cp` stands for, or 0.
char32_t answer_letter(char32_t cp) {
    if (cp >= U'a' && cp <= U'z') return cp - U'a' + U'A';
    if (cp >= U'A' && cp <= U'Z') return cp;
    return latin_for_key(cp);
}

}  // namespace

std::string map_captcha_input(std::string_view typed) {
    const auto cps = detail::decode_utf8(typed);
    if (!cps) {  // keep undecodable text as it is, upper-casing ASCII only
        std::string out(typed);
        for (char& c : out)
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        return out;
    }
    std::string out;
    out.reserve(typed.size());
    for (char32_t cp : *cps) {
        const char32_t letter = answer_letter(cp);
        detail::append_utf8(out, letter != 0 ? letter : cp);
    }
    return out;
}

Verdict validate_captcha(std::string_view answer, std::optional<int> length) {
    const auto cps = detail::decode_utf8(answer);
    if (!cps || std::any_of(cps->begin(), cps->end(), detail::is_invisible)) return {ErrorCode::InvalidUtf8};

    std::string value;
    for (char32_t cp : *cps) {
        if (detail::is_white_space(cp)) continue;
        const char32_t letter = answer_letter(cp);
        if (letter == 0) return {ErrorCode::CaptchaInvalidChars};
        value.push_back(static_cast<char>(letter));
    }
    if (value.empty()) return {ErrorCode::Required};

    const auto count = value.size();
    if (length ? count != static_cast<std::size_t>(std::max(*length, 0))
               : count > static_cast<std::size_t>(kCaptchaMaxLength)) {
        Verdict v{ErrorCode::CaptchaLength};
        v.detail = length ? std::to_string(*length) : "1–" + std::to_string(kCaptchaMaxLength);
        return v;
    }
    Verdict v;
    v.value = std::move(value);
    return v;
}

}  // namespace abon
