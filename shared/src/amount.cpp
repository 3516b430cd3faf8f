// Last payment rules (spec §2.6): hryvnias with up to 2 decimals → integer kopecks.
// Digits are accumulated as integers; no floating point anywhere.
#include "abon/amount.hpp"

#include "abon/detail/utf8.hpp"

#include <vector>

namespace abon {
namespace {

constexpr char32_t kNoBreakSpace = 0x00A0, kNarrowNoBreakSpace = 0x202F, kHryvniaSign = 0x20B4;

bool is_group_separator(char32_t cp) {
    return cp == U' ' || cp == kNoBreakSpace || cp == kNarrowNoBreakSpace || cp == 0x2009;
}

// Removes a trailing "грн", "грн." or "₴" (any case, spaces before it) or a leading "₴".
std::u32string_view strip_currency(std::u32string_view s) {
    s = detail::trim(s);
    if (!s.empty() && s.front() == kHryvniaSign) s = detail::trim(s.substr(1));
    if (!s.empty() && s.back() == kHryvniaSign) return detail::trim(s.substr(0, s.size() - 1));
    std::u32string_view tail = s;
    if (!tail.empty() && tail.back() == U'.') tail.remove_suffix(1);
    if (tail.size() >= 3) {
        const std::u32string unit = detail::to_lower(tail.substr(tail.size() - 3));
        if (unit == U"грн") return detail::trim(tail.substr(0, tail.size() - 3));
    }
    return s;
}

// "1 234" or "1234": digits with optional groups of three after spaces.
bool parse_whole(std::u32string_view s, std::int64_t& out) {
    out = 0;
    if (s.empty()) return true;  // ",50" means 0,50
    constexpr std::int64_t kSaturated = 1'000'000'000'000;  // far above the limit, no overflow
    std::vector<std::size_t> groups{0};
    for (char32_t cp : s) {
        if (cp >= U'0' && cp <= U'9') {
            out = out < kSaturated ? out * 10 + (cp - U'0') : kSaturated;
            ++groups.back();
        } else if (is_group_separator(cp)) {
            groups.push_back(0);
        } else {
            return false;
        }
    }
    if (groups.size() == 1) return groups[0] > 0;
    if (groups[0] < 1 || groups[0] > 3) return false;
    for (std::size_t i = 1; i < groups.size(); ++i)
        if (groups[i] != 3) return false;
    return true;
}

}  // namespace

Verdict validate_amount(std::string_view text) {
    const auto decoded = detail::decode_utf8(text);
    if (!decoded) return {ErrorCode::InvalidUtf8};
    std::u32string_view s = strip_currency(*decoded);
    if (s.empty()) return {ErrorCode::Required};
    if (s.front() == U'-' || s.front() == 0x2212) {
        const std::u32string_view rest = detail::trim(s.substr(1));
        std::int64_t ignored = 0;
        const auto sep = rest.find_first_of(U",.");
        if (parse_whole(rest.substr(0, sep), ignored)) return {ErrorCode::AmountNotPositive};
        return {ErrorCode::AmountInvalid};
    }

    const std::size_t sep = s.find_first_of(U",.");
    std::int64_t hryvnias = 0;
    if (!parse_whole(s.substr(0, sep), hryvnias)) return {ErrorCode::AmountInvalid};
    std::int64_t kopecks = 0;
    if (sep != std::u32string_view::npos) {
        const std::u32string_view fraction = s.substr(sep + 1);
        if (sep == 0 && fraction.empty()) return {ErrorCode::AmountInvalid};
        for (char32_t cp : fraction)
            if (cp < U'0' || cp > U'9') return {ErrorCode::AmountInvalid};
        if (fraction.size() > 2) return {ErrorCode::AmountTooManyDecimals};
        for (std::size_t i = 0; i < 2; ++i)
            kopecks = kopecks * 10 + (i < fraction.size() ? fraction[i] - U'0' : 0);
    }
    const std::int64_t total = hryvnias * 100 + kopecks;
    if (total <= 0) return {ErrorCode::AmountNotPositive};
    if (total > kAmountMaxKopecks) return {ErrorCode::AmountTooLarge};

    Verdict v;
    v.kopecks = total;
    v.value = format_kopecks(total);
    return v;
}

bool is_valid_amount(std::string_view text) { return validate_amount(text).ok(); }

std::string format_kopecks(std::int64_t kopecks) {
    const bool negative = kopecks < 0;
    const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(kopecks)
                                             : static_cast<std::uint64_t>(kopecks);
    const std::string whole = std::to_string(magnitude / 100);
    std::string out = negative ? "-" : "";
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) out += ' ';
        out += whole[i];
    }
    const auto cents = static_cast<unsigned>(magnitude % 100);
    out += ',';
    out += static_cast<char>('0' + cents / 10);
    out += static_cast<char>('0' + cents % 10);
    return out;
}

ErrorCode validate_kopecks(std::optional<std::int64_t> kopecks) {
    if (!kopecks) return ErrorCode::Required;
    if (*kopecks < 1) return ErrorCode::AmountNotPositive;
    if (*kopecks > kAmountMaxKopecks) return ErrorCode::AmountTooLarge;
    return ErrorCode::Ok;
}

}  // namespace abon

namespace abon {

// What a classic endpoint reads as a number: no thousands separator, a dot, two digits.
std::string format_kopecks_decimal(std::int64_t kopecks) {
    const bool negative = kopecks < 0;
    const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(kopecks)
                                             : static_cast<std::uint64_t>(kopecks);
    const auto cents = static_cast<unsigned>(magnitude % 100);
    std::string out = negative ? "-" : "";
    out += std::to_string(magnitude / 100);
    out += '.';
    out += static_cast<char>('0' + cents / 10);
    out += static_cast<char>('0' + cents % 10);
    return out;
}

}  // namespace abon
