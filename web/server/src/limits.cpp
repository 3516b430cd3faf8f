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

namespace {
constexpr auto kDay = std::chrono::hours(24);
std::string pair_key(const std::string& account, const std::string& network) { return account + " " + network; }
}  // namespace

// The queue is in birth order and every entry lives 24 h: only its head is looked at. A key
// forgotten and made again has a newer birth than its old queue record, which is skipped.
void FailureCounter::make_room_locked(TimePoint now, std::size_t wanted) {
    auto forget_head = [&] {
        const auto it = tries_.find(by_birth_.front().second);
        if (it != tries_.end() && it->second.born == by_birth_.front().first) tries_.erase(it);
        by_birth_.pop_front();
    };
    while (!by_birth_.empty() && by_birth_.front().first + kDay <= now) forget_head();
    while (tries_.size() + wanted > policy_.max_entries && !by_birth_.empty()) forget_head();
}

FailureCounter::Tries& FailureCounter::entry_locked(const std::string& key, TimePoint now) {
    const auto [it, fresh] = tries_.try_emplace(key);
    if (fresh) {
        it->second.born = it->second.start = now;
        by_birth_.emplace_back(now, key);
    }
    return it->second;
}

RateDecision FailureCounter::reserve(const std::string& account, const std::string& network, TimePoint now) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto refuse = [&](TimePoint until) {
        const auto left = std::chrono::ceil<std::chrono::seconds>(until - now).count();
        return RateDecision{false, std::max(1, static_cast<int>(left))};
    };
    make_room_locked(now, 2);  // before any reference is taken: it may erase
    Tries& day = entry_locked(account, now);
    if (day.failures + day.in_flight >= policy_.daily) return refuse(day.born + kDay);
    Tries& net = entry_locked(pair_key(account, network), now);
    if (now < net.locked_until) return refuse(net.locked_until);
    if (now >= net.start + policy_.window) {
        net.start = now;
        net.failures = 0;
    }
    if (net.failures + net.in_flight >= policy_.per_network) return refuse(net.start + policy_.window);
    ++day.in_flight;
    ++net.in_flight;
    return {true, 0};
}

bool FailureCounter::settle(const std::string& account, const std::string& network, bool failed, TimePoint now) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto day = tries_.find(account), net = tries_.find(pair_key(account, network));
    if (day != tries_.end()) day->second.in_flight = std::max(0, day->second.in_flight - 1);
    if (net != tries_.end()) net->second.in_flight = std::max(0, net->second.in_flight - 1);
    if (!failed) return false;
    bool locked = false;
    if (day != tries_.end()) locked = ++day->second.failures == policy_.daily;
    if (net != tries_.end()) {
        Tries& t = net->second;
        if (++t.failures >= policy_.per_network) {
            t.locked_until = now + policy_.window * (1LL << std::min(t.lockouts, 10));  // 15 min, 30 min, 1 h, …
            ++t.lockouts;
            t.failures = 0;
            t.start = t.locked_until;
            locked = true;
        }
    }
    return locked;
}

std::size_t FailureCounter::entries() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return tries_.size();
}

}  // namespace abon::server
