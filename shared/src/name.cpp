// Names (spec §2.1): one linear scan that canonicalises and finds the problem to report,
// and the wrong-layout check that offers «Шевченко» for "Itdxtyrj".
//
// Choices the spec leaves open:
// - White space: trimmed, inner runs become one space, and one space is accepted between
//   parts («Анна Марія»), each part capitalised: rejecting it would lock out people whose
//   legal name has one, while a full name typed into one field is caught by the server's
//   holder check. Spaces beside a hyphen are dropped («Петренко - Стельмах»).
// - Length: characters of the canonical value, apostrophes, hyphens and spaces included
//   (what a database column limits).
// - Hyphen look-alikes: U+2010 and U+2011 are hyphens; other dashes (en, em, minus, …)
//   give name_hyphen_placement, whose message shows the right form.
// - Latin look-alikes are mapped whenever the field holds a Cyrillic letter, so a part
//   typed wholly in look-alikes («Ткаченко-Cac») is mapped too.
// - и/і followed by a combining breve/diaeresis (decomposed й, ї from some pastes) are
//   composed.
// - Problems are reported by kind, not position: Latin letters, digits, other symbols,
//   hyphens, apostrophes, length.
#include "abon/name.hpp"

#include "abon/detail/utf8.hpp"

#include <algorithm>
#include <cstddef>

