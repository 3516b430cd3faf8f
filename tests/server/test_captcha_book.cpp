// The CAPTCHA book against floods (issue 13, point 2). Before: HEAD /api/captcha ran the GET
// handler past the rate limiter (120 of 120 answered 200), and the book dropped the oldest
// challenge of anyone once 20 000 were live, so one client pushed out every real user's.
#include "server_fixture.hpp"

#include "abon/server/captcha.hpp"

#include <catch2/catch.hpp>

using namespace abon::test;
using abon::server::CaptchaBook;
using abon::server::CaptchaCheck;

TEST_CASE("A flood of challenges from one client pushes out only its own") {
    ManualClock clock;
    abon::server::Limits limits;
    limits.captcha_max_live = 1000;
    limits.captcha_per_client_live = 10;
    CaptchaBook book(limits, std::string(kFixedAnswer), clock.clock());
    const auto real_user = book.issue("203.0.113.7");
    for (int i = 0; i < 25000; ++i) book.issue("198.51.100.66");
    CHECK(book.live() == 11);  // the flooder's last 10 and the real user's one
    CHECK(book.check(real_user.token, kFixedAnswer) == CaptchaCheck::Correct);
}

TEST_CASE("Past the per-client cap the client's oldest challenge retires, the newest stay") {
    ManualClock clock;
    abon::server::Limits limits;
    limits.captcha_per_client_live = 3;
    CaptchaBook book(limits, std::string(kFixedAnswer), clock.clock());
    const auto first = book.issue("a");
    const auto second = book.issue("a");
    book.issue("a");
    book.issue("a");
    CHECK(book.check(first.token, kFixedAnswer) == CaptchaCheck::Expired);
    CHECK(book.check(second.token, kFixedAnswer) == CaptchaCheck::Correct);
}

TEST_CASE("Expired challenges leave the book as time passes, without a full book") {
    ManualClock clock;
    abon::server::Limits limits;
    CaptchaBook book(limits, std::string(kFixedAnswer), clock.clock());
    for (int i = 0; i < 50; ++i) book.issue("client-" + std::to_string(i));
    CHECK(book.live() == 50);
    clock.advance(limits.captcha_ttl);
    book.issue("late");
    CHECK(book.live() == 1);
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
