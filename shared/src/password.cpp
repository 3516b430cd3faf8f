// Password rules (spec §2.3) and the strength hint.
//
// Choices the spec leaves open:
// - Length counts code points; the password is never trimmed (spaces are part of it).
// - "Printable": no C0/C1 controls, tabs or line breaks, zero-width, bidi or other
//   invisible characters (detail::is_invisible). Emoji are fine, but a joined emoji
//   sequence carries U+200D and is refused with the rest of the invisibles.
// - "A letter of any script" is detail::is_letter(): Latin, Greek, Cyrillic and the
//   other common scripts it lists; "a digit" is 0–9.
// - Common and personal checks compare lower-cased text (ASCII and Cyrillic), and also
//   the Latin keys that Cyrillic letters share on the keyboard: «йцукен» is "qwerty",
//   and «Шевченко» typed on the English layout is "itdxtyrj".
// - The value of a verdict stays empty: a password is never echoed back.
#include "abon/password.hpp"

#include "abon/account.hpp"
#include "abon/detail/common_passwords.hpp"
#include "abon/detail/utf8.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace abon {
namespace {

// The Latin key under each Cyrillic letter of the Ukrainian (and Russian) layout.
struct Key {
    char32_t letter;
    char32_t latin;
};
constexpr Key kKeys[] = {
    {U'й', U'q'}, {U'ц', U'w'}, {U'у', U'e'}, {U'к', U'r'}, {U'е', U't'}, {U'н', U'y'},
    {U'г', U'u'}, {U'ш', U'i'}, {U'щ', U'o'}, {U'з', U'p'}, {U'х', U'['}, {U'ї', U']'},
    {U'ф', U'a'}, {U'і', U's'}, {U'в', U'd'}, {U'а', U'f'}, {U'п', U'g'}, {U'р', U'h'},
    {U'о', U'j'}, {U'л', U'k'}, {U'д', U'l'}, {U'ж', U';'}, {U'є', U'\''}, {U'я', U'z'},
    {U'ч', U'x'}, {U'с', U'c'}, {U'м', U'v'}, {U'и', U'b'}, {U'т', U'n'}, {U'ь', U'm'},
    {U'б', U','}, {U'ю', U'.'}, {U'ґ', U'`'}, {U'ы', U's'}, {U'э', U'\''}, {U'ъ', U']'},
    {U'ё', U'`'}};

char32_t latin_key(char32_t lower) {
    for (const Key& k : kKeys)
        if (k.letter == lower) return k.latin;
    return 0;
}

// Apostrophe look-alikes, as the name rule takes them.
bool is_apostrophe(char32_t cp) {
    return cp == U'\'' || cp == 0x2019 || cp == 0x02BC || cp == U'`' || cp == 0x00B4;
}

// Lower case, one apostrophe: the form every comparison uses.
std::u32string folded(std::u32string_view text) {
    std::u32string out = detail::to_lower(text);
    for (char32_t& cp : out)
        if (is_apostrophe(cp)) cp = 0x02BC;
    return out;
}

// The same keys on the English layout, or nullopt when a letter has no key there. The
// apostrophe stays: its key gives "`", which folded() turns back into U+02BC.
std::optional<std::u32string> on_english_layout(std::u32string_view lower) {
    std::u32string out(lower);
    for (char32_t& cp : out) {
        if (!detail::is_cyrillic(cp)) continue;
        const char32_t key = latin_key(cp);
        if (key == 0) return std::nullopt;
        cp = key;
    }
    return out;
}

bool is_unprintable(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029 ||
           detail::is_invisible(cp);
}

bool is_digit(char32_t cp) { return cp >= U'0' && cp <= U'9'; }

}  // namespace

// Halves [lo, hi), a run of whole lines, around the line that holds (or ends at) its
// middle byte; the lines are never empty, so each step leaves out at least that line.
bool detail::is_listed_password(std::string_view key) {
    const std::string_view lines(kCommonPasswords, kCommonPasswordsSize);
    std::size_t lo = 0, hi = lines.size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        const std::size_t before = mid == 0 ? std::string_view::npos : lines.rfind('\n', mid - 1);
        const std::size_t start = before == std::string_view::npos || before < lo ? lo : before + 1;
        std::size_t end = lines.find('\n', start);
        if (end == std::string_view::npos || end > hi) end = hi;
        const std::string_view line = lines.substr(start, end - start);
        if (key == line) return true;
        if (key < line) hi = start;
        else lo = end + 1;
    }
    return false;
}

