// Names (spec §2.1): the shared vectors, the public-name corpus, and what JSON cannot hold.
#include "vectors.hpp"

#include "abon/detail/utf8.hpp"
#include "abon/name.hpp"

#include <map>

using namespace abon;

namespace {

// Bytes in the UTF-8 sequence that starts at `at` (the strings here are valid UTF-8).
std::size_t utf8_length(std::string_view text, std::size_t at) {
    std::size_t len = 1;
    while (at + len < text.size() && (static_cast<unsigned char>(text[at + len]) & 0xC0) == 0x80) ++len;
    return len;
}

Verdict validate_row(const std::string& input, const RuleConfig& config) {
    return validate_name(input, config, config.patronymic_optional);
}

std::vector<std::string> corpus_names() {
    std::vector<std::string> names;
    const nlohmann::json corpus = test::load_json("corpora/names-uk.json");
    for (const auto& [key, list] : corpus.items())
        if (list.is_array())
            for (const auto& name : list) names.push_back(name.get<std::string>());
    return names;
}

// The keys that type `ukrainian` when the English (US) layout is on: the Ukrainian layout
// as printed on keyboards, written out here, not taken from from_english_layout.
std::string typed_in_english_layout(const std::string& ukrainian) {
    struct KeyRow {
        std::string_view us, uk;
    };
    static constexpr KeyRow kRows[] = {
        {"qwertyuiop[]", "йцукенгшщзхї"}, {"asdfghjkl;'", "фівапролджє"}, {"zxcvbnm,.", "ячсмитьбю"},
        {"QWERTYUIOP{}", "ЙЦУКЕНГШЩЗХЇ"}, {"ASDFGHJKL:\"", "ФІВАПРОЛДЖЄ"}, {"ZXCVBNM<>", "ЯЧСМИТЬБЮ"},
        {"\\|", "ґҐ"}, {"```", "ʼ’'"}};  // the apostrophe key, whichever apostrophe the name has
    static const std::map<std::string, char> key_for = [] {
        std::map<std::string, char> m;
        for (const KeyRow& row : kRows) {
            std::size_t at = 0;
            for (const char key : row.us) {
                const std::size_t len = utf8_length(row.uk, at);
                m.emplace(std::string(row.uk.substr(at, len)), key);
                at += len;
            }
        }
        return m;
    }();
    std::string out;
    for (std::size_t i = 0; i < ukrainian.size();) {
        const std::size_t len = utf8_length(ukrainian, i);
        const std::string ch = ukrainian.substr(i, len);
        const auto key = key_for.find(ch);
        if (key == key_for.end()) out += ch;
        else out += key->second;
        i += len;
    }
    return out;
}

// KMU-2010 romanisation, lower case (a part's first є ї й ю я take the "y" forms).
std::string transliterate(const std::string& ukrainian) {
    struct Letter {
        char32_t uk;
        std::string_view inside, first;
    };
    static const Letter letters[] = {
        {U'а', "a", "a"},   {U'б', "b", "b"},   {U'в', "v", "v"},       {U'г', "h", "h"},
        {U'ґ', "g", "g"},   {U'д', "d", "d"},   {U'е', "e", "e"},       {U'є', "ie", "ye"},
        {U'ж', "zh", "zh"}, {U'з', "z", "z"},   {U'и', "y", "y"},       {U'і', "i", "i"},
        {U'ї', "i", "yi"},  {U'й', "i", "y"},   {U'к', "k", "k"},       {U'л', "l", "l"},
        {U'м', "m", "m"},   {U'н', "n", "n"},   {U'о', "o", "o"},       {U'п', "p", "p"},
        {U'р', "r", "r"},   {U'с', "s", "s"},   {U'т', "t", "t"},       {U'у', "u", "u"},
        {U'ф', "f", "f"},   {U'х', "kh", "kh"}, {U'ц', "ts", "ts"},     {U'ч', "ch", "ch"},
        {U'ш', "sh", "sh"}, {U'щ', "shch", "shch"}, {U'ь', "", ""},     {U'ю', "iu", "yu"},
        {U'я', "ia", "ya"}, {U'ʼ', "", ""},     {U'-', "-", "-"},
    };
    std::string out;
    bool first = true;
    for (char32_t cp : detail::to_lower(*detail::decode_utf8(ukrainian))) {
        for (const Letter& l : letters)
            if (l.uk == cp) out += first ? l.first : l.inside;
        first = cp == U'-';
    }
    return out;
}

}  // namespace

TEST_CASE("valid names give their canonical value", "[name]") {
    const auto row = GENERATE(from_range(test::valid_rows("vectors/name.json")));
    CAPTURE(row.name);
    const Verdict v = validate_row(row.input, row.config);
    CHECK(v.code == ErrorCode::Ok);
    CHECK(v.value == row.value.get<std::string>());
    CHECK(v.suggestion.empty());
}

