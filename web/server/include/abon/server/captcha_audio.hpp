// abon/server/captcha_audio.hpp — a challenge's letters, spoken (issue 24, WCAG 2.2 SC 1.1.1).
//
// - Debian's espeak-ng speaks them as a separate program (`--stdout`): the library is GPL-3
//   and the server does not link it. Without the program the challenge has no "audio".
// - Letters are spelt one by one by name (abon::captcha_letter_name), with pauses, twice;
//   voice variant, speed, pitch per letter and pauses come from the challenge's dice, and
//   light noise is mixed in here, so two challenges never sound alike while one challenge
//   always gives the same bytes (a repeat tells a listener-bot nothing new).
// - The answer is a WAV of 8-bit PCM at 11 025 Hz: every browser plays it, ≈ 11 KB a second.
#pragma once

#include "abon/errors.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace abon::server {

class CaptchaVoice {
public:
    explicit CaptchaVoice(std::string program = "espeak-ng");  // runs `program --version` once
    bool available() const { return available_; }
    // nullopt when the program failed, took over 10 s or spoke nothing.
    std::optional<std::string> render_wav(std::string_view answer, Lang lang, const std::array<unsigned char, 32>& seed) const;

    static constexpr int kSampleRate = 11025;

private:
    std::optional<std::string> run(const std::vector<std::string>& args) const;  // its stdout
    std::string program_;
    bool available_ = false;
};

}  // namespace abon::server
