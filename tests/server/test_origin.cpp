// Cross-site refusal (Sec-Fetch-Site, Origin against the allow-list) and CORS headers.
#include "server_fixture.hpp"

#include <catch2/catch.hpp>

using namespace abon::test;
using nlohmann::json;

namespace {

enum class Expect { Served, Refused };

struct OriginRow {
    std::string note;
    std::string origin;          // "" → no Origin header; "{self}" → the server's own origin
    std::string sec_fetch_site;  // "" → no header
    Expect expect;
};

httplib::Headers headers_for(const OriginRow& row, const TestServer& s) {
    httplib::Headers h;
    std::string origin = row.origin;
    if (origin == "{self}") origin = s.origin();
    if (origin == "{localhost}") origin = "http://localhost:" + std::to_string(s.port());
    if (!origin.empty()) h.emplace("Origin", origin);
    if (!row.sec_fetch_site.empty()) h.emplace("Sec-Fetch-Site", row.sec_fetch_site);
    return h;
}

const std::vector<OriginRow> kOriginRows = {
    {"no browser headers (curl)", "", "", Expect::Served},
    {"same origin", "{self}", "same-origin", Expect::Served},
    {"localhost alias of the same port", "{localhost}", "same-site", Expect::Served},
    {"typed in the address bar", "", "none", Expect::Served},
    {"cross-site fetch", "https://evil.example", "cross-site", Expect::Refused},
    {"cross-site without an Origin", "", "cross-site", Expect::Refused},
    {"foreign origin, no fetch metadata", "https://evil.example", "", Expect::Refused},
    {"same host, other port", "http://127.0.0.1:1", "", Expect::Refused},
    {"opaque origin", "null", "", Expect::Refused},
    {"allowed origin, cross-site metadata", "{self}", "cross-site", Expect::Refused},
};

}  // namespace

TEST_CASE("POST /api/register refuses cross-site requests and sends CORS only to allowed origins") {
    const OriginRow row = GENERATE(from_range(kOriginRows));
    CAPTURE(row.note);
    TestServer s;
    const httplib::Headers h = headers_for(row, s);
    auto r = s.post(s.valid_payload(), h);
    REQUIRE(r);
    if (row.expect == Expect::Refused) {
        CHECK(r->status == 403);
        CHECK(body_json(r)["error"] == "cross_site_refused");
        CHECK_FALSE(r->has_header("Access-Control-Allow-Origin"));
        CHECK(s.letters().empty());
    } else {
        CHECK(r->status == 201);
        if (h.count("Origin")) CHECK(r->get_header_value("Access-Control-Allow-Origin") == h.find("Origin")->second);
        else CHECK_FALSE(r->has_header("Access-Control-Allow-Origin"));
        CHECK(r->get_header_value("Vary") == "Origin");
    }
}

TEST_CASE("GET /api/captcha follows the same origin rules") {
    const OriginRow row = GENERATE(from_range(kOriginRows));
    CAPTURE(row.note);
    TestServer s;
    auto r = s.client().Get("/api/captcha", headers_for(row, s));
    REQUIRE(r);
    CHECK(r->status == (row.expect == Expect::Refused ? 403 : 200));
}

TEST_CASE("CORS preflight: 204 with the allowed methods for allowed origins, 403 otherwise") {
    TestServer s;
    httplib::Headers h{{"Origin", s.origin()}, {"Access-Control-Request-Method", "POST"},
                       {"Access-Control-Request-Headers", "content-type"}};
    auto ok = s.client().Options("/api/register", h);
    REQUIRE(ok);
    CHECK(ok->status == 204);
    CHECK(ok->get_header_value("Access-Control-Allow-Origin") == s.origin());
    CHECK(ok->get_header_value("Access-Control-Allow-Methods").find("POST") != std::string::npos);
    CHECK(ok->get_header_value("Access-Control-Allow-Headers") == "Content-Type");
    CHECK(ok->get_header_value("Access-Control-Max-Age") == "600");

    httplib::Headers evil{{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}};
    auto refused = s.client().Options("/api/register", evil);
    REQUIRE(refused);
    CHECK(refused->status == 403);
    CHECK_FALSE(refused->has_header("Access-Control-Allow-Origin"));
}

TEST_CASE("ABON_ALLOWED_ORIGINS replaces the loopback defaults") {
    TestServer s([](abon::server::ServerConfig& c) { c.allowed_origins = {"https://abon.te.pl.ua"}; });
    auto allowed = s.client().Get("/api/captcha", {{"Origin", "https://abon.te.pl.ua"}, {"Sec-Fetch-Site", "same-site"}});
    REQUIRE(allowed);
    CHECK(allowed->status == 200);
    CHECK(allowed->get_header_value("Access-Control-Allow-Origin") == "https://abon.te.pl.ua");
    auto loopback = s.client().Get("/api/captcha", {{"Origin", s.origin()}});
    REQUIRE(loopback);
    CHECK(loopback->status == 403);
}

TEST_CASE("The letter's link works from webmail, which is cross-site by nature") {
    TestServer s;
    REQUIRE(s.post(s.valid_payload())->status == 201);
    const std::string token = confirm_token_in(read_whole(s.letters().at(0)));
    auto r = s.client().Get(("/api/confirm?token=" + token).c_str(),
                            {{"Sec-Fetch-Site", "cross-site"}, {"Referer", "https://mail.example/"}});
    REQUIRE(r);
    CHECK(r->status == 200);
}
