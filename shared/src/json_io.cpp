// The core's JSON reader and writer (see json_io.hpp for what they promise).
#include "abon/json_io.hpp"

#include "abon/detail/utf8.hpp"
#include "abon/wipe.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace abon {
namespace {

// 2^1024 − 2^970, halfway between the largest double and 2^1024: a number from here up
// rounds to infinity, which nlohmann refuses as "number overflow".
constexpr std::string_view kOverflowDigits =
    "1797693134862315807937289714053034150799341327100378269361737789804449682927647509466490179775872070"
    "9633028641669288791094655554785194040263065748867150582068190890200070838367627385484581771153176447"
    "5730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904"
    "174497792";
constexpr int kOverflowOrder = 308;  // its decimal exponent

// Whether the literal's value is at least 2^1024 − 2^970: compares decimal orders, then
// digits.
bool overflows_double(std::string_view int_digits, std::string_view frac_digits, long long exponent) {
    std::string digits = std::string(int_digits) + std::string(frac_digits);
    const std::size_t first = digits.find_first_not_of('0');
    if (first == std::string::npos) return false;  // zero
    const long long order = static_cast<long long>(int_digits.size()) - static_cast<long long>(first) - 1 + exponent;
    if (order != kOverflowOrder) return order > kOverflowOrder;
    digits = digits.substr(first);
    digits.erase(digits.find_last_not_of('0') + 1);
    return digits >= kOverflowDigits;  // both start with a non-zero digit: longer wins a tie
}

}  // namespace

// [SECTION] Reading

class JsonParser {
public:
    // nlohmann reads a NUL byte as the end of the text; so does the lenient dialect.
    JsonParser(std::string_view text, JsonDialect dialect)
        : text_(dialect == JsonDialect::Wire ? text : text.substr(0, text.find('\0'))), wire_(dialect == JsonDialect::Wire) {}

    std::optional<JsonValue> document() {
        if (text_.substr(0, 1) == "\xEF") {  // a BOM, or not JSON
            if (wire_ || text_.substr(0, 3) != "\xEF\xBB\xBF") return std::nullopt;
            at_ = 3;
        }
        JsonValue v;
        if (!value(v, 0)) return std::nullopt;
        skip_space();
        if (at_ != text_.size()) return std::nullopt;
        return v;
    }

private:
    bool value(JsonValue& v, int depth) {
        skip_space();
        if (at_ >= text_.size()) return false;
        switch (text_[at_]) {
            case '{': return object(v, depth + 1);
            case '[': return array(v, depth + 1);
            case '"': v.kind_ = JsonValue::Kind::String; return string(v.text_, true);
            case 't': v.kind_ = JsonValue::Kind::Boolean; v.boolean_ = true; return word("true");
            case 'f': v.kind_ = JsonValue::Kind::Boolean; return word("false");
            case 'n': return word("null");
            default: v.kind_ = JsonValue::Kind::Number; return number(v.text_);
        }
    }

    bool object(JsonValue& v, int depth) {
        if (depth > kMaxJsonDepth) return false;
        v.kind_ = JsonValue::Kind::Object;
        ++at_;
        std::vector<std::string> keys;
        std::vector<JsonValue> values;
        skip_space();
        if (peek() == '}') { ++at_; return true; }
        for (;;) {
            skip_space();
            if (peek() != '"') return false;
            keys.emplace_back();
            if (!string(keys.back(), false)) return false;
            skip_space();
            if (peek() != ':') return false;
            ++at_;
            values.emplace_back();
            if (!value(values.back(), depth)) return false;
            skip_space();
            const char c = peek();
            ++at_;
            if (c == '}') break;
            if (c != ',') return false;
        }
        // Key order, the last of equal keys kept: what a std::map filled in order holds.
        // An insertion sort: stable, few keys, and far less code than std::stable_sort.
        std::vector<std::size_t> order;
        for (std::size_t i = 0; i < keys.size(); ++i) {
            std::size_t at = order.size();
            while (at > 0 && keys[i] < keys[order[at - 1]]) --at;
            if (at > 0 && keys[i] == keys[order[at - 1]]) {
                if (wire_) return false;
                order[at - 1] = i;  // a later duplicate wins
            }
            else order.insert(order.begin() + static_cast<std::ptrdiff_t>(at), i);
        }
        for (const std::size_t i : order) {
            v.keys_.push_back(std::move(keys[i]));
            v.items_.push_back(std::move(values[i]));
        }
        return true;
    }

