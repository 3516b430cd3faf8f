// Account number rules (spec §2.2): exactly 7 digits, canonical D-DDD-DD-D.
#include "abon/account.hpp"

#include "abon/detail/utf8.hpp"

namespace abon {
namespace {

bool is_separator(char32_t cp) {
    return cp == U'-' || cp == U'.' || cp == U' ' || cp == 0x2010 || cp == 0x2011 ||
           cp == 0x2013 || cp == 0x2212 || detail::is_white_space(cp);
}

// Dashes go after the 1st, 4th and 6th digit: D-DDD-DD-D.
bool dash_after(std::size_t digits_so_far) {
    return digits_so_far == 1 || digits_so_far == 4 || digits_so_far == 6;
}

std::string canonical(std::string_view digits) {
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && dash_after(i)) out.push_back('-');
        out.push_back(digits[i]);
    }
    return out;
}

}  // namespace

std::string account_digits(std::string_view text) {
    std::string digits;
    for (char c : text)
        if (c >= '0' && c <= '9') digits.push_back(c);
    return digits;
}

Verdict validate_account(std::string_view text) {
    const auto decoded = detail::decode_utf8(text);
    if (!decoded) return {ErrorCode::InvalidUtf8};
    const std::u32string_view trimmed = detail::trim(*decoded);
    if (trimmed.empty()) return {ErrorCode::Required};

    std::string digits;
    for (char32_t cp : trimmed) {
        if (cp >= U'0' && cp <= U'9') {
            digits.push_back(static_cast<char>(cp));
        } else if (!is_separator(cp)) {
            return {ErrorCode::AccountInvalidChars};
        }
        if (digits.size() > kAccountDigits) break;  // already wrong; keeps 1 MB input cheap
    }
    if (digits.size() != kAccountDigits) return {ErrorCode::AccountDigitCount};
    Verdict v;
    v.value = canonical(digits);
    return v;
}

bool is_valid_account(std::string_view text) { return validate_account(text).ok(); }

MaskedText mask_account_input(std::string_view typed, std::size_t caret) {
    // Keep at most 7 digits and put the caret after the same digit in the masked text.
    // A dash appears when the digit after it is typed, never trailing: a trailing dash
    // would come back after every Backspace and trap the user.
    std::size_t digits_before_caret = 0;
    std::string digits;
    for (std::size_t i = 0; i < typed.size(); ++i) {
        const char c = typed[i];
        if (c < '0' || c > '9' || digits.size() == kAccountDigits) continue;
        digits.push_back(c);
        if (i < caret) ++digits_before_caret;
    }
    MaskedText out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && dash_after(i)) out.text.push_back('-');
        out.text.push_back(digits[i]);
        if (i + 1 == digits_before_caret) out.caret = out.text.size();
    }
    return out;
}

}  // namespace abon
