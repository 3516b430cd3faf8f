// abon/server/captcha.hpp — CAPTCHA challenges: the answers, their PNG images, the checks.
//
// - The answer never leaves the server: the token is an opaque random id, the image URL
//   another one, and the answer lives only in this process's memory.
// - A challenge expires after Limits::captcha_ttl, takes at most Limits::captcha_tries
//   answers, and is gone after the first correct one. Its image is served once.
// - One client holds at most Limits::captcha_per_client_live challenges (a new one retires
//   that client's oldest), so a flood from one address pushes out only its own. Expired
//   ones leave in issue order from a queue: no scan of the whole book under the lock.
#pragma once

#include "abon/server/config.hpp"

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace abon::server {

// Latin capitals that stay apart under distortion: no I/J/L (strokes), O/Q/D (rings),
// B/S/Z (digit-like), U/V (one shape).
inline constexpr std::string_view kCaptchaAlphabet = "ACEFGHKMNPRTWXY";

std::string random_captcha_answer(int length);

class CaptchaRenderer {
public:
    explicit CaptchaRenderer(const std::filesystem::path& font_file);  // throws when unreadable
    ~CaptchaRenderer();
    CaptchaRenderer(const CaptchaRenderer&) = delete;
    CaptchaRenderer& operator=(const CaptchaRenderer&) = delete;

    // A PNG of `answer` (A–Z) with warped, rotated glyphs, crossing strokes and noise.
    // Thread-safe: the font is only read.
    std::string render_png(std::string_view answer) const;

    static constexpr int kHeight = 70;
    static int width_for(std::size_t letters) { return 24 + 34 * static_cast<int>(letters); }

private:
    struct Font;
    Font* font_;
};

struct IssuedChallenge {
    std::string token;       // opaque, 256 bits
    std::string image_id;    // the image's URL part, another random id
    int length = 0;
    int expires_in = 0;      // seconds
};

enum class CaptchaCheck { Correct, Wrong, Expired };  // Expired: unknown, expired or used up

class CaptchaBook {
public:
    CaptchaBook(const Limits& limits, std::optional<std::string> fixed_answer, Clock clock)
        : limits_(limits), fixed_(std::move(fixed_answer)), clock_(std::move(clock)) {}

    IssuedChallenge issue(const std::string& client);  // client: the rate limiter's key
    std::optional<std::string> take_image_answer(std::string_view image_id);  // once per challenge
    CaptchaCheck check(std::string_view token, std::string_view answer);      // spends one try
    std::size_t live() const;

private:
    struct Challenge {
        std::string answer;
        std::string image_id;
        std::chrono::system_clock::time_point expires;
        int tries_left;
        bool image_served;
        std::string client;
    };
    struct Queued { std::chrono::system_clock::time_point expires; std::string token; };
    void prune_locked(std::chrono::system_clock::time_point now);
    void forget_locked(std::unordered_map<std::string, Challenge>::iterator it);

    Limits limits_;
    std::optional<std::string> fixed_;
    Clock clock_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Challenge> by_token_;
    std::unordered_map<std::string, std::string> token_by_image_;
    std::deque<Queued> by_age_;                                   // every issued token, oldest first
    struct ClientShare { std::size_t live = 0; std::deque<std::string> tokens; };
    std::unordered_map<std::string, ClientShare> by_client_;      // clients with a live challenge
};

}  // namespace abon::server
