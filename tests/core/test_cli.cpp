// abon-validate through the real binary: stdin to stdout, exit codes.
#include "vectors.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

using nlohmann::json;

namespace {

struct Run {
    int exit_code = -1;
    std::string out, err;
};

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

Run run_validate(const std::string& input, const std::string& args = "") {
    char dir_template[] = "/tmp/abon-cli-XXXXXX";
    const std::string dir = mkdtemp(dir_template);
    std::ofstream(dir + "/in") << input;
    const std::string cmd = std::string(ABON_VALIDATE_EXE) + " " + args + " <" + dir + "/in >" + dir +
                            "/out 2>" + dir + "/err";
    const int status = std::system(cmd.c_str());
    Run r{WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(dir + "/out"), slurp(dir + "/err")};
    std::system(("rm -rf " + dir).c_str());
    return r;
}

}  // namespace

TEST_CASE("abon-validate prints canonical values (the README example)", "[cli]") {
    const Run r = run_validate(R"({"account":"1234567","last_payment":"1 234,56","surname":"шевчeнко"})");
    REQUIRE(r.exit_code == 0);
    const json out = json::parse(r.out);
    CHECK(out.at("ok") == true);
    CHECK(out.at("fields").at("account") == json{{"ok", true}, {"value", "1-234-56-7"}});
    CHECK(out.at("fields").at("last_payment") == json{{"ok", true}, {"value", 123456}});
    CHECK(out.at("fields").at("surname") == json{{"ok", true}, {"value", "Шевченко"}});
    CHECK(out.at("fields").size() == 3);
}

TEST_CASE("abon-validate reports errors with code and message in the chosen language", "[cli]") {
    const std::string input = R"({"account":"12345","email":"taras@ukr.net"})";
    const json uk = json::parse(run_validate(input).out);
    CHECK(uk.at("ok") == false);
    CHECK(uk.at("fields").at("account").at("code") == "account_digit_count");
    CHECK(uk.at("fields").at("account").at("message") == "Введіть 7 цифр у форматі Х-ХХХ-ХХ-Х");
    CHECK(uk.at("fields").at("email").at("ok") == true);
    const json en = json::parse(run_validate(input, "--lang en").out);
    CHECK(en.at("fields").at("account").at("message") == "Enter 7 digits in the format X-XXX-XX-X");
}

TEST_CASE("abon-validate checks confirm fields and the declared CAPTCHA length", "[cli]") {
    const json out = json::parse(
        run_validate(R"({"email":"a@ukr.net","email_confirm":"b@ukr.net","captcha":"фиc","captcha_length":5})").out);
    CHECK(out.at("fields").at("email_confirm").at("code") == "email_mismatch");
    CHECK(out.at("fields").at("captcha").at("code") == "captcha_length");
    const json ok = json::parse(run_validate(R"({"captcha":"фисву"})").out);
    CHECK(ok.at("fields").at("captcha").at("value") == "ABCDE");
}

TEST_CASE("abon-validate never prints the password back", "[cli]") {
    const Run r = run_validate(R"({"password":"Zxcv-9137-secret","password_confirm":"Zxcv-9137-secret"})");
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("Zxcv-9137-secret") == std::string::npos);
    CHECK(json::parse(r.out).at("fields").at("password").at("ok") == true);
}

struct BadInputRow {
    const char* name;
    std::string input;
};

TEST_CASE("unreadable input exits 2 with a message on stderr", "[cli]") {
    const auto row = GENERATE(values<BadInputRow>({
        {"not JSON", "{account:"},
        {"an array", "[1,2]"},
        {"a number value", R"({"account": 1234567})"},
        {"captcha_length as text", R"({"captcha_length": "5"})"},
        {"empty", ""},
        {"very deep nesting", std::string(100000, '[') + std::string(100000, ']')},
        // Regression: nlohmann's lexer ends the input at a NUL, so this was read as {}.
        {"a NUL after the object", std::string("{}\0{\"x\":", 7)},
    }));
    CAPTURE(row.name);
    const Run r = run_validate(row.input);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_FALSE(r.err.empty());
}

TEST_CASE("abon-validate refuses an unknown option", "[cli]") {
    CHECK(run_validate("{}", "--lang ru").exit_code == 64);
    const Run ok = run_validate("{}");
    CHECK(ok.exit_code == 0);
    CHECK(json::parse(ok.out) == json{{"ok", true}, {"fields", json::object()}});
}
