// Email rules (spec §2.4): WHATWG's "valid e-mail address", tightened where mail servers
// are stricter, plus provider typo suggestions.
//
// Choices the spec leaves open:
// - Only spaces are trimmed from the ends, not line breaks or tabs: a pasted "a@b.ua\n"
//   is refused, as the public test suites in tests/corpora/emails.json demand.
// - A domain label is ASCII letters, digits and inner hyphens, or letters of the scripts
//   detail::is_letter() knows (IDN such as пошта.укр, 臺網中心.tw). Its length is measured
//   as IDNA would send it (xn-- plus Punycode), at most 63; the whole address is measured
//   in UTF-8 octets as typed. No full UTS 46 mapping: full-width dots, hyphens and
//   letters are refused rather than folded.
// - A label with "--" in places 3–4 must be a valid A-label ("xn--…") of such letters.
// - The TLD is letters only (an A-label of letters counts), 2 or more.
#include "abon/email.hpp"

#include "abon/detail/utf8.hpp"

#include <algorithm>
#include <cstdint>

namespace abon {
namespace {

using detail::is_letter;

constexpr std::u32string_view kSpecialUseTlds[] = {
    U"invalid", U"local", U"localhost", U"test", U"example", U"onion", U"arpa"};

// Typo targets, most used first (ties go to the first). Never suggested away from:
// these and the real look-alikes below.
constexpr std::u32string_view kProviders[] = {
    U"gmail.com",   U"ukr.net",    U"i.ua",       U"meta.ua",        U"outlook.com",
    U"hotmail.com", U"yahoo.com",  U"icloud.com", U"email.ua",       U"bigmir.net",
    U"online.ua",   U"proton.me",  U"protonmail.com", U"gmx.com",    U"googlemail.com"};
constexpr std::u32string_view kRealLookAlikes[] = {
    U"mail.com", U"email.com", U"ymail.com", U"gmx.net", U"gmx.de", U"me.com", U"mac.com",
    U"live.com", U"msn.com",   U"aol.com",   U"pm.me",   U"mail.ua", U"e-mail.ua",
    U"ua.fm",    U"te.pl.ua",  U"yahoo.co.uk", U"hotmail.co.uk"};

// TLDs that do not exist but are one slip away from .com or .net.
struct TldSlip { std::u32string_view typed, meant; };
constexpr TldSlip kTldSlips[] = {
    {U"con", U"com"}, {U"cpm", U"com"}, {U"cmo", U"com"}, {U"ocm", U"com"}, {U"vom", U"com"},
    {U"xom", U"com"}, {U"comm", U"com"}, {U"ner", U"net"}, {U"nte", U"net"}, {U"nrt", U"net"}};

// RFC 5322 atext: what a dot-atom local part may hold besides dots.
bool is_atext(char32_t cp) {
    if (cp >= 0x80) return false;
    if ((cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z') || (cp >= U'0' && cp <= U'9'))
        return true;
    return std::u32string_view(U"!#$%&'*+/=?^_`{|}~-").find(cp) != std::u32string_view::npos;
}

bool is_ascii_alnum(char32_t cp) {
    return (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z') || (cp >= U'0' && cp <= U'9');
}

bool is_label_char(char32_t cp) { return is_ascii_alnum(cp) || cp == U'-' || is_letter(cp); }

// Spaces a paste may bring along; line breaks and tabs are not among them (see above).
bool is_trimmable(char32_t cp) { return detail::is_white_space(cp) && cp >= 0x20 && cp != 0x85; }

std::u32string_view trim_spaces(std::u32string_view text) {
    std::size_t b = 0, e = text.size();
    while (b < e && is_trimmable(text[b])) ++b;
    while (e > b && is_trimmable(text[e - 1])) --e;
    return text.substr(b, e - b);
}

std::size_t utf8_octets(std::u32string_view text) {
    std::size_t n = 0;
    for (char32_t cp : text) n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    return n;
}

// [SECTION] Punycode (RFC 3492), only as far as the rule needs: the encoded length of a
// label, and decoding an A-label to check what it spells.
constexpr std::uint32_t kBase = 36, kTMin = 1, kTMax = 26, kSkew = 38, kDamp = 700;
constexpr std::uint32_t kInitialBias = 72, kInitialN = 128;

std::uint32_t adapt(std::uint32_t delta, std::uint32_t points, bool first) {
    delta = first ? delta / kDamp : delta / 2;
    delta += delta / points;
    std::uint32_t k = 0;
    while (delta > ((kBase - kTMin) * kTMax) / 2) {
        delta /= kBase - kTMin;
        k += kBase;
    }
    return k + (kBase - kTMin + 1) * delta / (delta + kSkew);
}

std::uint32_t threshold(std::uint32_t k, std::uint32_t bias) {
    return k <= bias ? kTMin : k >= bias + kTMax ? kTMax : k - bias;
}

// Length of "xn--" + Punycode of a label of at most 63 code points (so no overflow).
std::size_t punycode_length(std::u32string_view label) {
    std::uint32_t n = kInitialN, delta = 0, bias = kInitialBias;
    const auto basic = static_cast<std::uint32_t>(
        std::count_if(label.begin(), label.end(), [](char32_t cp) { return cp < 0x80; }));
    std::size_t out = 4 + basic + (basic > 0 ? 1 : 0);
    std::uint32_t handled = basic;
    while (handled < label.size()) {
        char32_t m = 0x10FFFF;
        for (char32_t cp : label)
            if (cp >= n && cp < m) m = cp;
        delta += (m - n) * (handled + 1);
        n = m;
        for (char32_t cp : label) {
            if (cp < n) ++delta;
            if (cp != n) continue;
            std::uint32_t q = delta;
            for (std::uint32_t k = kBase;; k += kBase) {
                const std::uint32_t t = threshold(k, bias);
                if (q < t) break;
                ++out;
                q = (q - t) / (kBase - t);
            }
            ++out;
            bias = adapt(delta, handled + 1, handled == basic);
            delta = 0;
            ++handled;
        }
        ++delta;
        ++n;
    }
    return out;
}

// The code points an A-label's Punycode part spells, or nullopt if it spells nothing.
std::optional<std::u32string> punycode_decode(std::u32string_view code) {
    std::u32string out;
    const std::size_t delim = code.rfind(U'-');
    std::size_t in = 0;
    if (delim != std::u32string_view::npos) {
        out.assign(code.substr(0, delim));
        in = delim + 1;
    }
    std::uint64_t n = kInitialN, i = 0;
    std::uint32_t bias = kInitialBias;
    while (in < code.size()) {
        const std::uint64_t old_i = i;
        std::uint64_t w = 1;
        for (std::uint32_t k = kBase;; k += kBase) {
            if (in >= code.size()) return std::nullopt;
            const char32_t c = code[in++];
            std::uint32_t digit;
            if (c >= U'a' && c <= U'z') digit = c - U'a';
            else if (c >= U'A' && c <= U'Z') digit = c - U'A';
            else if (c >= U'0' && c <= U'9') digit = c - U'0' + 26;
            else return std::nullopt;
            i += digit * w;
            const std::uint32_t t = threshold(k, bias);
            if (digit < t) break;
            w *= kBase - t;
            if (i > 0x10FFFF * 64ULL || w > 0x10FFFF * 64ULL) return std::nullopt;  // nonsense
        }
        const auto points = static_cast<std::uint32_t>(out.size() + 1);
        bias = adapt(static_cast<std::uint32_t>(i - old_i), points, old_i == 0);
        n += i / points;
        i %= points;
        if (n > 0x10FFFF) return std::nullopt;
        out.insert(out.begin() + static_cast<std::ptrdiff_t>(i), static_cast<char32_t>(n));
        ++i;
    }
    return out;
}

// [SECTION] The rule
struct Parts {
    std::u32string_view local, domain;
};

bool is_special_use(std::u32string_view tld) {
    const std::u32string lower = detail::to_lower(tld);
    return std::find(std::begin(kSpecialUseTlds), std::end(kSpecialUseTlds), lower) !=
           std::end(kSpecialUseTlds);
}

// An A-label must decode to a label of letters and digits with something non-ASCII in it.
bool is_valid_a_label(std::u32string_view label) {
    const auto decoded = punycode_decode(label.substr(4));
    if (!decoded || decoded->empty() || decoded->size() > 63) return false;
    if (std::none_of(decoded->begin(), decoded->end(), [](char32_t cp) { return cp >= 0x80; }))
        return false;
    return std::all_of(decoded->begin(), decoded->end(), is_label_char) &&
           decoded->front() != U'-' && decoded->back() != U'-';
}

bool is_a_label(std::u32string_view label) {
    return label.size() > 4 && detail::to_lower(label.substr(0, 4)) == U"xn--";
}

bool is_valid_label(std::u32string_view label) {
    if (label.empty() || label.size() > 63) return false;  // 64+ code points never fit
    if (!std::all_of(label.begin(), label.end(), is_label_char)) return false;
    if (label.front() == U'-' || label.back() == U'-') return false;
    if (label.size() >= 4 && label[2] == U'-' && label[3] == U'-' &&
        !(is_a_label(label) && is_valid_a_label(label)))
        return false;  // "??--" is reserved for A-labels (RFC 5891 §4.2.3.1)
    const bool ascii = std::all_of(label.begin(), label.end(), [](char32_t cp) { return cp < 0x80; });
    return ascii || punycode_length(detail::to_lower(label)) <= 63;
}

// The script of a letter, for labels that mix Latin with the scripts drawn like it (gmаil.com
// with a Cyrillic а is another host, xn--gmil-63d.com, and a phishing classic). Digits and
// hyphens have none. Latin beside other scripts (m端ller.com) is a real name: the public
// corpus holds it valid.
enum class Script { None, Latin, Cyrillic, Greek, Other };
Script script_of(char32_t cp) {
    if (!is_letter(cp)) return Script::None;
    if (cp < 0x0250) return Script::Latin;
    if (detail::is_cyrillic(cp)) return Script::Cyrillic;
    if (cp >= 0x0370 && cp <= 0x03FF) return Script::Greek;
    return Script::Other;
}

bool mixes_scripts(std::u32string_view label) {
    std::u32string decoded;
    if (is_a_label(label)) {
        const auto d = punycode_decode(label.substr(4));
        if (!d) return false;
        decoded = *d;
        label = decoded;
    }
    bool latin = false, cyrillic = false, greek = false;
    for (const char32_t cp : label) {
        const Script s = script_of(cp);
        latin |= s == Script::Latin;
        cyrillic |= s == Script::Cyrillic;
        greek |= s == Script::Greek;
    }
    return latin + cyrillic + greek > 1;
}

// Cyrillic and Greek letters drawn like Latin ones, for the fix of a mixed label.
char32_t latin_look_alike(char32_t cp) {
    static constexpr std::pair<char32_t, char32_t> kPairs[] = {
        {U'а', U'a'}, {U'в', U'b'}, {U'е', U'e'}, {U'і', U'i'}, {U'ј', U'j'}, {U'к', U'k'}, {U'м', U'm'},
        {U'н', U'h'}, {U'о', U'o'}, {U'р', U'p'}, {U'с', U'c'}, {U'т', U't'}, {U'у', U'y'}, {U'х', U'x'},
        {U'ѕ', U's'}, {U'ԁ', U'd'}, {U'һ', U'h'}, {U'ӏ', U'l'}, {U'ο', U'o'}, {U'α', U'a'}, {U'ν', U'v'}};
    for (const auto& [from, to] : kPairs)
        if (cp == from) return to;
    return cp;
}

bool is_valid_tld(std::u32string_view tld) {
    if (is_a_label(tld)) {
        const auto decoded = punycode_decode(tld.substr(4));
        return decoded && decoded->size() >= 2 && std::all_of(decoded->begin(), decoded->end(), is_letter);
    }
    return tld.size() >= 2 && std::all_of(tld.begin(), tld.end(), is_letter);
}

ErrorCode check_domain(std::u32string_view domain) {
    const std::size_t last_dot = domain.rfind(U'.');
    if (last_dot == std::u32string_view::npos) {
        if (!is_valid_label(domain)) return ErrorCode::EmailDomainInvalid;
        return is_special_use(domain) ? ErrorCode::EmailSpecialUseTld : ErrorCode::EmailTldInvalid;
    }
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = domain.find(U'.', start);
        const std::u32string_view label = domain.substr(start, dot - start);
        if (!is_valid_label(label)) return ErrorCode::EmailDomainInvalid;
        if (mixes_scripts(label)) return ErrorCode::EmailMixedScript;
        if (dot == std::u32string_view::npos) break;
        start = dot + 1;
    }
    const std::u32string_view tld = domain.substr(last_dot + 1);
    if (!is_valid_tld(tld)) return ErrorCode::EmailTldInvalid;
    if (is_special_use(tld)) return ErrorCode::EmailSpecialUseTld;
    return ErrorCode::Ok;
}

ErrorCode check_local(std::u32string_view local) {
    for (std::size_t i = 0; i < local.size(); ++i) {
        const char32_t cp = local[i];
        if (cp == U'.') {
            if (i == 0 || i + 1 == local.size() || local[i + 1] == U'.')
                return ErrorCode::EmailLocalInvalid;
        } else if (!is_atext(cp)) {
            return ErrorCode::EmailLocalInvalid;
        }
    }
    return ErrorCode::Ok;
}

// The rule on trimmed, non-empty text; fills `parts` as far as it got.
ErrorCode check_email(std::u32string_view text, Parts& parts) {
    std::size_t at = std::u32string_view::npos;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char32_t cp = text[i];
        if (detail::is_invisible(cp)) return ErrorCode::InvalidUtf8;
        if (detail::is_white_space(cp)) return ErrorCode::EmailInvalid;
        if (cp == U'@') {
            if (at != std::u32string_view::npos) return ErrorCode::EmailInvalid;
            at = i;
        }
    }
    if (at == std::u32string_view::npos || at == 0 || at + 1 == text.size())
        return ErrorCode::EmailInvalid;
    parts = {text.substr(0, at), text.substr(at + 1)};
    if (const ErrorCode c = check_local(parts.local); c != ErrorCode::Ok) return c;
    if (parts.local.size() > kEmailLocalMaxOctets) return ErrorCode::EmailTooLong;
    if (utf8_octets(text) > kEmailMaxOctets) return ErrorCode::EmailTooLong;
    return check_domain(parts.domain);
}

// [SECTION] Typo suggestions
// Damerau-Levenshtein distance (optimal string alignment), or limit + 1 once it is
// certainly above `limit`. Three rolling rows on the stack: b is at most 64 long.
constexpr std::size_t kMaxSuggestDomain = 64;

std::size_t edit_distance(std::u32string_view a, std::u32string_view b, std::size_t limit) {
    if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
    std::size_t rows[3][kMaxSuggestDomain + 1];
    std::size_t *before = rows[0], *prev = rows[1], *cur = rows[2];
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        std::size_t row_min = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            std::size_t v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                v = std::min(v, before[j - 2] + 1);
            cur[j] = v;
            row_min = std::min(row_min, v);
        }
        if (row_min > limit) return limit + 1;
        std::size_t* spare = before;
        before = prev;
        prev = cur;
        cur = spare;
    }
    return prev[b.size()];
}

template <std::size_t N>
bool listed(const std::u32string_view (&list)[N], std::u32string_view domain) {
    return std::find(std::begin(list), std::end(list), domain) != std::end(list);
}

// The provider domain the user most likely meant, for a lower-case domain.
std::optional<std::u32string> suggest_domain(std::u32string_view domain) {
    if (domain.empty() || domain.size() > kMaxSuggestDomain) return std::nullopt;
    if (listed(kProviders, domain) || listed(kRealLookAlikes, domain)) return std::nullopt;

    // "gmail" alone: the provider's name with the TLD left out.
    if (domain.find(U'.') == std::u32string_view::npos) {
        for (std::u32string_view p : kProviders)
            if (p.size() > domain.size() + 1 && p.substr(0, domain.size()) == domain &&
                p[domain.size()] == U'.' && domain.size() >= 3)
                return std::u32string(p);
    }

    std::optional<std::u32string_view> best;
    std::size_t best_distance = 3;
    for (std::u32string_view p : kProviders) {
        const std::size_t limit = p.size() <= 7 ? 1 : 2;  // i.ua, ukr.net: one slip only
        const std::size_t d = edit_distance(p, domain, limit);
        if (d <= limit && d < best_distance) {
            best = p;
            best_distance = d;
        }
    }
    if (best) return std::u32string(*best);

    const std::size_t dot = domain.rfind(U'.');
    if (dot == std::u32string_view::npos || dot == 0) return std::nullopt;
    for (const TldSlip& slip : kTldSlips)
        if (domain.substr(dot + 1) == slip.typed)
            return std::u32string(domain.substr(0, dot + 1)) + std::u32string(slip.meant);
    return std::nullopt;
}

std::string join(std::u32string_view local, std::u32string_view domain) {
    std::string out = detail::encode_utf8(local);
    out.push_back('@');
    out += detail::encode_utf8(domain);
    return out;
}

// local@domain with the domain lower-cased, for comparing two typed addresses.
std::u32string comparable(std::u32string_view text) {
    const std::size_t at = text.rfind(U'@');
    if (at == std::u32string_view::npos) return std::u32string(text);
    return std::u32string(text.substr(0, at + 1)) + detail::to_lower(text.substr(at + 1));
}

}  // namespace

