// abon/server/limits.hpp — per-client request rate and per-account failure counting.
//
// - Keys are opaque strings (a client address, a canonical account number).
// - Both are in memory: a restart forgets them, which only ever lets a client in sooner.
// - Both prune themselves so a flood of distinct keys cannot grow them without bound.
#pragma once

#include "abon/server/config.hpp"

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

namespace abon::server {

struct RateDecision {
    bool allowed = true;
    int retry_after_seconds = 0;  // when refused: whole seconds until a token is back (≥ 1)
};

// Token bucket per key. At max_keys the least recently used key is forgotten (a flood of
// new keys never resets the buckets of the clients that are being limited right now).
class RateLimiter {
public:
    explicit RateLimiter(RateRule rule, std::size_t max_keys = 50000) : rule_(rule), max_keys_(max_keys) {}
    RateDecision take(const std::string& key, std::chrono::system_clock::time_point now);
    std::size_t keys() const;

private:
    struct Bucket { double tokens; std::chrono::system_clock::time_point last; std::list<std::string>::iterator use; };
    RateRule rule_;
    std::size_t max_keys_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
    std::list<std::string> by_use_;  // most recent first
};

// At most `limit` failures per key in a window; each time the limit is reached the key is
// locked for a window that doubles (15 min, 30 min, 1 h, …), and `daily_cap` failures lock
// it until its day is over. A try is reserved before it is made and settled after, so
// simultaneous tries cannot all pass one check: at most `limit` are ever in flight or spent.
class FailureCounter {
public:
    FailureCounter(int limit, std::chrono::seconds window, int daily_cap = 20, std::size_t max_keys = 50000)
        : limit_(limit), daily_cap_(daily_cap), window_(window), max_keys_(max_keys) {}
    RateDecision reserve(const std::string& key, std::chrono::system_clock::time_point now);
    // After an allowed reserve(); true when this failure locked the key.
    bool settle(const std::string& key, bool failed, std::chrono::system_clock::time_point now);

private:
    using TimePoint = std::chrono::system_clock::time_point;
    struct Tries {
        int failures = 0, in_flight = 0, lockouts = 0, day_failures = 0;
        TimePoint start, locked_until, day_start;
    };
    int limit_, daily_cap_;
    std::chrono::seconds window_;
    std::size_t max_keys_;
    std::mutex mutex_;
    std::unordered_map<std::string, Tries> tries_;
};

}  // namespace abon::server
