// The CAPTCHA book against floods. Issue 13: HEAD /api/captcha ran the GET handler past the
// limiter. Issue 26: the book held at most 20 000 challenges and dropped the oldest, whoever
// owned it, so 700 networks each under the per-address limit pushed out a person's challenge
// (captcha_expired). Now a challenge is sealed in its token and nothing is stored on issue.
#include "server_fixture.hpp"

#include "abon/server/captcha.hpp"

#include <catch2/catch.hpp>
#include <malloc.h>

using namespace abon::test;
using abon::server::CaptchaBook;
using abon::server::CaptchaCheck;
using nlohmann::json;

TEST_CASE("A flood of challenges from 700 networks, each under its per-address limit, leaves a person's challenge valid") {
    TestServer s([](abon::server::ServerConfig& c) {
        c.trusted_proxies = {*abon::server::parse_address_range("127.0.0.1")};  // the networks arrive as X-Forwarded-For
        c.limits.captcha_per_client = abon::server::Limits{}.captcha_per_client;  // the real 30/min
    });
    auto client = s.client();
    const auto person = client.Get("/api/captcha", {{"X-Forwarded-For", "127.200.0.9"}});
    REQUIRE(person);
    REQUIRE(person->status == 200);
    const json challenge = json::parse(person->body);
    int served = 0;
    for (int net = 0; net < 700; ++net) {
        const std::string address = "127." + std::to_string(1 + net / 250) + "." + std::to_string(net % 250) + ".7";
        for (int i = 0; i < 29; ++i) {
            const auto r = client.Get("/api/captcha", {{"X-Forwarded-For", address}});
            served += r && r->status == 200;
        }
    }
    CHECK(served == 700 * 29);
    const auto picture = client.Get(challenge.at("image").get<std::string>().c_str(), {{"X-Forwarded-For", "127.200.0.9"}});
    REQUIRE(picture);
    CHECK(picture->status == 200);
    json p = s.valid_payload();
    p["captcha"]["token"] = challenge.at("token");
    const auto r = s.post(p, {{"X-Forwarded-For", "127.200.0.9"}});
    REQUIRE(r);
    CHECK(r->status == 201);
}

TEST_CASE("Issuing stores nothing; only checked answers enter the spent store, until they expire") {
    ManualClock clock;
    abon::server::Limits limits;
    CaptchaBook book(limits, std::string(kFixedAnswer), clock.clock());
    std::vector<std::string> tokens;
    for (int i = 0; i < 25000; ++i) tokens.push_back(book.issue().token);
    CHECK(book.spent() == 0);
    CHECK(book.check(tokens.front(), kFixedAnswer) == CaptchaCheck::Correct);  // the first of 25 000
    CHECK(book.check(tokens.front(), kFixedAnswer) == CaptchaCheck::Expired);  // single use
    CHECK(book.check(tokens.back(), "AAAAA") == CaptchaCheck::Wrong);
    CHECK(book.spent() == 2);
    clock.advance(limits.captcha_ttl);
    CHECK(book.check(tokens[1], kFixedAnswer) == CaptchaCheck::Expired);  // expired by its seal
    book.issue();
    CHECK(book.check(book.issue().token, kFixedAnswer) == CaptchaCheck::Correct);
    CHECK(book.spent() == 1);  // the two old entries left from the queue's head
}

TEST_CASE("Forged, truncated and swapped seals are unknown challenges") {
    ManualClock clock;
    CaptchaBook book(abon::server::Limits{}, std::string(kFixedAnswer), clock.clock());
    const auto c = book.issue();
    std::string flipped = c.token;
    flipped[30] = flipped[30] == 'A' ? 'B' : 'A';
    struct Row { std::string token; };
    const Row row = GENERATE_COPY(values<Row>({{flipped}, {c.token.substr(0, 40)}, {c.media_id}, {""},
                                               {std::string(500, 'A')}, {"no such token"}}));
    CAPTURE(row.token);
    CHECK(book.check(row.token, kFixedAnswer) == CaptchaCheck::Expired);
    CHECK_FALSE(book.open_media(c.token));  // a token is no media id
    CaptchaBook other(abon::server::Limits{}, std::string(kFixedAnswer), clock.clock());  // another key (a restart)
    CHECK(other.check(c.token, kFixedAnswer) == CaptchaCheck::Expired);
}