Verdict validate_email(std::string_view text) {
    const auto decoded = detail::decode_utf8(text);
    if (!decoded) return {ErrorCode::InvalidUtf8};
    const std::u32string_view trimmed = trim_spaces(*decoded);
    if (trimmed.empty()) return {ErrorCode::Required};

    Parts parts;
    Verdict v;
    v.code = check_email(trimmed, parts);
    const std::u32string domain = detail::to_lower(parts.domain);
    const auto fix = suggest_domain(domain);
    if (v.code == ErrorCode::EmailMixedScript) {  // "gmаil.com" → …@gmail.com, a provider only
        std::u32string latin;  // each label as typed or as its A-label spells it, look-alikes folded
        for (std::size_t start = 0; start <= domain.size();) {
            const std::size_t dot = std::min(domain.find(U'.', start), domain.size());
            const std::u32string_view label = std::u32string_view(domain).substr(start, dot - start);
            const auto u_label = is_a_label(label) ? punycode_decode(label.substr(4)) : std::nullopt;
            latin += u_label ? *u_label : std::u32string(label);
            if (dot < domain.size()) latin += U'.';
            start = dot + 1;
        }
        for (char32_t& cp : latin) cp = latin_look_alike(cp);
        if (listed(kProviders, latin)) v.suggestion = join(parts.local, latin);
        else if (const auto near = suggest_domain(latin); near && listed(kProviders, *near))
            v.suggestion = join(parts.local, *near);
        return v;
    }
    if (v.code == ErrorCode::EmailDomainInvalid || v.code == ErrorCode::EmailTldInvalid) {
        if (fix) v.suggestion = join(parts.local, *fix);  // "taras@gmail" → …@gmail.com
        return v;
    }
    if (!v.ok()) return v;
    v.value = join(parts.local, domain);
    if (fix) {
        v.suggestion = join(parts.local, *fix);
        v.detail = v.suggestion;
        v.warnings.push_back(ErrorCode::EmailTypo);
    }
    return v;
}

