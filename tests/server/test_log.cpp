// One log line per request, and no secret in any of them.
#include "server_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>

using namespace abon::test;
using nlohmann::json;

TEST_CASE("The log has one line per request and never a password, token, answer or address") {
    TestServer s;
    auto client = s.client();
    int requests = 0;

    const json challenge = s.captcha();
    ++requests;
    REQUIRE(client.Get(challenge.at("image").get<std::string>().c_str())->status == 200);
    ++requests;
    json p = s.valid_payload();
    ++requests;
    REQUIRE(s.post(p)->status == 201);
    ++requests;
    const std::string confirm_token = confirm_token_in(read_whole(s.letters().at(0)));
    REQUIRE(client.Get(("/api/confirm?token=" + confirm_token).c_str())->status == 200);
    ++requests;
    json wrong = s.valid_payload();
    ++requests;
    wrong["captcha"]["answer"] = "AAAAA";
    REQUIRE(s.post(wrong)->status == 422);
    ++requests;
    REQUIRE(s.post_raw(R"({"password": 12345678})", "application/json")->status == 400);
    ++requests;

    // The log line follows the answer, so the last one may trail the client.
    auto request_lines = [&] {
        std::vector<std::string> out;
        for (const std::string& line : s.log())
            if (line.rfind("security: ", 0) != 0 && line.rfind("mail: ", 0) != 0) out.push_back(line);
        return out;
    };
    for (int i = 0; i < 200 && request_lines().size() < static_cast<std::size_t>(requests); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const std::vector<std::string> lines = request_lines();
    CHECK(lines.size() == static_cast<std::size_t>(requests));
    const std::string image_id = challenge.at("image").get<std::string>().substr(13, 32);
    const std::vector<std::string> secrets = {
        kPassword, kFixedAnswer, challenge.at("token"), p["captcha"]["token"], wrong["captcha"]["token"],
        confirm_token, image_id, kEmail, "Шевченко", "12345678", "token="};
    const std::regex shape(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ 127\.0\.0\.1 (GET|POST) /\S* \d{3} \d+\.\dms)");
    for (const std::string& line : lines) {
        CAPTURE(line);
        CHECK(std::regex_match(line, shape));
    }
    // The letter's line names it by its queue row only.
    const std::vector<std::string> log = s.log();
    CHECK(std::count(log.begin(), log.end(), "mail: letter 1 sent after try 1 (250)") == 1);
    for (const std::string& line : log) {
        CAPTURE(line);
        for (const std::string& secret : secrets) CHECK(line.find(secret) == std::string::npos);
    }
}
