#include "abon/server/limits.hpp"

#include <algorithm>
#include <cmath>

namespace abon::server {

RateDecision RateLimiter::take(const std::string& key, std::chrono::system_clock::time_point now) {
    const double per_second = rule_.per_minute / 60.0;
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = buckets_.find(key);
    const bool fresh = it == buckets_.end();
    if (fresh) {
        if (buckets_.size() >= max_keys_ && !by_use_.empty()) {
            buckets_.erase(by_use_.back());
            by_use_.pop_back();
        }
        by_use_.push_front(key);
        it = buckets_.emplace(key, Bucket{rule_.burst, now, by_use_.begin()}).first;
    } else {
        by_use_.splice(by_use_.begin(), by_use_, it->second.use);
    }
    Bucket& b = it->second;
    if (!fresh) {
        const double elapsed = std::max(0.0, std::chrono::duration<double>(now - b.last).count());
        b.tokens = std::min(rule_.burst, b.tokens + elapsed * per_second);
        b.last = now;
    }
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return {true, 0};
    }
    const double wait = (1.0 - b.tokens) / per_second;
    return {false, std::max(1, static_cast<int>(std::ceil(wait)))};
}

std::size_t RateLimiter::keys() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return buckets_.size();
}

RateDecision FailureCounter::reserve(const std::string& key, TimePoint now) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (tries_.size() >= max_keys_) {  // keys with nothing in flight and nothing locked carry nothing
        for (auto it = tries_.begin(); it != tries_.end();)
            it = it->second.in_flight == 0 && now >= it->second.locked_until && now >= it->second.start + window_ &&
                         now >= it->second.day_start + std::chrono::hours(24)
                     ? tries_.erase(it)
                     : std::next(it);
    }
    auto [it, fresh] = tries_.try_emplace(key);
    Tries& t = it->second;
    if (fresh) t.start = t.day_start = now;
    if (now >= t.day_start + std::chrono::hours(24)) {
        t.day_start = now;
        t.day_failures = 0;
    }
    auto refuse = [&](TimePoint until) {
        const auto left = std::chrono::ceil<std::chrono::seconds>(until - now).count();
        return RateDecision{false, std::max(1, static_cast<int>(left))};
    };
    if (now < t.locked_until) return refuse(t.locked_until);
    if (now >= t.start + window_) {
        t.start = now;
        t.failures = 0;
    }
    if (t.failures + t.in_flight >= limit_) return refuse(t.start + window_);
    if (t.day_failures + t.in_flight >= daily_cap_) return refuse(t.day_start + std::chrono::hours(24));
    ++t.in_flight;
    return {true, 0};
}

bool FailureCounter::settle(const std::string& key, bool failed, TimePoint now) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = tries_.find(key);
    if (it == tries_.end()) return false;
    Tries& t = it->second;
    t.in_flight = std::max(0, t.in_flight - 1);
    if (!failed) return false;
    ++t.failures;
    ++t.day_failures;
    if (t.day_failures >= daily_cap_) {
        t.locked_until = t.day_start + std::chrono::hours(24);
        return true;
    }
    if (t.failures < limit_) return false;
    t.locked_until = now + window_ * (1LL << std::min(t.lockouts, 10));  // 15 min, 30 min, 1 h, …
    ++t.lockouts;
    t.failures = 0;
    t.start = t.locked_until;
    return true;
}

}  // namespace abon::server
