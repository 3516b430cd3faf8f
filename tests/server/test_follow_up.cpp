// After the form (issue 14): POST /api/resend and /api/change-email, named by the 201
// answer's handle; and a later registration replacing a pending one (#13 item 3).
#include "server_fixture.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace abon::test;
using nlohmann::json;

namespace {

struct Registered {
    std::string handle, token;
};

Registered register_one(TestServer& s, json payload = {}) {
    if (payload.is_null()) payload = s.valid_payload();
    auto r = s.post(payload);
    REQUIRE(r);
    REQUIRE(r->status == 201);
    return {body_json(r).value("handle", ""), confirm_token_in(read_whole(s.letters().back()))};
}

std::string last_letter(const TestServer& s) {
    // Names start with the second; the newest letter is the one no earlier listing had.
    return read_whole(s.letters().back());
}

std::string to_of(const std::string& eml) {
    const auto at = eml.find("\r\nTo: ");
    return eml.substr(at + 6, eml.find("\r\n", at + 6) - at - 6);
}

const std::string kWait = "60";

}  // namespace

TEST_CASE("Resend: a new letter with a new link, and the earlier link dies") {
    TestServer s;
    const Registered reg = register_one(s);
    auto early = s.post_to("/api/resend", {{"handle", reg.handle}});
    REQUIRE(early);
    CHECK(early->status == 429);
    CHECK(early->get_header_value("Retry-After") == kWait);
    CHECK(body_json(early)["error"] == "rate_limited");
    CHECK(s.letters().size() == 1);

    s.clock().advance(std::chrono::seconds(60));
    auto r = s.post_to("/api/resend", {{"handle", reg.handle}});
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(json::parse(r->body) ==
          json{{"status", "pending_confirmation"}, {"email", kEmail}, {"resend_after", 60}, {"resends_left", 2}});
    REQUIRE(s.letters().size() == 2);
    std::string fresh;
    for (const auto& path : s.letters())
        if (const std::string t = confirm_token_in(read_whole(path)); t != reg.token) fresh = t;
    REQUIRE(fresh.size() == 64);
    CHECK(s.open_link(reg.token)->status == 404);
    CHECK(s.press_confirm(reg.token)->status == 404);
    CHECK(s.open_link(fresh)->status == 200);
    CHECK(s.press_confirm(fresh)->status == 200);
}

TEST_CASE("Three letters follow at most; the fourth is resend_limit_reached, without Retry-After") {
    TestServer s;
    const Registered reg = register_one(s);
    for (int left = 2; left >= 0; --left) {
        s.clock().advance(std::chrono::seconds(60));
        auto r = s.post_to("/api/resend", {{"handle", reg.handle}});
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(body_json(r)["resends_left"] == left);
    }
    s.clock().advance(std::chrono::hours(1));
    auto over = s.post_to("/api/resend", {{"handle", reg.handle}});
    REQUIRE(over);
    CHECK(over->status == 429);
    CHECK(body_json(over)["error"] == "resend_limit_reached");
    CHECK_FALSE(over->has_header("Retry-After"));
    CHECK(s.letters().size() == 4);
    // Change-email shares the count.
    auto change = s.post_to("/api/change-email", {{"handle", reg.handle}, {"email", "taras@i.ua"}});
    CHECK(change->status == 429);
    CHECK(body_json(change)["error"] == "resend_limit_reached");
}

TEST_CASE("The interval between letters is ABON_RESEND_INTERVAL_S, on the real clock too") {
    TestServer s([](abon::server::ServerConfig& c) {
        c.clock = abon::server::system_clock();
        c.limits.resend_interval = std::chrono::seconds(1);
    });
    const Registered reg = register_one(s);
    auto early = s.post_to("/api/resend", {{"handle", reg.handle}});
    REQUIRE(early);
    CHECK(early->status == 429);
    CHECK(early->get_header_value("Retry-After") == "1");
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));  // whole seconds on the clock
    auto r = s.post_to("/api/resend", {{"handle", reg.handle}});
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(body_json(r)["resend_after"] == 1);
}

