// abon/server/limits.hpp — per-client request rate and per-account failure counting.
//
// - Keys are opaque strings (a client address, a canonical account number).
// - Both are in memory: a restart forgets them, which only ever lets a client in sooner.
// - Both prune themselves so a flood of distinct keys cannot grow them without bound.
#pragma once

#include "abon/server/config.hpp"

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace abon::server {

struct RateDecision {
    bool allowed = true;
    int retry_after_seconds = 0;  // when refused: whole seconds until a token is back (≥ 1)
};

class RateLimiter {  // token bucket per key
public:
    explicit RateLimiter(RateRule rule, std::size_t max_keys = 50000) : rule_(rule), max_keys_(max_keys) {}
    RateDecision take(const std::string& key, std::chrono::system_clock::time_point now);

private:
    struct Bucket { double tokens; std::chrono::system_clock::time_point last; };
    RateRule rule_;
    std::size_t max_keys_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

class FailureCounter {  // at most `limit` failures per key in a fixed window
public:
    FailureCounter(int limit, std::chrono::seconds window, std::size_t max_keys = 50000)
        : limit_(limit), window_(window), max_keys_(max_keys) {}
    RateDecision check(const std::string& key, std::chrono::system_clock::time_point now);
    void record(const std::string& key, std::chrono::system_clock::time_point now);

private:
    struct Window { int failures; std::chrono::system_clock::time_point start; };
    int limit_;
    std::chrono::seconds window_;
    std::size_t max_keys_;
    std::mutex mutex_;
    std::unordered_map<std::string, Window> windows_;
};

}  // namespace abon::server
