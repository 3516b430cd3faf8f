#include "abon/detail/utf8.hpp"

namespace abon::detail {

std::optional<std::u32string> decode_utf8(std::string_view bytes) {
    std::u32string out;
    out.reserve(bytes.size());
    std::size_t i = 0;
    while (i < bytes.size()) {
        const auto b0 = static_cast<unsigned char>(bytes[i]);
        int extra = 0;
        char32_t cp = 0, min = 0;
        if (b0 < 0x80) { out.push_back(b0); ++i; continue; }
        if ((b0 & 0xE0) == 0xC0) { extra = 1; cp = b0 & 0x1Fu; min = 0x80; }
        else if ((b0 & 0xF0) == 0xE0) { extra = 2; cp = b0 & 0x0Fu; min = 0x800; }
        else if ((b0 & 0xF8) == 0xF0) { extra = 3; cp = b0 & 0x07u; min = 0x10000; }
        else return std::nullopt;
        if (i + static_cast<std::size_t>(extra) >= bytes.size()) return std::nullopt;  // cut short
        for (int k = 1; k <= extra; ++k) {
            const auto b = static_cast<unsigned char>(bytes[i + static_cast<std::size_t>(k)]);
            if ((b & 0xC0) != 0x80) return std::nullopt;
            cp = (cp << 6) | (b & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
        out.push_back(cp);
        i += static_cast<std::size_t>(extra) + 1;
    }
    return out;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string encode_utf8(std::u32string_view text) {
    std::string out;
    out.reserve(text.size() * 2);
    for (char32_t cp : text) append_utf8(out, cp);
    return out;
}

bool is_white_space(char32_t cp) {
    switch (cp) {
        case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20:
        case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
        case 0x202F: case 0x205F: case 0x3000:
            return true;
        default:
            return cp >= 0x2000 && cp <= 0x200A;
    }
}

bool is_invisible(char32_t cp) {
    if (is_white_space(cp)) return false;
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xAD ||
           (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF0 && cp <= 0xFFFF) ||
           (cp >= 0xE0000 && cp <= 0xE007F);
}

std::u32string_view trim(std::u32string_view text) {
    std::size_t b = 0, e = text.size();
    while (b < e && is_white_space(text[b])) ++b;
    while (e > b && is_white_space(text[e - 1])) --e;
    return text.substr(b, e - b);
}

std::u32string trim_collapse(std::u32string_view text) {
    std::u32string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (char32_t cp : trim(text)) {
        if (is_white_space(cp)) { pending_space = true; continue; }
        if (pending_space) { out.push_back(U' '); pending_space = false; }
        out.push_back(cp);
    }
    return out;
}

bool is_ukrainian_letter(char32_t cp) {
    // А..я without Ё Ъ Ы Э (and their lower cases), plus Є І Ї Ґ.
    if (cp >= 0x0410 && cp <= 0x044F) {
        switch (cp) {
            case 0x042A: case 0x042B: case 0x042D:  // Ъ Ы Э
            case 0x044A: case 0x044B: case 0x044D:  // ъ ы э
                return false;
            default:
                return true;
        }
    }
    switch (cp) {
        case 0x0404: case 0x0454:  // Є є
        case 0x0406: case 0x0456:  // І і
        case 0x0407: case 0x0457:  // Ї ї
        case 0x0490: case 0x0491:  // Ґ ґ
            return true;
        default:
            return false;
    }
}

bool is_cyrillic(char32_t cp) { return cp >= 0x0400 && cp <= 0x04FF; }

char32_t to_lower(char32_t cp) {
    if (cp >= U'A' && cp <= U'Z') return cp + 32;
    if (cp >= 0x0410 && cp <= 0x042F) return cp + 32;
    if (cp >= 0x0400 && cp <= 0x040F) return cp + 80;
    if (cp >= 0x0460 && cp <= 0x04BF && cp % 2 == 0) return cp + 1;  // Ґ and other pairs
    return cp;
}

char32_t to_upper(char32_t cp) {
    if (cp >= U'a' && cp <= U'z') return cp - 32;
    if (cp >= 0x0430 && cp <= 0x044F) return cp - 32;
    if (cp >= 0x0450 && cp <= 0x045F) return cp - 80;
    if (cp >= 0x0461 && cp <= 0x04BF && cp % 2 == 1) return cp - 1;
    return cp;
}

std::u32string to_lower(std::u32string_view text) {
    std::u32string out(text);
    for (char32_t& cp : out) cp = to_lower(cp);
    return out;
}

bool is_letter(char32_t cp) {
    if (cp < 0x80) return (cp | 0x20) >= U'a' && (cp | 0x20) <= U'z';
    struct Range { char32_t first, last; };
    static constexpr Range kLetters[] = {
        {0x00C0, 0x00D6}, {0x00D8, 0x00F6}, {0x00F8, 0x024F},  // Latin-1 (not × ÷), Extended
        {0x0386, 0x0386}, {0x0388, 0x03FF},                    // Greek
        {0x0400, 0x0481}, {0x048A, 0x052F},                    // Cyrillic (not the marks)
        {0x0531, 0x0556}, {0x0561, 0x0587},                    // Armenian
        {0x05D0, 0x05EA}, {0x0620, 0x064A},                    // Hebrew, Arabic
        {0x0904, 0x0939}, {0x0E01, 0x0E30},                    // Devanagari, Thai
        {0x10A0, 0x10FF}, {0x1E00, 0x1EFF},                    // Georgian, Latin Additional
        {0x3041, 0x3096}, {0x30A1, 0x30FA},                    // Hiragana, Katakana
        {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3},  // CJK, Hangul
    };
    for (const Range& r : kLetters)
        if (cp >= r.first && cp <= r.last) return cp != 0x03F6;  // Greek reversed lunate ϶
    return false;
}

}  // namespace abon::detail
