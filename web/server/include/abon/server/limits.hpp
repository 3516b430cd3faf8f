// abon/server/limits.hpp — per-client request rate and per-account failure counting.
//
// - Keys are opaque strings (a client address, a canonical account number).
// - Both are in memory: a restart forgets them, which only ever lets a client in sooner.
// - Both prune themselves so a flood of distinct keys cannot grow them without bound.
#pragma once

#include "abon/server/config.hpp"

#include <chrono>
#include <cstddef>
#include <deque>
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

// Wrong details per account number, counted per network and per account (issue 26):
// - from one network (IPv4 /24, IPv6 /48), `per_network` failures in `window` lock that
//   network out of that account for a window that doubles (15 min, 30 min, 1 h, …);
//   other networks, the holder's among them, are not touched;
// - from all networks together, `daily` failures a day stop comparisons for the account,
//   for everyone, until 24 h after its first try of the day (a distributed brute force
//   gets `daily` guesses a day, whatever its number of networks).
// A try is reserved before it is made and settled after, so simultaneous tries cannot all
// pass one check. Every entry is forgotten 24 h after it was made, in that order, from a
// queue (no scan); past `max_entries` the oldest goes first.
class FailureCounter {
public:
    struct Policy {
        int per_network = 5;
        std::chrono::seconds window{15 * 60};
        int daily = 20;
        std::size_t max_entries = 200000;
    };
    explicit FailureCounter(Policy policy) : policy_(policy) {}
    RateDecision reserve(const std::string& account, const std::string& network, std::chrono::system_clock::time_point now);
    // After an allowed reserve(); true when this failure locked the network or the account.
    bool settle(const std::string& account, const std::string& network, bool failed,
                std::chrono::system_clock::time_point now);
    std::size_t entries() const;

private:
    using TimePoint = std::chrono::system_clock::time_point;
    struct Tries {
        int failures = 0, in_flight = 0, lockouts = 0;
        TimePoint born, start, locked_until;
    };
    void make_room_locked(TimePoint now, std::size_t wanted);
    Tries& entry_locked(const std::string& key, TimePoint now);
    Policy policy_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Tries> tries_;         // "account" and "account network"
    std::deque<std::pair<TimePoint, std::string>> by_birth_;  // (born, key), oldest first
};

}  // namespace abon::server
