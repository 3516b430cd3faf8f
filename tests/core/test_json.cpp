// The core's JSON reader and writer (abon/json_io.hpp), checked against nlohmann/json: the
// reader must accept exactly what nlohmann accepts and read the same values, the writer
// must write what nlohmann writes.
#include "vectors.hpp"

#include "abon/json_io.hpp"

#include <string>

using namespace abon;
using nlohmann::json;

namespace {

// The reader's tree as nlohmann's, to compare the two: numbers by nlohmann's own reading
// of the literal the reader kept.
json as_nlohmann(const JsonValue& v) {
    switch (v.kind()) {
        case JsonValue::Kind::Null: return nullptr;
        case JsonValue::Kind::Boolean: return v.boolean();
        case JsonValue::Kind::Number: return json::parse(v.text());
        case JsonValue::Kind::String: return v.text();
        case JsonValue::Kind::Array: {
            json out = json::array();
            for (const JsonValue& item : v.items()) out.push_back(as_nlohmann(item));
            return out;
        }
        case JsonValue::Kind::Object: {
            json out = json::object();
            for (std::size_t i = 0; i < v.keys().size(); ++i) out[v.keys()[i]] = as_nlohmann(v.items()[i]);
            return out;
        }
    }
    return nullptr;
}

bool nlohmann_accepts(std::string_view text) { return json::accept(text.begin(), text.end()); }

// Both readers on one text: the same verdict, and the same value when accepted.
void check_agrees(std::string_view text) {
    CAPTURE(text);
    const std::optional<JsonValue> ours = parse_json(text);
    REQUIRE(ours.has_value() == nlohmann_accepts(text));
    if (ours) CHECK(as_nlohmann(*ours) == json::parse(text.begin(), text.end()));
}

struct TextRow {
    const char* name;
    std::string text;
};

}  // namespace

TEST_CASE("the reader accepts what nlohmann accepts, with the same values", "[json]") {
    const TextRow row = GENERATE(values<TextRow>({
        {"empty object", "{}"},
        {"nested", R"({"a": [1, 2, {"b": null}], "c": {"d": true, "e": false}})"},
        {"white space of every kind", " \t\r\n{ \"a\" :\n1 }\r\n"},
        {"a bare string", R"("text")"},
        {"a bare number", "-12"},
        {"escapes", R"("\" \\ \/ \b \f \n \r \t \u0041 \u00e9 \u0416 \u02BC")"},
        {"a surrogate pair", R"("\ud83d\ude00")"},
        {"an escaped NUL", R"("a\u0000b")"},
        {"raw UTF-8", "\"Шевченко ʼ № ₴ 😀\""},
        {"a BOM", "\xEF\xBB\xBF{\"a\": 1}"},
        {"numbers", "[0, -0, 1.5, -0.25, 1e3, 1E-3, 2e+2, 123456789012345678901234567890, 1e-400]"},
        {"the largest integer", "[9223372036854775807, -9223372036854775808, 18446744073709551615]"},
        {"just below overflow", "1.7976931348623157e308"},
        {"just below the rounding edge", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791"},
        {"a duplicate key: the last wins", R"({"a": 1, "b": 2, "a": 3})"},
        {"deep but allowed", std::string(200, '[') + std::string(200, ']')},
        {"control characters escaped", R"("\u001f\u007f")"},
        {"a NUL byte ends the text, for nlohmann", std::string("{}\0 whatever", 12)},
    }));
    CAPTURE(row.name);
    check_agrees(row.text);
}

TEST_CASE("the reader refuses what nlohmann refuses", "[json]") {
    const TextRow row = GENERATE(values<TextRow>({
        {"empty", ""},
        {"only space", "  "},
        {"trailing garbage", "{} x"},
        {"two values", "1 2"},
        {"trailing comma in an object", R"({"a": 1,})"},
        {"trailing comma in an array", "[1,]"},
        {"a missing colon", R"({"a" 1})"},
        {"a key that is not a string", "{a: 1}"},
        {"single quotes", "{'a': 1}"},
        {"an unclosed string", R"("abc)"},
        {"an unclosed array", "[1, 2"},
        {"a raw control character", "\"a\nb\""},
        {"a bad escape", R"("\x41")"},
        {"a short \\u escape", R"("\u12")"},
        {"a lone high surrogate", R"("\ud83d")"},
        {"a lone low surrogate", R"("\ude00")"},
        {"a high surrogate and a letter", R"("\ud83dx")"},
        {"invalid UTF-8", "\"\xC3\x28\""},
        {"an overlong encoding", "\"\xC0\xAF\""},
        {"an encoded surrogate", "\"\xED\xA0\x80\""},
        {"past U+10FFFF", "\"\xF4\x90\x80\x80\""},
        {"a truncated sequence", "\"\xE2\x82\""},
        {"a leading zero", "01"},
        {"a plus sign", "+1"},
        {"a bare point", "1."},
        {"a leading point", ".5"},
        {"an empty exponent", "1e"},
        {"an exponent sign alone", "1e+"},
        {"a minus alone", "-"},
        {"hexadecimal", "0x10"},
        {"infinity", "Infinity"},
        {"NaN", "NaN"},
        {"overflow", "1e309"},
        {"overflow by digits", std::string("1") + std::string(309, '0')},
        {"overflow at the rounding edge", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792"},
        {"a huge exponent", "1e99999999999999999999"},
        {"a misspelt literal", "tru"},
        {"a capitalised literal", "True"},
        {"a half BOM", "\xEF\xBB{}"},
        {"a comment", "{} // note"},
        {"a NUL byte inside a value", std::string("[1,\0 2]", 7)},
        {"a NUL byte inside a string", std::string("\"a\0b\"", 5)},
    }));
    CAPTURE(row.name);
    check_agrees(row.text);
}

TEST_CASE("the reader agrees with nlohmann on every JSON file of the tests", "[json]") {
    const char* files[] = {"vectors/account.json", "vectors/amount.json", "vectors/captcha.json",
                           "vectors/email.json", "vectors/name.json", "vectors/password.json",
                           "fuzz/corpus/fuzz_json/seed0.json", "fuzz/corpus/fuzz_json/seed1.json",
                           "fuzz/corpus/fuzz_json/seed2.json", "fuzz/corpus/fuzz_json/seed3.json",
                           "fuzz/corpus/fuzz_json/seed4.json", "fuzz/corpus/fuzz_json/seed5.json",
                           "fuzz/corpus/fuzz_json/seed6.json"};
    for (const char* file : files) {
        CAPTURE(file);
        const std::string text = test::read_file(file);
        check_agrees(text);
        // And every prefix of the first kilobyte: almost all of them broken JSON.
        for (std::size_t n = 0; n < text.size() && n < 1024; ++n) check_agrees(std::string_view(text).substr(0, n));
    }
}

TEST_CASE("nesting deeper than kMaxJsonDepth is refused, not recursed into", "[json]") {
    const std::string deep = std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']');
    CHECK(nlohmann_accepts(deep));  // the one difference from nlohmann, on purpose
    CHECK_FALSE(parse_json(deep));
    CHECK(parse_json(std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']')));
    CHECK_FALSE(parse_json(std::string(100000, '{')));
}

