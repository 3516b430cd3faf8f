// Behind a proxy (issue 13, point 4). Before: the client was always the TCP peer, so behind
// a reverse proxy every user shared one bucket; IPv6 clients got a bucket per address (a
// /64 holds 2^64 of them); a full limiter forgot every key at once.
#include "server_fixture.hpp"

#include "abon/server/client_address.hpp"
#include "abon/server/limits.hpp"

#include <catch2/catch.hpp>

using namespace abon::server;

namespace {

std::vector<AddressRange> ranges(std::initializer_list<const char*> texts) {
    std::vector<AddressRange> out;
    for (const char* t : texts) out.push_back(*parse_address_range(t));
    return out;
}

}  // namespace

TEST_CASE("The client is the right-most untrusted X-Forwarded-For hop, only from a trusted peer") {
    struct Row { const char* note; const char* peer; std::vector<std::string> xff; const char* client; };
    const Row row = GENERATE(values<Row>({
        {"no proxy trusted: the peer", "198.51.100.9", {"203.0.113.5"}, "198.51.100.9"},
        {"trusted peer, one hop", "10.0.0.2", {"203.0.113.5"}, "203.0.113.5"},
        {"a client-written hop on the left is skipped", "10.0.0.2", {"6.6.6.6, 203.0.113.5"}, "203.0.113.5"},
        {"two trusted proxies in a row", "10.0.0.2", {"203.0.113.5, 10.1.2.3"}, "203.0.113.5"},
        {"several headers are one list", "10.0.0.2", {"6.6.6.6", "203.0.113.5"}, "203.0.113.5"},
        {"garbage hop: the last good one", "10.0.0.2", {"203.0.113.5, not-an-ip"}, "10.0.0.2"},
        {"no header from the proxy", "10.0.0.2", {}, "10.0.0.2"},
        {"IPv6 client keyed by /64", "10.0.0.2", {"2001:db8:1:2:aaaa::7"}, "2001:db8:1:2::/64"},
    }));
    CAPTURE(row.note);
    const auto trusted = std::string(row.note).rfind("no proxy", 0) == 0 ? std::vector<AddressRange>{}
                                                                         : ranges({"10.0.0.0/8"});
    CHECK(client_of(row.peer, row.xff, trusted) == row.client);
}

TEST_CASE("IPv6 addresses of one /64 share a key; IPv4 and loopback stay whole") {
    CHECK(client_key("2001:db8:1:2::1") == client_key("2001:db8:1:2:ffff:ffff:ffff:ffff"));
    CHECK(client_key("2001:db8:1:2::1") != client_key("2001:db8:1:3::1"));
    CHECK(client_key("192.0.2.7") == "192.0.2.7");
    CHECK(client_key("::1") == "::1");
}

TEST_CASE("Address ranges parse and match") {
    CHECK(parse_address_range("10.0.0.0/8")->contains("10.200.1.1"));
    CHECK_FALSE(parse_address_range("10.0.0.0/8")->contains("11.0.0.1"));
    CHECK(parse_address_range("2001:db8::/32")->contains("2001:db8:ffff::1"));
    CHECK(parse_address_range("192.0.2.7")->contains("192.0.2.7"));
    CHECK_FALSE(parse_address_range("192.0.2.7")->contains("192.0.2.8"));
    CHECK_FALSE(parse_address_range("10.0.0.0/33"));
    CHECK_FALSE(parse_address_range("example.com"));
}

TEST_CASE("A full limiter forgets its least recently used key, not every key") {
    RateLimiter limiter({1, 1}, 3);
    const auto t = std::chrono::system_clock::time_point(std::chrono::seconds(1'760'000'000));
    REQUIRE(limiter.take("attacker-target", t).allowed);
    CHECK_FALSE(limiter.take("attacker-target", t).allowed);  // limited now
    for (int i = 0; i < 100; ++i) {
        limiter.take("fresh-" + std::to_string(i), t);
        limiter.take("attacker-target", t);  // still in use: never the least recent
    }
    CHECK(limiter.keys() == 3);
    CHECK_FALSE(limiter.take("attacker-target", t).allowed);
}

TEST_CASE("Behind a trusted proxy the limiter counts per forwarded client") {
    abon::test::TestServer s([](ServerConfig& c) {
        c.trusted_proxies = ranges({"127.0.0.1"});
        c.limits.captcha_per_client = {10, 2};
    });
    auto client = s.client();
    auto get = [&](const char* xff) { return client.Get("/api/captcha", {{"X-Forwarded-For", xff}})->status; };
    CHECK(get("203.0.113.5") == 200);
    CHECK(get("203.0.113.5") == 200);
    CHECK(get("203.0.113.5") == 429);
    CHECK(get("6.6.6.6, 203.0.113.5") == 429);  // a forged left hop changes nothing
    CHECK(get("203.0.113.6") == 200);            // another user behind the same proxy
}
