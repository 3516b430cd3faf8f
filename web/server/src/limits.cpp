#include "abon/server/limits.hpp"

#include <algorithm>
#include <cmath>

namespace abon::server {

RateDecision RateLimiter::take(const std::string& key, std::chrono::system_clock::time_point now) {
    const double per_second = rule_.per_minute / 60.0;
    std::lock_guard<std::mutex> lock(mutex_);
    if (buckets_.size() >= max_keys_) {
        // Full buckets carry no state worth keeping.
        for (auto it = buckets_.begin(); it != buckets_.end();) {
            const double elapsed = std::chrono::duration<double>(now - it->second.last).count();
            it = it->second.tokens + elapsed * per_second >= rule_.burst ? buckets_.erase(it) : std::next(it);
        }
        if (buckets_.size() >= max_keys_) buckets_.clear();  // under attack: forget, stay bounded
    }
    auto [it, fresh] = buckets_.try_emplace(key, Bucket{rule_.burst, now});
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

RateDecision FailureCounter::check(const std::string& key, std::chrono::system_clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = windows_.find(key);
    if (it == windows_.end()) return {true, 0};
    const auto ends = it->second.start + window_;
    if (now >= ends) {
        windows_.erase(it);
        return {true, 0};
    }
    if (it->second.failures < limit_) return {true, 0};
    const auto left = std::chrono::ceil<std::chrono::seconds>(ends - now).count();
    return {false, std::max(1, static_cast<int>(left))};
}

void FailureCounter::record(const std::string& key, std::chrono::system_clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (windows_.size() >= max_keys_) {
        for (auto it = windows_.begin(); it != windows_.end();)
            it = now >= it->second.start + window_ ? windows_.erase(it) : std::next(it);
    }
    auto [it, fresh] = windows_.try_emplace(key, Window{0, now});
    if (!fresh && now >= it->second.start + window_) it->second = Window{0, now};
    ++it->second.failures;
}

}  // namespace abon::server