TEST_CASE("the wire dialect refuses a BOM, a key twice and any NUL byte, and reads the rest alike", "[json]") {
    const TextRow refused = GENERATE(values<TextRow>({
        {"a BOM", "\xEF\xBB\xBF{\"a\": 1}"},
        {"a key twice", R"({"a": 1, "b": 2, "a": 3})"},
        {"a key twice, deeper", R"({"c": {"token": "a", "answer": "B", "token": "c"}})"},
        {"a NUL byte after the text", std::string("{}\0 whatever", 12)},
    }));
    CAPTURE(refused.name);
    CHECK(parse_json(refused.text));  // the lenient reader, as nlohmann, takes them
    CHECK_FALSE(parse_json(refused.text, JsonDialect::Wire));

    const std::string same_key_apart = R"({"a": {"k": 1}, "b": {"k": "\u0416"}, "n": [1, -2.5e3, null, true]})";
    const auto wire = parse_json(same_key_apart, JsonDialect::Wire);
    REQUIRE(wire);
    CHECK(as_nlohmann(*wire) == json::parse(same_key_apart));
}

TEST_CASE("a wiped tree holds nothing, and WipedJson wipes what it held", "[json]") {
    auto secret = parse_json(R"("Kobzar1814poet")");
    REQUIRE(secret);
    const char* bytes = secret->text().data();
    const std::size_t size = secret->text().size();
    secret->wipe();
    CHECK(secret->text().empty());
    REQUIRE(secret->text().data() == bytes);  // emptied, not freed: its old bytes can be read
    CHECK(std::string_view(bytes, size) == std::string(size, '\0'));
    auto tree = parse_json(R"({"password": "Kobzar1814poet", "nested": [{"secret": "x"}]})");
    REQUIRE(tree);
    tree->wipe();
    CHECK(tree->keys().empty());
    CHECK(tree->items().empty());
    const WipedJson held(parse_json(R"({"a": "b"})"));
    REQUIRE(held.get());
    CHECK(string_member(*held.get(), "a") == "b");
    CHECK_FALSE(integer_member(*held.get(), "a"));
    CHECK_FALSE(WipedJson(std::nullopt).get());
}

TEST_CASE("members are found by key and integers read only when written as integers", "[json]") {
    const auto v = parse_json(R"({"b": 2, "a": "x", "n": -7, "f": 7.0, "e": 7e0, "big": 9223372036854775808})");
    REQUIRE(v);
    REQUIRE(v->is_object());
    CHECK(v->keys() == std::vector<std::string>{"a", "b", "big", "e", "f", "n"});
    REQUIRE(v->find("a"));
    CHECK(v->find("a")->text() == "x");
    CHECK_FALSE(v->find("z"));
    CHECK(v->find("n")->integer() == -7);
    CHECK_FALSE(v->find("f")->integer());
    CHECK_FALSE(v->find("e")->integer());
    CHECK_FALSE(v->find("big")->integer());  // past int64: no value rather than a wrong one
    CHECK_FALSE(v->find("a")->integer());
    CHECK_FALSE(v->find("a")->find("a"));    // not an object
}

TEST_CASE("the writer writes what nlohmann's dump() writes", "[json]") {
    const std::string text = "a \"quote\", a \\, \x01\x1f\b\f\n\r\t, / and \x7f, Шевченко ʼ 😀";
    JsonWriter out;  // keys in order: nlohmann's std::map writes them sorted
    out.begin_object().key("empty").begin_object().end_object();
    out.key("list").begin_array().value(true).value(false).value(0).value(std::int64_t{123456}).end_array();
    out.member("n", std::int64_t{-9007199254740993}).key("none").begin_array().end_array();
    out.member("text", std::string_view(text)).end_object();
    const std::string written = out.take();
    const json expected = {{"text", text}, {"n", -9007199254740993LL}, {"list", {true, false, 0, 123456}},
                           {"empty", json::object()}, {"none", json::array()}};
    CHECK(written == expected.dump());
}
