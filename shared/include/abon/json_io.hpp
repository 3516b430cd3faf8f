// abon/json_io.hpp — the core's own small JSON reader and writer: what the widget reads (the
// integrator's config, the CAPTCHA challenge, the server's answers) and what it writes
// (the payload, its events, the layout for the page). The wasm build carries these instead
// of nlohmann/json, a third of the module's code; the native tools keep nlohmann.
//
// - parse_json() accepts exactly the texts nlohmann::json::parse accepts (RFC 8259, UTF-8
//   checked, a leading BOM skipped, a number too large for a double refused, a NUL byte
//   read as the end of the text), which tests/core/test_json.cpp and fuzz_json check,
//   with one difference: nesting deeper than kMaxJsonDepth is refused, not recursed into.
// - An object keeps one value per key, the last one, in key order, as nlohmann's std::map
//   does, so code that walks members sees them in the same order.
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

private:
    friend class JsonParser;
    Kind kind_ = Kind::Null;
    bool boolean_ = false;
    std::string text_;
    std::vector<std::string> keys_;
    std::vector<JsonValue> items_;
};

std::optional<JsonValue> parse_json(std::string_view text);  // nullopt: not JSON

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