TEST_CASE("Change-email: the letter goes to the new address, canonical; the old link dies") {
    TestServer s;
    const Registered reg = register_one(s);
    s.clock().advance(std::chrono::seconds(60));

    auto bad = s.post_to("/api/change-email", {{"handle", reg.handle}, {"email", "taras@ukr"}});
    REQUIRE(bad);
    CHECK(bad->status == 422);
    REQUIRE(body_json(bad)["errors"]["email"].is_string());
    CHECK(s.letters().size() == 1);  // nothing spent

    auto empty = s.post_to("/api/change-email", {{"handle", reg.handle}, {"email", ""}});
    CHECK(empty->status == 422);
    CHECK(body_json(empty)["errors"]["email"] == "required");

    auto r = s.post_to("/api/change-email", {{"handle", reg.handle}, {"email", "  Taras.New@UKR.NET "}});
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(json::parse(r->body) == json{{"status", "pending_confirmation"}, {"email", "Taras.New@ukr.net"},
                                       {"resend_after", 60}, {"resends_left", 2}});
    REQUIRE(s.letters().size() == 2);
    std::string to_new;
    for (const auto& path : s.letters())
        if (const std::string eml = read_whole(path); to_of(eml) == "<Taras.New@ukr.net>") to_new = eml;
    REQUIRE_FALSE(to_new.empty());
    CHECK(s.open_link(reg.token)->status == 404);
    CHECK(s.press_confirm(confirm_token_in(to_new))->status == 200);

    // The next resend goes to the new address too — were it allowed: confirmed now.
    s.clock().advance(std::chrono::seconds(60));
    CHECK(s.post_to("/api/resend", {{"handle", reg.handle}})->status == 404);
}

TEST_CASE("An internationalised new address gets its A-label in To:") {
    TestServer s;
    const Registered reg = register_one(s);
    s.clock().advance(std::chrono::seconds(60));
    auto r = s.post_to("/api/change-email", {{"handle", reg.handle}, {"email", "taras@пошта.укр"}});
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(body_json(r)["email"] == "taras@пошта.укр");
    bool found = false;
    for (const auto& path : s.letters()) found |= to_of(read_whole(path)) == "<taras@xn--80a1acn3a.xn--j1amh>";
    CHECK(found);
}

TEST_CASE("A handle that names no pending registration is 404 registration_not_found") {
    TestServer s;
    const Registered reg = register_one(s);
    s.clock().advance(std::chrono::seconds(60));
    std::mt19937 rng(7);
    std::string random_handle;
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < 43; ++i) random_handle += alphabet[rng() % alphabet.size()];
    struct Row { std::string note, handle; };
    const Row row = GENERATE_COPY(values<Row>({
        {"unknown", random_handle},
        {"empty", ""},
        {"one short", reg.handle.substr(1)},
        {"one over", reg.handle + "A"},
        {"standard base64", reg.handle.substr(0, 42) + "/"},
        {"the link's token", reg.token},
    }));
    CAPTURE(row.note);
    for (const char* path : {"/api/resend", "/api/change-email"}) {
        auto r = s.post_to(path, {{"handle", row.handle}, {"email", "taras@i.ua"}});
        REQUIRE(r);
        CHECK(r->status == 404);
        CHECK(body_json(r)["error"] == "registration_not_found");
    }
    CHECK(s.letters().size() == 1);
    CHECK(s.post_to("/api/resend", {{"handle", reg.handle}})->status == 200);  // the real one still works
}

TEST_CASE("A handle dies with its registration's confirmation and expiry") {
    TestServer s;
    const Registered reg = register_one(s);
    SECTION("confirmed") { REQUIRE(s.press_confirm(reg.token)->status == 200); }
    SECTION("expired") { s.clock().advance(std::chrono::hours(48)); }
    s.clock().advance(std::chrono::seconds(60));
    CHECK(s.post_to("/api/resend", {{"handle", reg.handle}})->status == 404);
    CHECK(s.post_to("/api/change-email", {{"handle", reg.handle}, {"email", "taras@i.ua"}})->status == 404);
}

TEST_CASE("A resend restarts the link's 48 hours") {
    TestServer s;
    const Registered reg = register_one(s);
    s.clock().advance(std::chrono::hours(47));
    REQUIRE(s.post_to("/api/resend", {{"handle", reg.handle}})->status == 200);
    s.clock().advance(std::chrono::hours(47));
    CHECK(s.press_confirm(confirm_token_in(last_letter(s)))->status == 200);
}

TEST_CASE("Follow-up bodies: JSON with string values, or 400") {
    TestServer s;
    const Registered reg = register_one(s);
    s.clock().advance(std::chrono::seconds(60));
    struct Row { std::string note, path, body; };
    const Row row = GENERATE_COPY(values<Row>({
        {"not JSON", "/api/resend", "handle="},
        {"an array", "/api/resend", "[]"},
        {"no handle", "/api/resend", "{}"},
        {"a number", "/api/resend", R"({"handle": 5})"},
        {"no email", "/api/change-email", json{{"handle", reg.handle}}.dump()},
        {"email null", "/api/change-email", json{{"handle", reg.handle}, {"email", nullptr}}.dump()},
    }));
    CAPTURE(row.note);
    auto r = s.client().Post(row.path.c_str(), row.body, "application/json");
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(body_json(r)["error"] == "bad_request");
    CHECK(s.letters().size() == 1);
}