namespace {

bool in_common_list(std::u32string_view lower) {
    if (lower.size() > 64) return false;  // the list holds nothing that long
    return detail::is_listed_password(detail::encode_utf8(lower));
}

bool is_common(std::u32string_view password) {
    const std::u32string lower = detail::to_lower(password);
    if (in_common_list(lower)) return true;
    const bool has_cyrillic = std::any_of(lower.begin(), lower.end(), detail::is_cyrillic);
    if (!has_cyrillic) return false;
    const auto latin = on_english_layout(lower);
    return latin && in_common_list(*latin);
}

// Each part of a (double) surname with 3+ letters, folded: «Петренко-Стельмах» gives
// «петренко-стельмах», «петренко» and «стельмах».
std::vector<std::u32string> surname_forms(std::string_view surname) {
    std::vector<std::u32string> forms;
    const auto decoded = detail::decode_utf8(surname);
    if (!decoded || decoded->size() > 200) return forms;  // not a real surname
    const std::u32string whole = folded(detail::trim_collapse(*decoded));
    auto add = [&](std::u32string_view part) {
        if (std::count_if(part.begin(), part.end(), detail::is_letter) >= 3)
            forms.emplace_back(part);
    };
    add(whole);
    std::size_t start = 0;
    while (start < whole.size()) {
        std::size_t end = whole.find_first_of(U"- ", start);
        if (end == std::u32string::npos) end = whole.size();
        if (start > 0 || end < whole.size()) add(std::u32string_view(whole).substr(start, end - start));
        start = end + 1;
    }
    return forms;
}

bool contains_personal(std::u32string_view password, const PersonalData& personal) {
    const std::u32string pw = folded(password);
    auto contains = [&](std::u32string_view needle) {
        return !needle.empty() && pw.find(needle) != std::u32string::npos;
    };

    for (const std::u32string& form : surname_forms(personal.surname)) {
        if (contains(form)) return true;
        const auto typed_latin = on_english_layout(form);  // «Шевченко» → "itdxtyrj"
        if (typed_latin && *typed_latin != form && contains(*typed_latin)) return true;
    }

    const std::string digits = account_digits(personal.account);
    if (digits.size() == static_cast<std::size_t>(kAccountDigits)) {
        const std::string dashed = digits.substr(0, 1) + "-" + digits.substr(1, 3) + "-" +
                                   digits.substr(4, 2) + "-" + digits.substr(6, 1);
        for (const std::string& form : {digits, dashed})
            if (contains(std::u32string(form.begin(), form.end()))) return true;
    }

    if (const auto email = detail::decode_utf8(personal.email)) {
        const std::u32string_view trimmed = detail::trim(*email);
        const std::size_t at = trimmed.rfind(U'@');
        if (at != std::u32string_view::npos && at >= 3 && contains(folded(trimmed.substr(0, at))))
            return true;
    }
    return false;
}

}  // namespace

Verdict validate_password(std::string_view password, const PersonalData& personal,
                          bool caps_lock) {
    Verdict v;
    if (caps_lock) v.warnings.push_back(ErrorCode::PasswordCapsLock);
    const auto decoded = detail::decode_utf8(password);
    if (!decoded) {
        v.code = ErrorCode::InvalidUtf8;
        return v;
    }
    const std::u32string_view pw = *decoded;
    if (std::any_of(pw.begin(), pw.end(), detail::is_cyrillic))
        v.warnings.push_back(ErrorCode::PasswordCyrillic);  // likely the Ukrainian layout

    if (std::any_of(pw.begin(), pw.end(), is_unprintable)) v.code = ErrorCode::PasswordNotPrintable;
    else if (pw.empty()) v.code = ErrorCode::Required;
    else if (pw.size() < kPasswordMinChars) v.code = ErrorCode::PasswordTooShort;
    else if (pw.size() > kPasswordMaxChars) v.code = ErrorCode::PasswordTooLong;
    else if (std::none_of(pw.begin(), pw.end(), detail::is_letter)) v.code = ErrorCode::PasswordNeedsLetter;
    else if (std::none_of(pw.begin(), pw.end(), is_digit)) v.code = ErrorCode::PasswordNeedsDigit;
    else if (is_common(pw)) v.code = ErrorCode::PasswordCommon;
    else if (contains_personal(pw, personal)) v.code = ErrorCode::PasswordContainsPersonal;
    else if (pw.size() < kPasswordGoodChars) v.warnings.push_back(ErrorCode::PasswordShort);
    return v;
}

Verdict validate_password_confirm(std::string_view password, std::string_view confirm) {
    if (confirm.empty()) return {ErrorCode::Required};
    if (confirm != password) return {ErrorCode::PasswordMismatch};
    return {};
}

bool is_common_password(std::string_view password) {
    const auto decoded = detail::decode_utf8(password);
    return decoded && is_common(*decoded);
}

// An honest rough guess, not a cracking model: bits = effective length × log2(alphabet),
// where a character repeating or continuing a run (aaa, abc, 123) counts half. Anything
// the rule refuses is Weak, and under 12 characters it is at most Fair.
Strength password_strength(std::string_view password) {
    if (!validate_password(password).ok()) return Strength::Weak;
    const std::u32string pw = *detail::decode_utf8(password);

    bool lower = false, upper = false, digit = false, symbol = false, other = false;
    double effective = 0;
    for (std::size_t i = 0; i < pw.size(); ++i) {
        const char32_t cp = pw[i];
        if (cp >= U'a' && cp <= U'z') lower = true;
        else if (cp >= U'A' && cp <= U'Z') upper = true;
        else if (is_digit(cp)) digit = true;
        else if (cp < 0x80) symbol = true;
        else other = true;
        const bool run = i > 0 && (cp == pw[i - 1] || cp == pw[i - 1] + 1 || cp + 1 == pw[i - 1]);
        effective += run ? 0.5 : 1.0;
    }
    const int alphabet = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) +
                         (symbol ? 33 : 0) + (other ? 64 : 0);
    const double bits = effective * std::log2(static_cast<double>(alphabet));

    Strength s = bits < 40 ? Strength::Weak : bits < 60 ? Strength::Fair
               : bits < 80 ? Strength::Good : Strength::Strong;
    if (pw.size() < kPasswordGoodChars) s = std::min(s, Strength::Fair);
    return s;
}

std::string_view strength_id(Strength s) {
    switch (s) {
        case Strength::Weak: return "weak";
        case Strength::Fair: return "fair";
        case Strength::Good: return "good";
        case Strength::Strong: return "strong";
    }
    return "weak";
}

std::string_view strength_label(Strength s, Lang lang) {
    const bool uk = lang == Lang::Uk;
    switch (s) {
        case Strength::Weak: return uk ? "Слабкий" : "Weak";
        case Strength::Fair: return uk ? "Посередній" : "Fair";
        case Strength::Good: return uk ? "Добрий" : "Good";
        case Strength::Strong: return uk ? "Надійний" : "Strong";
    }
    return uk ? "Слабкий" : "Weak";
}

}  // namespace abon
