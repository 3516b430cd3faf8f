// abon/server/captcha.hpp — CAPTCHA challenges: the answers, their PNG images, the checks.
//
// - The answer never leaves the server in clear: token and media id are sealed (below).
// - A challenge expires after Limits::captcha_ttl, takes at most Limits::captcha_tries
//   answers, and is gone after the first correct one. Its picture (and its sound) is drawn
//   from dice sealed in it: fetched again, the same bytes, so repeats tell a reader nothing.
// - Memory: no state per issued challenge; the spent store holds at most
//   Limits::captcha_spent_max entries of ≤ kSpentEntryBytes each, expired ones leaving in
//   insertion order from a queue (no scan under the lock).
#pragma once

#include "abon/errors.hpp"
#include "abon/server/config.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace abon::server {

// Latin capitals that stay apart under distortion and that no Cyrillic letter can mean
// twice (abon::captcha_alphabet_clashes is empty): no O/Q/D (rings, О), I/J/L (strokes,
// І), S (5), F/T/R/H/Y/V (the keys under А Е К Р/Н У М, whose look-alikes are members).
inline constexpr std::string_view kCaptchaAlphabet = "ABCEGKMNPUWXZ";

std::string random_captcha_answer(int length);

class CaptchaRenderer {
public:
    explicit CaptchaRenderer(const std::filesystem::path& font_file);  // throws when unreadable
    ~CaptchaRenderer();
    CaptchaRenderer(const CaptchaRenderer&) = delete;
    CaptchaRenderer& operator=(const CaptchaRenderer&) = delete;

    // A PNG of `answer` (A–Z) with warped, rotated glyphs, crossing strokes and noise, every
    // random choice drawn from `seed`. Thread-safe: the font is only read.
    std::string render_png(std::string_view answer, const std::array<unsigned char, 32>& seed) const;

    static constexpr int kHeight = 70;
    static int width_for(std::size_t letters) { return 24 + 34 * static_cast<int>(letters); }

private:
    struct Font;
    Font* font_;
};

// [SECTION] Challenges
// A challenge is held by its client, not by the server: the token seals its expiry, its
// language and its answer under a key that lives only in this process (XSalsa20-Poly1305,
// libsodium's secretbox), and the media id seals the same under another key. Nothing is
// stored when a challenge is issued, so no flood of challenges can push out anyone's.
// The server keeps only the *spent* ones: a token whose seal holds, on its first answer,
// enters a bounded store with its tries, until its expiry. Only POSTs fill that store, and
// each needs a genuine unexpired token and passes the per-client and per-network limits.
struct IssuedChallenge {
    std::string token;       // sealed, base64url
    std::string media_id;    // the picture's and the sound's URL part, sealed apart
    int length = 0;
    int expires_in = 0;      // seconds
};

enum class CaptchaCheck {
    Correct,
    Wrong,
    Expired,  // unknown, forged, expired, solved or out of tries
    Busy,     // the spent store is full: nothing can be checked until its oldest expire
};

struct ChallengeMedia {
    std::string answer;
    Lang lang = Lang::Uk;
    std::array<unsigned char, 32> seed{};  // the rendering's dice: the same media, the same bytes
};

class CaptchaBook {
public:
    CaptchaBook(const Limits& limits, std::optional<std::string> fixed_answer, Clock clock);

    IssuedChallenge issue(Lang lang = Lang::Uk);
    // The answer behind a media id while its challenge is live (not expired, solved or out of tries).
    std::optional<ChallengeMedia> open_media(std::string_view media_id);
    CaptchaCheck check(std::string_view token, std::string_view answer);  // spends one try
    std::size_t spent() const;                 // entries in the spent store
    int busy_for_seconds() const;              // after Busy: until the oldest entry leaves

    static constexpr std::size_t kSpentEntryBytes = 64;  // measured upper bound per entry (README)

private:
    struct Sealed { std::uint64_t id; std::int64_t expires; Lang lang; std::string answer; };
    std::string seal(const std::array<unsigned char, 32>& key, const unsigned char* nonce, const Sealed& what) const;
    std::optional<Sealed> open(const std::array<unsigned char, 32>& key, std::string_view text) const;
    void prune_locked(std::int64_t now);
    bool live_locked(std::uint64_t id) const;

    struct Spent { std::uint32_t expires; std::uint8_t tries; bool solved; };  // 8 bytes
    Limits limits_;
    std::optional<std::string> fixed_;
    Clock clock_;
    std::array<unsigned char, 32> token_key_{}, media_key_{};
    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, Spent> spent_;                 // by the nonce's first 8 bytes
    std::deque<std::pair<std::int64_t, std::uint64_t>> spent_order_; // (expires, id), in insertion order
};

}  // namespace abon::server