Verdict validate_email_confirm(std::string_view email, std::string_view confirm) {
    const auto typed = detail::decode_utf8(confirm);
    if (!typed) return {ErrorCode::InvalidUtf8};
    const std::u32string_view confirm_trimmed = trim_spaces(*typed);
    if (confirm_trimmed.empty()) return {ErrorCode::Required};
    const auto first = detail::decode_utf8(email);
    const std::u32string wanted = first ? comparable(trim_spaces(*first)) : std::u32string();
    const std::u32string got = comparable(confirm_trimmed);
    if (!first || wanted != got) return {ErrorCode::EmailMismatch};
    Verdict v;
    v.value = detail::encode_utf8(got);
    return v;
}

bool is_valid_email(std::string_view text) {
    const auto decoded = detail::decode_utf8(text);
    if (!decoded) return false;
    const std::u32string_view trimmed = trim_spaces(*decoded);
    Parts parts;
    return !trimmed.empty() && check_email(trimmed, parts) == ErrorCode::Ok;
}

std::optional<std::string> suggest_email(std::string_view email) {
    const auto decoded = detail::decode_utf8(email);
    if (!decoded) return std::nullopt;
    const std::u32string_view trimmed = trim_spaces(*decoded);
    const std::size_t at = trimmed.rfind(U'@');
    if (at == std::u32string_view::npos || at == 0) return std::nullopt;
    const auto fix = suggest_domain(detail::to_lower(trimmed.substr(at + 1)));
    if (!fix) return std::nullopt;
    return join(trimmed.substr(0, at), *fix);
}

}  // namespace abon
