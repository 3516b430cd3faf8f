// Per-account mismatches (issue 13, point 3). Before: a try was checked, then counted after
// the comparison, so simultaneous mismatches all passed the check; after 15 minutes the
// account was open again for 5 more, for ever.
#include "server_fixture.hpp"

#include "abon/server/limits.hpp"

#include <catch2/catch.hpp>

#include <thread>

using namespace abon::test;
using abon::server::FailureCounter;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {
const auto kT0 = std::chrono::system_clock::time_point(std::chrono::seconds(1'760'000'000));
}

FailureCounter::Policy policy(int daily = 20) {
    FailureCounter::Policy p;
    p.daily = daily;
    return p;
}

TEST_CASE("Tries are reserved before they are made: five in flight, the sixth waits") {
    FailureCounter tries(policy());
    for (int i = 0; i < 5; ++i) CHECK(tries.reserve("1-234-56-7", "203.0.113.0/24", kT0).allowed);
    CHECK_FALSE(tries.reserve("1-234-56-7", "203.0.113.0/24", kT0).allowed);
    CHECK(tries.reserve("2-345-67-8", "203.0.113.0/24", kT0).allowed);  // another account is untouched
    tries.settle("1-234-56-7", "203.0.113.0/24", false, kT0);            // a match gives its try back
    CHECK(tries.reserve("1-234-56-7", "203.0.113.0/24", kT0).allowed);
}

namespace {
bool fail(FailureCounter& tries, const std::string& network, std::chrono::system_clock::time_point t,
          const std::string& account = "a") {
    REQUIRE(tries.reserve(account, network, t).allowed);
    return tries.settle(account, network, true, t);
}
}  // namespace

TEST_CASE("Each lock-out of a network doubles its wait, and the account's daily budget holds for all") {
    FailureCounter tries(policy(12));
    auto t = kT0;
    auto fail_five = [&] {
        bool locked = false;
        for (int i = 0; i < 5; ++i) locked = fail(tries, "net-1", t);
        return locked;
    };
    CHECK(fail_five());
    CHECK(tries.reserve("a", "net-1", t).retry_after_seconds == 15 * 60);
    t += 15min;
    CHECK(fail_five());
    CHECK(tries.reserve("a", "net-1", t).retry_after_seconds == 30 * 60);
    t += 30min;
    for (int i = 0; i < 2; ++i) fail(tries, "net-2", t);
    // 12 failures today: comparisons stop for every network until the day is over.
    for (const char* net : {"net-1", "net-2", "holder's"}) {
        CAPTURE(net);
        const auto d = tries.reserve("a", net, t);
        CHECK_FALSE(d.allowed);
        CHECK(d.retry_after_seconds == 24 * 3600 - 45 * 60);
    }
    t += 24h - 45min;
    CHECK(tries.reserve("a", "holder's", t).allowed);
}

// Issue 26: five wrong tries from one /24 locked the holder out from everywhere (429, Retry-After 900).
TEST_CASE("Five wrong tries from one network leave the holder on another network free to try") {
    FailureCounter tries(policy());
    for (int i = 0; i < 5; ++i) fail(tries, "198.51.100.0/24", kT0);
    CHECK_FALSE(tries.reserve("a", "198.51.100.0/24", kT0).allowed);
    CHECK(tries.reserve("a", "203.0.113.0/24", kT0).allowed);
}

TEST_CASE("Twenty wrong tries from twenty networks stop comparisons for the account for the day") {
    FailureCounter tries(policy());
    for (int n = 0; n < 20; ++n) fail(tries, "net-" + std::to_string(n), kT0);
    const auto d = tries.reserve("a", "the holder's", kT0 + 1h);
    CHECK_FALSE(d.allowed);
    CHECK(d.retry_after_seconds == 23 * 3600);
    CHECK(tries.reserve("b", "the holder's", kT0 + 1h).allowed);
}

TEST_CASE("Entries leave 24 h after they were made, and past the cap the oldest go first") {
    FailureCounter::Policy p;
    p.max_entries = 100;
    FailureCounter tries(p);
    for (int i = 0; i < 500; ++i) fail(tries, "net", kT0 + std::chrono::seconds(i), "acct-" + std::to_string(i));
    CHECK(tries.entries() == 100);  // two per account (its day, its network): the last 50 accounts
    CHECK(tries.reserve("acct-499", "net", kT0 + 500s).allowed);
    fail(tries, "net", kT0 + 24h + 500s, "late");
    CHECK(tries.entries() == 2);
}

TEST_CASE("20 simultaneous mismatches on one account: at most 5 are compared, each logged") {
    TestServer s;
    std::vector<json> bodies;
    for (int i = 0; i < 20; ++i) {
        json p = s.valid_payload();
        p["last_payment_kopecks"] = 100 + i;
        bodies.push_back(p);
    }
    std::vector<int> statuses(20, 0);
    std::vector<std::thread> threads;
    for (int i = 0; i < 20; ++i)
        threads.emplace_back([&, i] {
            auto r = s.post(bodies[static_cast<std::size_t>(i)]);
            statuses[static_cast<std::size_t>(i)] = r ? r->status : -1;
        });
    for (auto& t : threads) t.join();
    CHECK(std::count(statuses.begin(), statuses.end(), 422) == 5);
    CHECK(std::count(statuses.begin(), statuses.end(), 429) == 15);
    int mismatches = 0, lockouts = 0;
    for (const std::string& line : s.log()) {
        if (line.rfind("security: account_details_mismatch account 1-234-56-7", 0) == 0) ++mismatches;
        if (line.rfind("security: account_locked account 1-234-56-7", 0) == 0) ++lockouts;
        CHECK(line.find("Шевченко") == std::string::npos);
    }
    CHECK(mismatches == 5);
    CHECK(lockouts == 1);
}
