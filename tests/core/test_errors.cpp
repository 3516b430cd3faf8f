#include "vectors.hpp"

#include <regex>
#include <set>

using namespace abon;

namespace {
std::vector<ErrorCode> all_codes() {
    std::vector<ErrorCode> codes;
    for (int i = 0; i < static_cast<int>(ErrorCode::Count_); ++i) codes.push_back(static_cast<ErrorCode>(i));
    return codes;
}
}  // namespace

TEST_CASE("every error code has a unique snake_case id and both messages", "[errors]") {
    std::set<std::string_view> ids;
    const std::regex snake("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    for (ErrorCode c : all_codes()) {
        const std::string id(error_id(c));
        CAPTURE(id);
        CHECK(std::regex_match(id, snake));
        CHECK(ids.insert(error_id(c)).second);
        CHECK(parse_error_id(id) == c);
        CHECK_FALSE(message_template(c, Lang::Uk).empty());
        CHECK_FALSE(message_template(c, Lang::En).empty());
        CHECK(message_template(c, Lang::Uk) != message_template(c, Lang::En));
    }
    CHECK_FALSE(parse_error_id("no_such_code").has_value());
}

TEST_CASE("messages put the detail where the template asks for it", "[errors]") {
    CHECK(render_message(ErrorCode::CaptchaLength, Lang::Uk, "5") == "Введіть 5 літер з картинки");
    CHECK(render_message(ErrorCode::EmailTypo, Lang::Uk, "taras@gmail.com") ==
          "Можливо, ви мали на увазі taras@gmail.com?");
    CHECK(render_message(ErrorCode::Required, Lang::En, "ignored") == "Please fill in this field");
}

TEST_CASE("only warnings are warnings", "[errors]") {
    const std::set<ErrorCode> warnings{ErrorCode::PasswordCyrillic, ErrorCode::PasswordCapsLock,
                                       ErrorCode::PasswordShort, ErrorCode::EmailTypo};
    for (ErrorCode c : all_codes()) {
        CAPTURE(error_id(c));
        CHECK(is_warning(c) == (warnings.count(c) == 1));
    }
}

TEST_CASE("README documents every error code exactly once, with its Ukrainian message", "[errors][docs]") {
    const std::string readme = test::read_file("../README.md");
    for (ErrorCode c : all_codes()) {
        if (c == ErrorCode::Ok) continue;
        const std::string row_start = "| `" + std::string(error_id(c)) + "` |";
        CAPTURE(row_start);
        const auto at = readme.find(row_start);
        REQUIRE(at != std::string::npos);
        CHECK(readme.find(row_start, at + 1) == std::string::npos);
        const std::string line = readme.substr(at, readme.find('\n', at) - at);
        CHECK(line.find(std::string(message_template(c, Lang::Uk))) != std::string::npos);
    }
}

TEST_CASE("languages parse from their ids", "[errors]") {
    CHECK(parse_lang("uk") == Lang::Uk);
    CHECK(parse_lang("en") == Lang::En);
    CHECK_FALSE(parse_lang("ru").has_value());
    CHECK_FALSE(parse_lang("").has_value());
}