TEST_CASE("A full spent store refuses to check (Busy) rather than forget a spent challenge") {
    ManualClock clock;
    abon::server::Limits limits;
    limits.captcha_spent_max = 3;
    CaptchaBook book(limits, std::string(kFixedAnswer), clock.clock());
    const auto first = book.issue();
    REQUIRE(book.check(first.token, kFixedAnswer) == CaptchaCheck::Correct);
    for (int i = 0; i < 2; ++i) REQUIRE(book.check(book.issue().token, "AAAAA") == CaptchaCheck::Wrong);
    const auto person = book.issue();
    CHECK(book.check(person.token, kFixedAnswer) == CaptchaCheck::Busy);
    CHECK(book.busy_for_seconds() == 300);
    CHECK(book.check(first.token, kFixedAnswer) == CaptchaCheck::Expired);  // still remembered as spent
    clock.advance(std::chrono::seconds(200));
    CHECK(book.check(person.token, kFixedAnswer) == CaptchaCheck::Busy);
    CHECK(book.busy_for_seconds() == 100);
    clock.advance(std::chrono::seconds(99));
    const auto late = book.issue();
    clock.advance(std::chrono::seconds(1));
    CHECK(book.check(late.token, kFixedAnswer) == CaptchaCheck::Correct);  // the old entries left
}

TEST_CASE("The spent store's memory bound: at most kSpentEntryBytes per entry") {
    ManualClock clock;
    abon::server::Limits limits;
    constexpr int kEntries = 100000;
    limits.captcha_spent_max = kEntries;
    CaptchaBook book(limits, std::string(kFixedAnswer), clock.clock());
    std::vector<std::string> tokens;
    for (int i = 0; i < kEntries; ++i) tokens.push_back(book.issue().token);
    const std::size_t before = mallinfo2().uordblks;
    for (const std::string& t : tokens) REQUIRE(book.check(t, "AAAAA") == CaptchaCheck::Wrong);
    const std::size_t after = mallinfo2().uordblks;
    CHECK(book.spent() == static_cast<std::size_t>(kEntries));
    const double per_entry = static_cast<double>(after - before) / kEntries;
    CAPTURE(per_entry);
    CHECK(per_entry <= CaptchaBook::kSpentEntryBytes);
}

TEST_CASE("A media id opens while its challenge lives, and draws the same picture every time") {
    ManualClock clock;
    abon::server::Limits limits;
    CaptchaBook book(limits, std::string(kFixedAnswer), clock.clock());
    const auto c = book.issue(abon::Lang::En);
    const auto media = book.open_media(c.media_id);
    REQUIRE(media);
    CHECK(media->answer == kFixedAnswer);
    CHECK(media->lang == abon::Lang::En);
    CHECK(book.open_media(c.media_id)->seed == media->seed);
    CHECK(book.open_media(book.issue().media_id)->seed != media->seed);
    REQUIRE(book.check(c.token, kFixedAnswer) == CaptchaCheck::Correct);
    CHECK_FALSE(book.open_media(c.media_id));  // solved: its picture is gone with it
    const auto wrong = book.issue();
    for (int i = 0; i < limits.captcha_tries; ++i) book.check(wrong.token, "AAAAA");
    CHECK_FALSE(book.open_media(wrong.media_id));  // out of tries
    const auto old = book.issue();
    clock.advance(limits.captcha_ttl);
    CHECK_FALSE(book.open_media(old.media_id));
}

TEST_CASE("HEAD /api/captcha is refused and issues nothing; GET still counts against the limiter") {
    TestServer s([](abon::server::ServerConfig& c) { c.limits.captcha_per_client = {10, 3}; });
    int ok = 0, refused = 0;
    for (int i = 0; i < 120; ++i) {
        const RawReply r = raw_http(s.port(), "HEAD /api/captcha HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        ok += r.status == 200;
        refused += r.status == 405;
    }
    CHECK(ok == 0);
    CHECK(refused == 120);
    auto client = s.client();
    for (int i = 0; i < 3; ++i) CHECK(client.Get("/api/captcha")->status == 200);  // HEADs took no token
    CHECK(client.Get("/api/captcha")->status == 429);
}

TEST_CASE("The picture counts against the same limiter as the challenge") {
    TestServer s([](abon::server::ServerConfig& c) { c.limits.captcha_per_client = {10, 2}; });
    auto client = s.client();
    const json c = s.captcha();
    CHECK(client.Get(c.at("image").get<std::string>().c_str())->status == 200);
    CHECK(client.Get(c.at("image").get<std::string>().c_str())->status == 429);
}