namespace abon {
namespace {

using detail::is_cyrillic;
using detail::is_ukrainian_letter;
using detail::is_white_space;
using detail::to_lower;
using detail::to_upper;

constexpr auto kMaxLength = static_cast<std::size_t>(kNameMaxLetters);

// [SECTION] Character classes

bool is_apostrophe_lookalike(char32_t cp) {
    return cp == U'\'' || cp == U'\u2019' || cp == U'\u02BC' || cp == U'`' || cp == U'\u00B4';
}

bool is_hyphen(char32_t cp) { return cp == U'-' || cp == U'\u2010' || cp == U'\u2011'; }

bool is_dash_lookalike(char32_t cp) {  // figure/en/em dash, bar, minus, small and wide forms
    return (cp >= U'\u2012' && cp <= U'\u2015') || cp == U'\u2212' || cp == U'\uFE58' ||
           cp == U'\uFE63' || cp == U'\uFF0D' || cp == U'\u2E3A' || cp == U'\u2E3B';
}

bool is_ascii_letter(char32_t cp) {
    return (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z');
}
bool is_digit(char32_t cp) {  // ASCII and fullwidth
    return (cp >= U'0' && cp <= U'9') || (cp >= U'\uFF10' && cp <= U'\uFF19');
}

// The Cyrillic letter a Latin look-alike stands for, or 0.
char32_t cyrillic_for_lookalike(char32_t cp) {
    constexpr std::u32string_view latin = U"aceiopxyABCEHIKMOPTX";
    constexpr std::u32string_view cyrillic = U"асеіорхуАВСЕНІКМОРТХ";
    static_assert(latin.size() == cyrillic.size(), "one Cyrillic letter per look-alike");
    const auto at = latin.find(cp);
    return at == std::u32string_view::npos ? 0 : cyrillic[at];
}

// What the same key types in the Ukrainian layout (ЙЦУКЕН on a US keyboard: ` is the
// apostrophe key, \ is ґ), or 0 for keys that type the same character in both.
char32_t ukrainian_for_key(char32_t cp) {
    constexpr std::u32string_view keys = U"qwertyuiop[]asdfghjkl;'zxcvbnm,.`\\"
                                         U"QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>|";
    constexpr std::u32string_view ukrainian = U"йцукенгшщзхїфівапролджєячсмитьбюʼґ"
                                              U"ЙЦУКЕНГШЩЗХЇФІВАПРОЛДЖЄЯЧСМИТЬБЮҐ";
    static_assert(keys.size() == ukrainian.size(), "one Ukrainian character per key");
    const auto at = keys.find(cp);
    return at == std::u32string_view::npos ? 0 : ukrainian[at];
}

// [SECTION] The scan

// Kinds of problem, in the order they are reported.
enum class Problem { LatinLetters, Digits, InvalidChars, Hyphen, Apostrophe, TooLong, None };

ErrorCode code_of(Problem p) {
    switch (p) {
        case Problem::LatinLetters: return ErrorCode::NameLatinLetters;
        case Problem::Digits: return ErrorCode::NameDigits;
        case Problem::InvalidChars: return ErrorCode::NameInvalidChars;
        case Problem::Hyphen: return ErrorCode::NameHyphenPlacement;
        case Problem::Apostrophe: return ErrorCode::NameApostrophePlacement;
        case Problem::TooLong: return ErrorCode::NameTooLong;
        case Problem::None: break;
    }
    return ErrorCode::Ok;
}

enum class Token { None, Letter, Apostrophe, Hyphen, Space };

// Takes the raw text one code point at a time: trims, collapses, canonicalises into `out`
// (when given) and keeps the problem to report. Remembers only the previous token.
class NameScan {
public:
    NameScan(std::u32string_view apostrophe, bool map_lookalikes, std::u32string* out)
        : apostrophe_(apostrophe), map_lookalikes_(map_lookalikes), out_(out) {}

    void feed(char32_t cp) {
        if (is_white_space(cp)) {
            pending_space_ = prev_ != Token::None;
            return;
        }
        if ((cp == U'\u0306' || cp == U'\u0308') && compose(cp)) return;
        if (is_apostrophe_lookalike(cp)) return emit(Token::Apostrophe, 0);
        if (is_hyphen(cp)) return emit(Token::Hyphen, U'-');
        if (is_dash_lookalike(cp)) {
            note(Problem::Hyphen);
            return emit(Token::Hyphen, U'-');
        }
        if (is_ascii_letter(cp)) {
            const char32_t cyrillic = map_lookalikes_ ? cyrillic_for_lookalike(cp) : 0;
            if (cyrillic == 0) note(Problem::LatinLetters);
            return emit(Token::Letter, cyrillic != 0 ? cyrillic : cp);
        }
        if (is_digit(cp)) note(Problem::Digits);
        else if (!is_ukrainian_letter(cp)) note(Problem::InvalidChars);
        emit(Token::Letter, cp);  // a wrong character still fills a letter's place
    }

    bool empty() const { return prev_ == Token::None; }
    std::size_t length() const { return length_; }

    Problem finish() {
        if (prev_ == Token::Hyphen) note(Problem::Hyphen);
        if (prev_ == Token::Apostrophe) note(Problem::Apostrophe);
        if (length_ > kMaxLength) note(Problem::TooLong);
        return problem_;
    }

private:
    void note(Problem p) { problem_ = std::min(problem_, p); }

    // Past the limit the verdict is an error anyway: the output stops growing (1 MB pastes).
    bool writing() const { return out_ != nullptr && length_ <= kMaxLength; }

    void emit(Token token, char32_t cp) {
        if (pending_space_) {
            pending_space_ = false;
            if (token != Token::Hyphen && prev_ != Token::Hyphen) emit(Token::Space, U' ');
        }
        if (prev_ == Token::Apostrophe && token != Token::Letter) note(Problem::Apostrophe);
        switch (token) {
            case Token::Letter:
                last_letter_ = part_start_ ? to_upper(cp) : to_lower(cp);
                last_letter_written_ = writing();
                if (last_letter_written_) out_->push_back(last_letter_);
                part_start_ = false;
                break;
            case Token::Apostrophe:
                if (prev_ != Token::Letter) note(Problem::Apostrophe);
                if (writing()) out_->append(apostrophe_);
                break;
            case Token::Hyphen:
                if (prev_ == Token::None || prev_ == Token::Hyphen) note(Problem::Hyphen);
                [[fallthrough]];
            case Token::Space:
                if (writing()) out_->push_back(cp);
                part_start_ = true;
                break;
            case Token::None:
                return;
        }
        ++length_;
        prev_ = token;
    }

    // и + U+0306 → й, і + U+0308 → ї, either case; false when `mark` follows anything else.
    bool compose(char32_t mark) {
        if (prev_ != Token::Letter || pending_space_) return false;
        const char32_t lower = to_lower(last_letter_);
        char32_t composed = 0;
        if (mark == U'\u0306' && lower == U'и') composed = U'й';
        if (mark == U'\u0308' && lower == U'і') composed = U'ї';
        if (composed == 0) return false;
        last_letter_ = lower == last_letter_ ? composed : to_upper(composed);
        if (last_letter_written_) out_->back() = last_letter_;
        return true;
    }

    std::u32string_view apostrophe_;
    bool map_lookalikes_;
    std::u32string* out_;
    Token prev_ = Token::None;
    bool pending_space_ = false;
    bool part_start_ = true;
    char32_t last_letter_ = 0;
    bool last_letter_written_ = false;
    std::size_t length_ = 0;
    Problem problem_ = Problem::None;
};

struct Scanned {
    bool empty = true;
    Problem problem = Problem::None;
    std::size_t length = 0;  // characters of the canonical value
};

Scanned scan(std::u32string_view text, std::u32string_view apostrophe, std::u32string* out) {
    const bool has_cyrillic = std::any_of(text.begin(), text.end(), is_cyrillic);
    NameScan s(apostrophe, has_cyrillic, out);
    for (char32_t cp : text) s.feed(cp);
    const Problem problem = s.finish();
    return {s.empty(), problem, s.length()};
}

// [SECTION] Wrong keyboard layout
//
// Every Latin letter maps to some Ukrainian letter, so "Taras" would become «Ефкфі». The
// correction is offered only when the mapped text reads more like Ukrainian than the typed
// text reads like English or transliteration: letter-pair costs below, in half-nats
// (-2·ln P(next | letter), 'a' = 0), with '^' for the start and end of a part. Counted from
// the seed text (Ukrainian), its KMU-2010 transliteration and the English of spec.md and
// style.md; smoothed with 0.5 per pair. On tests/corpora/names-uk.json it offers 927 of 950
// names typed in the English layout, 3 of their 950 transliterations and 1 of 161 common
// English and transliterated first names and surnames (Zoya → «Ящнф»). Regenerate the tables
// rather than edit them.

// Rows: the letter; columns: the next one, in kUkrainianAlphabet order.
constexpr std::string_view kUkrainianPairs[] = {
    "oijfkogklogmhoifihffehfghjihkjiooho",  // ^
    "enhghnhniljnnihhfhfllgjennhffjnnlnn",  // а
    "gfkkkkkekkkfekkkhkhekgkkgkgkkkkkkkk",  // б
    "fdmhmmmfmimeemmmjmhgkmikimmmhmmmmmk",  // в
    "fekkkkkkkkkfgkkkkkkckfkkgkkkkkkkkkk",  // г
    "hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh",  // ґ
    "fhjjlljglglfglllflfeggjggljlllllljl",  // д
    "ekigmmimgijmmmmgiheigdfgmmmjkhmmmmm",  // е
    "djjjjjhjjjjjjgjjjejjjjdfjjjjjjjjjjj",  // є
    "jehjjjfejjjdjjjjgjhjjjjjfjjjjjjjjjj",  // ж
    "edhgkkhkkkkhgkkhkkekhghkhkkhkkkkkkk",  // з
    "dmmfkmmmhkimmmggifhmmjehmigkhjkmmmm",  // и
    "djkfmmemjmimmggigkehmhfhmjkijmmmkim",  // і
    "bjjjjjjjjjjjjjjjjjfjjjjjjjjjjjjjjjj",  // ї
    "dkkkkkgkkkkkkkkkkheehkkdkkkkkhkkkkk",  // й
    "efmmmmjgmmmhfmmmimjdmfjgfmmjmmjmmmm",  // к
    "lglllllgllleflljlllelllfflllllldhfl",  // л
    "ddjjlllgllllflljlllfllglelllllllllj",  // м
    "idmmmmkfmmmfgmmgmmfemmiighmkmjmikgm",  // н
    "enffgnghnginnhnhhfgliffininlnjlnknn",  // о
    "lglllllellliellheljclelljllllllllll",  // п
    "kemggmiemimdimmkmgiemmhhhmmmmjmmmkm",  // р
    "himkmmmgmmmghmmjgmiffmkcgkmmmmmgmfm",  // с
    "gemgmmmemkmegmmimmmfmfmmfmmmkmmfmmm",  // т
    "chjeglllhjllllggliflhhjglllllllljll",  // у
    "hjjjjjjjjjjhdjjjjjjdjfjjhjjjjjjjjjj",  // ф
    "cjjjjjjjjjjjfjjjjjjhjjjjejejjjjjjjj",  // х
    "kkkkkkkfkkkfbkkkkkkkkhkhkkkkkkkhhkk",  // ц
    "hdjjjjjejjjefjjjjjehjjjghjjjjjjjjjj",  // ч
    "hjejjjjdjjjgjjjjjjjgjjjfhjjjjjjjjjj",  // ш
    "igiiiiigiiiiiiiiiiiciiiiiiiiiiiiiii",  // щ
    "dkkkkkkkkkkkkkkekkdfkkekkkkkkkkkkkk",  // ь
    "eiigiigigiiiiiiiiiiiiiieiiiifiiigii",  // ю
    "bkkkkkkkkkikkkkdkihkkkkkkkkikkkkhkk",  // я
    "hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhheh",  // ʼ
};
// Rows: the letter; columns: the next one, in kLatinAlphabet order.
constexpr std::string_view kLatinPairs[] = {
    "rehfgghjigkhhigggrhfeihhnjj",  // ^
    "eqgfhqlhkgqhfgeohqfgekilqil",  // a
    "efmjmemkmgjiekjemmghmfkmmfm",  // b
    "geofofoodjoggjodhohjfjooojo",  // c
    "chmoieohofomikjfhoigjjkomhk",  // d
    "chkigjjjqjqkhhflikeegqilijl",  // e
    "efmkkgjmmcmmikmdmmfmhgmkmkm",  // f
    "dhmmmdmkiemmgigimmgihgmmmmk",  // g
    "eejikcooogojljjemojmiiooogo",  // h
    "fgjgfglhphpjgidgjphffihplpl",  // i
    "giiiieiiiiiiiiiiiiibiiiiiii",  // j
    "dglnlellegnnjnjennfghgnnlin",  // k
    "egoofdkoleokgmheoolhhgkmofo",  // l
    "ddhnldningnlkhnfgnngkglnnnn",  // m
    "dfpiefigpgpiinifipngfhkpphp",  // n
    "ejhihjhmihmhhfdjhpeghgggmpi",  // o
    "feoooeooigojflkegofjfgooolo",  // p
    "iiiiiiiiiiiieiiiiiiiiciiiii",  // q
    "efnihdmkjgnjlhiflpighhhnpfl",  // r
    "cipipfmpgfpkkilghmkheimipjp",  // s
    "dglhkeqodgqlknqglqgfiijkogo",  // t
    "egihhgokifoggheogofgeogoool",  // u
    "gdnindnnnennknihlnnjljinnfj",  // v
    "ffmmmfmkedmmmmfemmggkmmmmmm",  // w
    "edkgkfkkkfkkkkkkekhkdkkkhkk",  // x
    "cgiinjjnlgngifighniehnglnnj",  // y
    "feikiikkcgkikkfkikhiiihkkik",  // z
};

constexpr std::u32string_view kUkrainianAlphabet = U"^абвгґдеєжзиіїйклмнопрстуфхцчшщьюяʼ";
constexpr std::u32string_view kLatinAlphabet = U"^abcdefghijklmnopqrstuvwxyz";
constexpr int kUnknownPairCost = 25;  // a character the table does not know ([ ; , . ` …)
constexpr int kLayoutMargin = 2;      // one nat in favour of Ukrainian

template <std::size_t N>
int pair_cost(const std::string_view (&table)[N], std::u32string_view alphabet, char32_t a,
              char32_t b) {
    const auto i = alphabet.find(a), j = alphabet.find(b);
    if (i == std::u32string_view::npos || j == std::u32string_view::npos) return kUnknownPairCost;
    return table[i][j] - 'a';
}

// Cost of lower-case `text`, part by part; each of `separators` ends a part.
template <std::size_t N>
int text_cost(const std::string_view (&table)[N], std::u32string_view alphabet,
              std::u32string_view text, std::u32string_view separators) {
    int cost = 0;
    char32_t prev = U'^';
    for (char32_t cp : text) {
        const char32_t cur = separators.find(cp) == std::u32string_view::npos ? cp : U'^';
        cost += pair_cost(table, alphabet, prev, cur);
        prev = cur;
    }
    return cost + pair_cost(table, alphabet, prev, U'^');
}

bool is_one_of(char32_t cp, std::u32string_view set) { return set.find(cp) != std::u32string_view::npos; }

// ь only after a consonant, ʼ only before я ю є ї: other keys give a word no one is named.
bool reads_as_ukrainian(std::u32string_view lower) {
    char32_t prev = U' ';
    for (std::size_t i = 0; i < lower.size(); ++i) {
        const char32_t cp = lower[i];
        if (cp == U'ь' && is_one_of(prev, U"аеєиіїоуюяьйʼ- ")) return false;
        if (cp == U'ʼ' && (i + 1 == lower.size() || !is_one_of(lower[i + 1], U"яюєї"))) return false;
        prev = cp;
    }
    return true;
}

// The canonical name `text` gives in the Ukrainian layout, when it is a plausible name.
std::optional<std::u32string> layout_correction(std::u32string_view text,
                                                std::u32string_view apostrophe) {
    if (std::any_of(text.begin(), text.end(), is_cyrillic)) return std::nullopt;
    if (std::none_of(text.begin(), text.end(), is_ascii_letter)) return std::nullopt;
    std::u32string mapped(text);
    for (char32_t& cp : mapped) {
        if (const char32_t uk = ukrainian_for_key(cp)) cp = uk;
        else if (cp != U'-' && !is_white_space(cp)) return std::nullopt;  // digits, other symbols
    }
    std::u32string canonical;
    if (scan(mapped, apostrophe, &canonical).problem != Problem::None) return std::nullopt;
    const std::u32string lower_mapped = detail::to_lower(detail::trim_collapse(mapped));
    if (!reads_as_ukrainian(lower_mapped)) return std::nullopt;
    const std::u32string lower_typed = detail::to_lower(detail::trim_collapse(text));
    const int ukrainian = text_cost(kUkrainianPairs, kUkrainianAlphabet, lower_mapped, U"- ");
    const int latin = text_cost(kLatinPairs, kLatinAlphabet, lower_typed, U"- '");  // ' as in O'Brien
    if (latin - ukrainian <= kLayoutMargin) return std::nullopt;
    return canonical;
}

std::u32string apostrophe_of(const RuleConfig& config) {
    auto cps = detail::decode_utf8(config.apostrophe);
    return cps && !cps->empty() ? *cps : std::u32string(1, U'\u02BC');
}

bool has_invisible(std::u32string_view text) {
    return std::any_of(text.begin(), text.end(), detail::is_invisible);
}

}  // namespace

// [SECTION] Public rules

Verdict validate_name(std::string_view text, const RuleConfig& config, bool optional) {
    const auto cps = detail::decode_utf8(text);
    if (!cps || has_invisible(*cps)) return {ErrorCode::InvalidUtf8};
    const std::u32string apostrophe = apostrophe_of(config);

    std::u32string canonical;
    const Scanned scanned = scan(*cps, apostrophe, &canonical);
    if (scanned.empty) {
        if (optional) return {};
        return {ErrorCode::Required};
    }
    // Keys map one to one, so a text too long here is too long in either layout.
    if (scanned.problem == Problem::LatinLetters && scanned.length <= kMaxLength) {
        if (auto fix = layout_correction(*cps, apostrophe)) {
            Verdict v{ErrorCode::NameWrongLayout};
            v.suggestion = detail::encode_utf8(*fix);
            v.detail = v.suggestion;
            return v;
        }
    }
    if (scanned.problem != Problem::None) return {code_of(scanned.problem)};
    Verdict v;
    v.value = detail::encode_utf8(canonical);
    return v;
}

bool is_valid_name(std::string_view text, const RuleConfig& config) {
    const auto cps = detail::decode_utf8(text);
    if (!cps || has_invisible(*cps)) return false;
    const Scanned scanned = scan(*cps, apostrophe_of(config), nullptr);
    return !scanned.empty && scanned.problem == Problem::None;
}

std::optional<std::string> from_english_layout(std::string_view text) {
    const auto cps = detail::decode_utf8(text);
    if (!cps || std::none_of(cps->begin(), cps->end(), is_ascii_letter)) return std::nullopt;
    std::string out;
    out.reserve(text.size() * 2);
    for (char32_t cp : *cps) {
        const char32_t uk = ukrainian_for_key(cp);
        detail::append_utf8(out, uk != 0 ? uk : cp);
    }
    return out;
}

}  // namespace abon