    bool array(JsonValue& v, int depth) {
        if (depth > kMaxJsonDepth) return false;
        v.kind_ = JsonValue::Kind::Array;
        ++at_;
        skip_space();
        if (peek() == ']') { ++at_; return true; }
        for (;;) {
            v.items_.emplace_back();
            if (!value(v.items_.back(), depth)) return false;
            skip_space();
            const char c = peek();
            ++at_;
            if (c == ']') return true;
            if (c != ',') return false;
        }
    }

    // `value`: a string value, which may be a secret: its room is taken once, on the heap
    // (past any short-string buffer), so neither growing nor moving it leaves a copy behind.
    bool string(std::string& out, bool value) {
        ++at_;  // the opening quote
        const std::size_t start = at_;
        if (value) {
            std::size_t end = start;  // the closing quote: the decoded text is never longer
            while (end < text_.size() && text_[end] != '"') end += text_[end] == '\\' ? 2 : 1;
            out.reserve(std::max<std::size_t>(end - start, kNeverInline));
        }
        while (at_ < text_.size()) {
            const auto c = static_cast<unsigned char>(text_[at_]);
            if (c == '"') {
                ++at_;
                // Raw bytes must be well-formed UTF-8, as nlohmann requires.
                return detail::decode_utf8(std::string_view(text_).substr(start, at_ - 1 - start)).has_value();
            }
            if (c < 0x20) return false;
            if (c != '\\') { out += static_cast<char>(c); ++at_; continue; }
            if (++at_ >= text_.size()) return false;
            const char e = text_[at_++];
            switch (e) {
                case '"': case '\\': case '/': out += e; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    char32_t cp = 0;
                    if (!hex4(cp)) return false;
                    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate alone
                    if (cp >= 0xD800 && cp <= 0xDBFF) {               // must pair with a low one
                        char32_t low = 0;
                        if (text_.substr(at_, 2) != "\\u") return false;
                        at_ += 2;
                        if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    }
                    detail::append_utf8(out, cp);
                    break;
                }
                default: return false;
            }
        }
        return false;  // no closing quote
    }

    bool hex4(char32_t& cp) {
        if (at_ + 4 > text_.size()) return false;
        for (int i = 0; i < 4; ++i) {
            const char c = text_[at_++];
            const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) return false;
            cp = cp * 16 + static_cast<char32_t>(d);
        }
        return true;
    }

    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    bool number(std::string& out) {
        const std::size_t start = at_;
        if (peek() == '-') ++at_;
        const std::size_t int_start = at_;
        if (peek() == '0') ++at_;
        else if (!digits()) return false;
        const std::string_view int_digits = text_.substr(int_start, at_ - int_start);
        std::string_view frac_digits;
        if (peek() == '.') {
            const std::size_t frac_start = ++at_;
            if (!digits()) return false;
            frac_digits = text_.substr(frac_start, at_ - frac_start);
        }
        long long exponent = 0;
        if (peek() == 'e' || peek() == 'E') {
            ++at_;
            const bool negative = peek() == '-';
            if (peek() == '+' || peek() == '-') ++at_;
            const std::size_t exp_start = at_;
            if (!digits()) return false;
            for (std::size_t i = exp_start; i < at_; ++i)  // saturates: far past any double's range
                exponent = std::min(exponent * 10 + (text_[i] - '0'), 1000000000LL);
            if (negative) exponent = -exponent;
        }
        if (overflows_double(int_digits, frac_digits, exponent)) return false;
        out = std::string(text_.substr(start, at_ - start));
        return true;
    }

    bool digits() {
        const std::size_t start = at_;
        while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') ++at_;
        return at_ > start;
    }

    bool word(std::string_view w) {
        if (text_.substr(at_, w.size()) != w) return false;
        at_ += w.size();
        return true;
    }

    char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }

    void skip_space() {
        while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r'))
            ++at_;
    }

    // Longer than any library's short-string buffer (libstdc++ 15, libc++ 22 bytes).
    static constexpr std::size_t kNeverInline = 32;

    std::string_view text_;
    bool wire_ = false;
    std::size_t at_ = 0;
};