TEST_CASE("invalid names give their exact error code", "[name]") {
    const auto row = GENERATE(from_range(test::invalid_rows("vectors/name.json")));
    CAPTURE(row.name);
    const Verdict v = validate_row(row.input, row.config);
    CHECK(error_id(v.code) == row.code);
    CHECK(v.value.empty());
    CHECK(v.suggestion == row.suggestion);
    if (v.code == ErrorCode::NameWrongLayout) CHECK(v.detail == row.suggestion);
}

TEST_CASE("is_valid_name agrees with validate_name", "[name]") {
    std::vector<std::pair<std::string, RuleConfig>> inputs;
    for (const auto& row : test::valid_rows("vectors/name.json")) inputs.emplace_back(row.input, row.config);
    for (const auto& row : test::invalid_rows("vectors/name.json")) inputs.emplace_back(row.input, row.config);
    const auto [input, config] = GENERATE_REF(from_range(inputs));
    CAPTURE(input);
    CHECK(is_valid_name(input, config) == validate_name(input, config).ok());
}

TEST_CASE("every public Ukrainian name is accepted unchanged", "[name][corpus]") {
    const auto names = corpus_names();
    REQUIRE(names.size() > 900);
    for (const auto& name : names) {
        CAPTURE(name);
        const Verdict v = validate_name(name);
        CHECK(v.code == ErrorCode::Ok);
        CHECK(v.value == name);
        CHECK(is_valid_name(name));
    }
}

TEST_CASE("public names typed in the English layout are recognised", "[name][corpus]") {
    // The check is a judgement (see name.cpp): most names, never a wrong correction.
    const auto names = corpus_names();
    std::size_t recognised = 0;
    for (const auto& name : names) {
        const std::string typed = typed_in_english_layout(name);
        CAPTURE(name, typed);
        REQUIRE(typed.find_first_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos);
        const Verdict v = validate_name(typed);
        CHECK((v.code == ErrorCode::NameWrongLayout || v.code == ErrorCode::NameLatinLetters));
        if (v.code != ErrorCode::NameWrongLayout) continue;
        CHECK(v.suggestion == validate_name(name).value);  // the name as the core writes it
        ++recognised;
    }
    CAPTURE(recognised, names.size());
    CHECK(recognised * 100 >= names.size() * 95);
}

TEST_CASE("public names in transliteration are rarely taken for the English layout", "[name][corpus]") {
    const auto names = corpus_names();
    std::size_t taken = 0;
    for (const auto& name : names) {
        const std::string latin = transliterate(name);
        CAPTURE(name, latin);
        const Verdict v = validate_name(latin);
        CHECK((v.code == ErrorCode::NameLatinLetters || v.code == ErrorCode::NameWrongLayout));
        if (v.code == ErrorCode::NameWrongLayout) ++taken;
    }
    CAPTURE(taken, names.size());
    CHECK(taken * 100 <= names.size());  // 3 of 950 when the tables were made
}

TEST_CASE("bytes that are not UTF-8 are invalid text", "[name]") {
    const std::string input = GENERATE(as<std::string>{}, "\xFF", "\xD0", "Шев\xD1", "\xC0\xAF", "\xED\xA0\x80",
                                       "\xF4\x90\x80\x80", "Тарас\x80");
    CAPTURE(input);
    CHECK(validate_name(input).code == ErrorCode::InvalidUtf8);
    CHECK(validate_name(input, {}, true).code == ErrorCode::InvalidUtf8);
    CHECK_FALSE(is_valid_name(input));
}

TEST_CASE("a 1 MB paste is judged in one pass", "[name]") {
    const std::size_t mb = 1 << 20;
    CHECK(validate_name(std::string(mb, ' ') + "шевченко" + std::string(mb, ' ')).value == "Шевченко");
    std::string letters;
    while (letters.size() < mb) letters += "а";
    CHECK(validate_name(letters).code == ErrorCode::NameTooLong);
    CHECK(validate_name(std::string(mb, 'j')).code == ErrorCode::NameLatinLetters);
    CHECK(validate_name(std::string(mb, '-')).code == ErrorCode::NameHyphenPlacement);
    CHECK(validate_name(std::string(mb, '\'')).code == ErrorCode::NameApostrophePlacement);
    CHECK(validate_name(std::string(mb, '7')).code == ErrorCode::NameDigits);
    CHECK_FALSE(is_valid_name(letters));
}

TEST_CASE("from_english_layout maps keys and keeps the rest", "[name]") {
    CHECK(from_english_layout("Itdxtyrj") == "Шевченко");
    CHECK(from_english_layout("D`zxtckfd") == "Вʼячеслав");
    CHECK(from_english_layout("[]\\;',.{}|:\"<>") == std::nullopt);  // no letters
    CHECK(from_english_layout("a[]\\;',.") == "фхїґжєбю");
    CHECK(from_english_layout("A{}|:\"<>") == "ФХЇҐЖЄБЮ");
    CHECK(from_english_layout("Nfhfc 1-2") == "Тарас 1-2");
    CHECK(from_english_layout("Шевченко") == std::nullopt);
    CHECK(from_english_layout("") == std::nullopt);
}