TEST_CASE("Follow-up routes: POST only, JSON only, same origin rules as /api/register") {
    TestServer s;
    const Registered reg = register_one(s);
    const std::string body = json{{"handle", reg.handle}}.dump();
    for (const char* path : {"/api/resend", "/api/change-email"}) {
        CAPTURE(path);
        auto get = s.client().Get(path);
        REQUIRE(get);
        CHECK(get->status == 405);
        CHECK(get->get_header_value("Allow") == "POST, OPTIONS");
        CHECK(s.client().Post(path, body, "text/plain")->status == 415);
        auto cross = s.client().Post(path, {{"Sec-Fetch-Site", "cross-site"}}, body, "application/json");
        CHECK(cross->status == 403);
        auto foreign = s.client().Post(path, {{"Origin", "https://evil.example"}}, body, "application/json");
        CHECK(foreign->status == 403);
        auto allowed = s.client().Post(path, {{"Origin", s.origin()}}, body, "application/json");
        CHECK(allowed->get_header_value("Access-Control-Allow-Origin") == s.origin());
        auto big = s.client().Post(path, std::string(17 * 1024, ' '), "application/json");
        CHECK(big->status == 413);
    }
}

TEST_CASE("The handle never reaches the log") {
    TestServer s;
    const Registered reg = register_one(s);
    s.clock().advance(std::chrono::seconds(60));
    REQUIRE(s.post_to("/api/resend", {{"handle", reg.handle}})->status == 200);
    REQUIRE(s.post_to("/api/change-email", {{"handle", reg.handle}, {"email", "x"}})->status == 422);
    // The request lines are written after the answer: wait for the last one.
    REQUIRE(wait_until([&] {
        for (const std::string& line : s.log())
            if (line.find("POST /api/change-email 422") != std::string::npos) return true;
        return false;
    }));
    for (const std::string& line : s.log()) {
        CAPTURE(line);
        CHECK(line.find(reg.handle) == std::string::npos);
        CHECK(line.find(reg.token) == std::string::npos);
    }
}

// #13 item 3: someone who knows the details registered first with their own address.
TEST_CASE("A later registration with matching details replaces a pending one; a confirmed one is 409") {
    TestServer s;
    json first = s.valid_payload();
    first["email"] = "squatter@ukr.net";
    const Registered a = register_one(s, first);
    json second = s.valid_payload();
    second["lang"] = "uk";
    auto r = s.post(second);
    REQUIRE(r);
    CHECK(r->status == 201);
    const std::string b_handle = body_json(r).value("handle", "");
    CHECK(b_handle != a.handle);

    CHECK(s.open_link(a.token)->status == 404);
    s.clock().advance(std::chrono::seconds(60));
    CHECK(s.post_to("/api/resend", {{"handle", a.handle}})->status == 404);

    // The earlier address: its confirmation letter, then the notice (no link, no new address).
    std::vector<std::string> to_a, to_b;
    for (const auto& path : s.letters()) {
        const std::string eml = read_whole(path);
        (to_of(eml) == "<squatter@ukr.net>" ? to_a : to_b).push_back(eml);
    }
    REQUIRE(to_a.size() == 2);
    REQUIRE(to_b.size() == 1);
    const std::string notice = confirm_token_in(to_a[0]).empty() ? to_a[0] : to_a[1];
    CHECK(confirm_token_in(notice).empty());
    CHECK(notice.find("1-234-56-7") != std::string::npos);
    CHECK(notice.find(kEmail) == std::string::npos);
    CHECK(notice.find("Шевченко") == std::string::npos);

    const auto log = s.log();
    CHECK(std::count(log.begin(), log.end(), "security: registration_replaced account 1-234-56-7") == 1);

    CHECK(s.press_confirm(confirm_token_in(to_b[0]))->status == 200);
    auto third = s.post(s.valid_payload());
    REQUIRE(third);
    CHECK(third->status == 409);
    CHECK(body_json(third)["error"] == "account_already_registered");
    CHECK(s.post_to("/api/resend", {{"handle", b_handle}})->status == 404);
}

TEST_CASE("The notice to a replaced English registration is English") {
    TestServer s;
    json first = s.valid_payload();
    first["email"] = "first@ukr.net";
    first["lang"] = "en";
    register_one(s, first);
    REQUIRE(s.post(s.valid_payload())->status == 201);
    bool english_notice = false;
    for (const auto& path : s.letters()) {
        const std::string eml = read_whole(path);
        english_notice |= to_of(eml) == "<first@ukr.net>" && confirm_token_in(eml).empty() &&
                          eml.find("no longer works") != std::string::npos;
    }
    CHECK(english_notice);
}