std::optional<JsonValue> parse_json(std::string_view text, JsonDialect dialect) {
    return JsonParser(text, dialect).document();
}

std::optional<std::string> string_member(const JsonValue& object, std::string_view key) {
    const JsonValue* m = object.find(key);
    if (!m || !m->is_string()) return std::nullopt;
    return m->text();
}

std::optional<std::int64_t> integer_member(const JsonValue& object, std::string_view key) {
    const JsonValue* m = object.find(key);
    return m ? m->integer() : std::nullopt;
}

void JsonValue::wipe() {
    abon::wipe(text_);
    for (std::string& key : keys_) abon::wipe(key);
    for (JsonValue& item : items_) item.wipe();
    keys_.clear();
    items_.clear();
}

std::optional<std::int64_t> JsonValue::integer() const {
    if (kind_ != Kind::Number || text_.find_first_of(".eE") != std::string::npos) return std::nullopt;
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text_.data(), text_.data() + text_.size(), n);
    if (ec != std::errc() || end != text_.data() + text_.size()) return std::nullopt;
    return n;
}

const JsonValue* JsonValue::find(std::string_view key) const {
    if (kind_ != Kind::Object) return nullptr;
    const auto it = std::lower_bound(keys_.begin(), keys_.end(), key,
                                     [](const std::string& a, std::string_view b) { return a < b; });
    return it != keys_.end() && *it == key ? &items_[static_cast<std::size_t>(it - keys_.begin())] : nullptr;
}

// [SECTION] Writing

JsonWriter& JsonWriter::key(std::string_view name) {
    separate();
    string(name);
    out_ += ':';
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
    separate();
    string(text);
    return *this;
}

JsonWriter& JsonWriter::value(bool on) {
    separate();
    out_ += on ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
    separate();
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    out_.append(digits, end);
    return *this;
}

JsonWriter& JsonWriter::value(double number) {
    separate();
    // To a thousandth, without printf (which the module then need not carry, nor its
    // long-double arithmetic): layout figures are CSS pixels, mostly whole or half ones.
    if (!std::isfinite(number)) number = 0;
    number = std::fmax(-kMaxWrittenNumber, std::fmin(number, kMaxWrittenNumber));
    const long long thousandths = std::llround(number * 1000);
    if (thousandths < 0) out_ += '-';
    const long long magnitude = thousandths < 0 ? -thousandths : thousandths;
    char digits[24];
    out_.append(digits, std::to_chars(digits, digits + sizeof digits, magnitude / 1000).ptr);
    if (const long long rest = magnitude % 1000) {
        const char fraction[4] = {static_cast<char>('0' + rest / 100), static_cast<char>('0' + rest / 10 % 10),
                                  static_cast<char>('0' + rest % 10), '\0'};
        out_ += '.';
        out_.append(fraction, fraction[2] != '0' ? 3 : fraction[1] != '0' ? 2 : 1);
    }
    return *this;
}

JsonWriter& JsonWriter::open(char bracket) {
    separate();
    out_ += bracket;
    written_ += '0';
    return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
    out_ += bracket;
    if (!written_.empty()) written_.pop_back();
    return *this;
}

void JsonWriter::separate() {
    if (after_key_) { after_key_ = false; return; }
    if (written_.empty()) return;
    if (written_.back() == '1') out_ += ',';
    written_.back() = '1';
}

// Escapes as nlohmann's dump() does: the quote, the backslash and control characters;
// every other byte passes through, so UTF-8 stays UTF-8.
void JsonWriter::string(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out_ += '"';
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
            case '"': out_ += "\\\""; break;
            case '\\': out_ += "\\\\"; break;
            case '\b': out_ += "\\b"; break;
            case '\f': out_ += "\\f"; break;
            case '\n': out_ += "\\n"; break;
            case '\r': out_ += "\\r"; break;
            case '\t': out_ += "\\t"; break;
            default:
                if (byte < 0x20) {
                    out_ += "\\u00";
                    out_ += kHex[byte >> 4];
                    out_ += kHex[byte & 15];
                } else {
                    out_ += c;
                }
        }
    }
    out_ += '"';
}

}  // namespace abon
