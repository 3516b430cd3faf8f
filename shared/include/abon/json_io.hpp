// abon/json_io.hpp — the core's one JSON reader and its writer: what the widget reads (the
// integrator's config, the CAPTCHA challenge, the server's answers), what the server reads
// (a payload, a follow-up's body), what abon-validate reads; and what they write (the
// payload, the events, the verdicts, the layout for the page). nlohmann/json stays out of
// the core: the tests keep it as their oracle, the native tools where they write.
//
// - parse_json() accepts exactly the texts nlohmann::json::parse accepts (RFC 8259, UTF-8
//   checked, a leading BOM skipped, a number too large for a double refused, a NUL byte
//   read as the end of the text), which tests/core/test_json.cpp and fuzz_json check,
//   with one difference: nesting deeper than kMaxJsonDepth is refused, not recursed into.
// - An object keeps one value per key, the last one, in key order, as nlohmann's std::map
//   does, so code that walks members sees them in the same order.
// - JsonDialect::Wire reads a body as RFC 8259 sends it: no BOM (§8.1), no key twice in
//   one object (§4 leaves its meaning open: a proxy may read the first where this reads
//   the last), no NUL byte anywhere. The server and abon-validate read that way.
// - A string value is never kept inline (no short-string buffer), so moving it moves a
//   pointer and leaves no copy of its bytes behind; wipe() zeroes every string in a tree
//   (a payload's password) before the tree is freed.
// - Numbers are kept as written; integer() reads one written without fraction or exponent.
// - JsonWriter writes straight to a string (no tree), escaping as nlohmann's dump() does;
//   a double is written to a thousandth, within ±kMaxWrittenNumber.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace abon {

// [SECTION] Reading
inline constexpr int kMaxJsonDepth = 256;

enum class JsonDialect : unsigned char {
    Lenient,  // what nlohmann::json::parse accepts: a leading BOM, a repeated key (the last wins)
    Wire,     // no BOM, no repeated key, no NUL byte
};

class JsonValue {
public:
    enum class Kind : unsigned char { Null, Boolean, Number, String, Array, Object };

    Kind kind() const { return kind_; }
    bool is_boolean() const { return kind_ == Kind::Boolean; }
    bool is_string() const { return kind_ == Kind::String; }
    bool is_object() const { return kind_ == Kind::Object; }
    bool boolean() const { return boolean_; }                 // Boolean: its value
    const std::string& text() const { return text_; }         // String: decoded; Number: as written
    std::optional<std::int64_t> integer() const;              // a Number without fraction or exponent, in range
    const std::vector<JsonValue>& items() const { return items_; }      // Array; Object: values, in key order
    const std::vector<std::string>& keys() const { return keys_; }      // Object: its keys, sorted
    const JsonValue* find(std::string_view key) const;        // an Object's member, or nullptr
    void wipe();                                              // zeroes every string in the tree, then empties it

private:
    friend class JsonParser;
    Kind kind_ = Kind::Null;
    bool boolean_ = false;
    std::string text_;
    std::vector<std::string> keys_;
    std::vector<JsonValue> items_;
};

std::optional<JsonValue> parse_json(std::string_view text, JsonDialect dialect = JsonDialect::Lenient);  // nullopt: not JSON

// A member read only when it has the type asked for (nullopt: missing or another type).
std::optional<std::string> string_member(const JsonValue& object, std::string_view key);
std::optional<std::int64_t> integer_member(const JsonValue& object, std::string_view key);

// Holds a parsed tree and wipes it when it goes: the reading of a body with a password.
class WipedJson {
public:
    explicit WipedJson(std::optional<JsonValue> tree) : tree_(std::move(tree)) {}
    WipedJson(const WipedJson&) = delete;
    WipedJson& operator=(const WipedJson&) = delete;
    ~WipedJson() { if (tree_) tree_->wipe(); }
    const JsonValue* get() const { return tree_ ? &*tree_ : nullptr; }

private:
    std::optional<JsonValue> tree_;
};

// [SECTION] Writing
inline constexpr double kMaxWrittenNumber = 1e12;  // the writer's doubles: clamped to ±this
// Commas are the writer's business: callers only open, add and close.
class JsonWriter {
public:
    JsonWriter& begin_object() { return open('{'); }
    JsonWriter& end_object() { return close('}'); }
    JsonWriter& begin_array() { return open('['); }
    JsonWriter& end_array() { return close(']'); }
    JsonWriter& key(std::string_view name);                   // inside an object, before its value
    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(bool on);
    JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(double number);                         // to 1/1000, clamped; NaN becomes 0
    template <typename T>
    JsonWriter& member(std::string_view name, const T& v) { return key(name).value(v); }

    std::string take() { return std::move(out_); }
    std::string& buffer() { return out_; }                    // to wipe what was written

private:
    JsonWriter& open(char bracket);
    JsonWriter& close(char bracket);
    void separate();
    void string(std::string_view text);

    std::string out_;
    std::string written_;  // per open bracket: '1' once something is in it
    bool after_key_ = false;
};

}  // namespace abon
