// The CAPTCHA answer (spec §2.5).
//
// Choices the spec leaves open:
// - White space anywhere is dropped: people copy the gaps they see ("K X R T A").
// - Without an alphabet, letters typed in the Ukrainian layout map back by key position,
//   even where the Cyrillic letter looks like another Latin one (А is on the F key). The
//   Russian ы shares the S key with і and maps to S too.
// - With one, the look-alike is tried first: a person who sees «MAKEP» on a phone and taps
//   the Cyrillic «МАКЕР» meant the picture's letters, not the keys under them.
// - Without a declared length, 1..16 letters; too many gives captcha_length with detail
//   "1–16".
#include "abon/captcha.hpp"

#include "abon/detail/utf8.hpp"

#include <algorithm>

namespace abon {
namespace {

// A Cyrillic letter (either case) → the Latin capital at its place in a table, or 0.
struct Reading {
    std::u32string_view cyrillic, latin;
    char32_t operator()(char32_t cp) const {
        const auto at = cyrillic.find(detail::to_lower(cp));
        return at == std::u32string_view::npos ? 0 : latin[at];
    }
};

// The Latin key under the letter in the Ukrainian layout.
constexpr Reading latin_for_key{U"фисвуапршолдьтщзйкіегмцчняы", U"ABCDEFGHIJKLMNOPQRSTUVWXYZS"};
// The Latin capital the letter is drawn like: spec §4's list (А В Е К М Н О Р Т І У Ш Х С).
constexpr Reading latin_look_alike{U"авекмнортіушхс", U"ABEKMHOPTIYWXC"};
static_assert(latin_for_key.cyrillic.size() == latin_for_key.latin.size(), "one key per letter");
static_assert(latin_look_alike.cyrillic.size() == latin_look_alike.latin.size(), "one look-alike per letter");

bool member(std::string_view alphabet, char32_t letter) {
    return letter != 0 && alphabet.find(static_cast<char>(letter)) != std::string_view::npos;
}

// The upper-case Latin letter `cp` stands for, or 0.
char32_t answer_letter(char32_t cp, std::string_view alphabet) {
    char32_t latin = 0;
    if (cp >= U'a' && cp <= U'z') latin = cp - U'a' + U'A';
    else if (cp >= U'A' && cp <= U'Z') latin = cp;
    if (alphabet.empty()) return latin != 0 ? latin : latin_for_key(cp);
    if (latin != 0) return member(alphabet, latin) ? latin : 0;
    if (const char32_t look = latin_look_alike(cp); member(alphabet, look)) return look;
    if (const char32_t key = latin_for_key(cp); member(alphabet, key)) return key;
    return 0;
}

}  // namespace

// The names Ukrainian speakers give Latin letters (Ґ for G would be read as Cyrillic; «ге»
// is how schools name it) and the English names, spelt so a voice cannot read them as words.
std::string_view captcha_letter_name(char letter, Lang lang) {
    static constexpr std::string_view kUk[26] = {"а",  "бе", "це", "де", "е",  "еф", "ге",  "аш", "і",
                                                 "йот", "ка", "ель", "ем", "ен", "о",  "пе",  "ку", "ер",
                                                 "ес", "те", "у",  "ве", "дубль ве", "ікс", "ігрек", "зет"};
    static constexpr std::string_view kEn[26] = {"ay",  "bee", "see", "dee", "ee",  "eff", "jee", "aitch", "eye",
                                                 "jay", "kay", "el",  "em",  "en",  "oh",  "pee", "cue",   "ar",
                                                 "ess", "tee", "you", "vee", "double you", "ex", "why", "zed"};
    if (letter < 'A' || letter > 'Z') return {};
    return (lang == Lang::En ? kEn : kUk)[letter - 'A'];
}

bool is_captcha_alphabet(std::string_view alphabet) {
    if (alphabet.size() < kCaptchaAlphabetMin || alphabet.size() > kCaptchaAlphabetMax) return false;
    for (std::size_t i = 0; i < alphabet.size(); ++i)
        if (alphabet[i] < 'A' || alphabet[i] > 'Z' || alphabet.find(alphabet[i], i + 1) != std::string_view::npos)
            return false;
    return true;
}

std::string captcha_alphabet_clashes(std::string_view alphabet) {
    std::string out;
    for (const char32_t cp : std::u32string_view(U"абвгґдеєжзиіїйклмнопрстуфхцчшщьюяы")) {
        const char32_t look = latin_look_alike(cp), key = latin_for_key(cp);
        if (member(alphabet, look) && member(alphabet, key) && look != key) detail::append_utf8(out, detail::to_upper(cp));
    }
    return out;
}

std::string map_captcha_input(std::string_view typed, std::string_view alphabet) {
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
        const char32_t letter = answer_letter(cp, alphabet);
        detail::append_utf8(out, letter != 0 ? letter : cp);
    }
    return out;
}

Verdict validate_captcha(std::string_view answer, std::optional<int> length, std::string_view alphabet) {
    const auto cps = detail::decode_utf8(answer);
    if (!cps || std::any_of(cps->begin(), cps->end(), detail::is_invisible)) return {ErrorCode::InvalidUtf8};

    std::string value;
    for (char32_t cp : *cps) {
        if (detail::is_white_space(cp)) continue;
        const char32_t letter = answer_letter(cp, alphabet);
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
