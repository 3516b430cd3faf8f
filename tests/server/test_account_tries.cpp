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

TEST_CASE("Tries are reserved before they are made: five in flight, the sixth waits") {
    FailureCounter tries(5, std::chrono::minutes(15));
    for (int i = 0; i < 5; ++i) CHECK(tries.reserve("1-234-56-7", kT0).allowed);
    CHECK_FALSE(tries.reserve("1-234-56-7", kT0).allowed);
    CHECK(tries.reserve("2-345-67-8", kT0).allowed);  // another account is untouched
    tries.settle("1-234-56-7", false, kT0);            // a match gives its try back
    CHECK(tries.reserve("1-234-56-7", kT0).allowed);
}

TEST_CASE("Each lock-out doubles the wait, and a daily cap holds") {
    FailureCounter tries(5, std::chrono::minutes(15), 12);
    auto t = kT0;
    auto fail_five = [&] {
        bool locked = false;
        for (int i = 0; i < 5; ++i) {
            REQUIRE(tries.reserve("a", t).allowed);
            locked = tries.settle("a", true, t);
        }
        return locked;
    };
    CHECK(fail_five());
    CHECK(tries.reserve("a", t).retry_after_seconds == 15 * 60);
    t += 15min;
    CHECK(fail_five());
    CHECK(tries.reserve("a", t).retry_after_seconds == 30 * 60);
    t += 30min;
    for (int i = 0; i < 2; ++i) {
        REQUIRE(tries.reserve("a", t).allowed);
        tries.settle("a", true, t);
    }
    // 12 failures today: locked until the day is over, whatever the window says.
    const auto d = tries.reserve("a", t);
    CHECK_FALSE(d.allowed);
    CHECK(d.retry_after_seconds == 24 * 3600 - 45 * 60);
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
