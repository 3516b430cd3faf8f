// The spoken challenge: SSML to espeak-ng's stdin-less command line, its WAV read back,
// resampled, noised and written as 8-bit PCM.
#include "abon/server/captcha_audio.hpp"

#include "abon/captcha.hpp"
#include "abon/ui_text.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>

extern char** environ;

namespace abon::server {
namespace {

constexpr std::size_t kMaxProgramOutput = 8u << 20;  // 8 MiB: a minute and a half of espeak's 22 kHz
constexpr auto kProgramDeadline = std::chrono::seconds(10);

// The challenge's dice (as the picture's): ChaCha20 from its seed, under another label.
class Dice {
public:
    explicit Dice(const std::array<unsigned char, 32>& seed) {
        unsigned char key[32];
        crypto_generichash(key, sizeof key, seed.data(), seed.size(), reinterpret_cast<const unsigned char*>("voice"), 5);
        randombytes_buf_deterministic(pool_.data(), pool_.size() * sizeof(std::uint32_t), key);
    }
    double between(double lo, double hi) { return lo + (hi - lo) * (static_cast<double>(pool_[used_++ % pool_.size()] >> 8) / (1u << 24)); }
    int integer(int lo, int hi) { return std::min(hi, static_cast<int>(between(lo, hi + 1))); }

private:
    std::array<std::uint32_t, 4096> pool_{};
    std::size_t used_ = 0;
};

std::uint32_t read_le(const std::string& b, std::size_t at, int bytes) {
    std::uint32_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
    return v;
}

void write_le(std::string& out, std::uint32_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>(v >> (8 * i) & 0xff));
}

// 16-bit mono PCM samples of a WAV as espeak-ng writes it to a pipe (its data size unknown,
// so the data chunk runs to the end), and its rate.
std::optional<std::pair<std::vector<std::int16_t>, int>> pcm16(const std::string& wav) {
    if (wav.size() < 44 || wav.compare(0, 4, "RIFF") != 0 || wav.compare(8, 4, "WAVE") != 0) return std::nullopt;
    int rate = 0, channels = 0, bits = 0;
    std::size_t at = 12;
    while (at + 8 <= wav.size()) {
        const std::uint32_t size = read_le(wav, at + 4, 4);
        if (wav.compare(at, 4, "fmt ") == 0 && at + 24 <= wav.size()) {
            channels = static_cast<int>(read_le(wav, at + 10, 2));
            rate = static_cast<int>(read_le(wav, at + 12, 4));
            bits = static_cast<int>(read_le(wav, at + 22, 2));
        } else if (wav.compare(at, 4, "data") == 0) {
            if (channels != 1 || bits != 16 || rate < 8000) return std::nullopt;
            const std::size_t end = std::min<std::size_t>(wav.size(), at + 8 + std::min<std::size_t>(size, wav.size()));
            std::vector<std::int16_t> samples((end - at - 8) / 2);
            std::memcpy(samples.data(), wav.data() + at + 8, samples.size() * 2);
            return std::make_pair(std::move(samples), rate);
        }
        at += 8 + size + (size & 1);
    }
    return std::nullopt;
}

std::string signed_percent(int v) { return (v >= 0 ? "+" : "") + std::to_string(v) + "%"; }

std::string ssml_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '&') out += "&amp;";
        else out += c;
    }
    return out;
}

}  // namespace

CaptchaVoice::CaptchaVoice(std::string program) : program_(std::move(program)) {
    available_ = !program_.empty() && run({"--version"}).has_value();
}

std::optional<std::string> CaptchaVoice::run(const std::vector<std::string>& args) const {
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) return std::nullopt;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    std::vector<char*> argv{const_cast<char*>(program_.c_str())};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, program_.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    if (spawned != 0) {
        ::close(out[0]);
        return std::nullopt;
    }
    std::string bytes;
    bool complete = false;
    const auto deadline = std::chrono::steady_clock::now() + kProgramDeadline;
    char buf[65536];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd p{out[0], POLLIN, 0};
        if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
        const ssize_t n = ::read(out[0], buf, sizeof buf);
        if (n == 0) complete = true;
        if (n <= 0 || bytes.size() + static_cast<std::size_t>(n) > kMaxProgramOutput) break;
        bytes.append(buf, static_cast<std::size_t>(n));
    }
    ::close(out[0]);
    if (!complete) ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!complete || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
    return bytes;
}

std::optional<std::string> CaptchaVoice::render_wav(std::string_view answer, Lang lang,
                                                    const std::array<unsigned char, 32>& seed) const {
    if (!available_ || answer.empty()) return std::nullopt;
    Dice dice(seed);
    static constexpr const char* kVariants[] = {"m1", "m2", "m3", "m4", "m7", "f1", "f2", "f4"};
    const std::string voice = std::string(lang == Lang::En ? "en" : "uk") + "+" + kVariants[dice.integer(0, 7)];
    // Two passes over the letters, each letter with its own pitch and speed, pauses apart.
    std::string ssml = "<speak>" + ssml_escape(ui::text(ui::Text::CaptchaSpoken, lang));
    for (int pass = 0; pass < 2; ++pass) {
        if (pass == 1) ssml += "<break time=\"1200ms\"/>" + ssml_escape(ui::text(ui::Text::CaptchaSpokenAgain, lang));
        for (const char letter : answer) {
            ssml += "<break time=\"" + std::to_string(dice.integer(550, 950)) + "ms\"/><prosody pitch=\"" +
                    signed_percent(dice.integer(-25, 25)) + "\" rate=\"" + std::to_string(dice.integer(75, 100)) + "%\">" +
                    ssml_escape(captcha_letter_name(letter, lang)) + "</prosody>";
        }
    }
    ssml += "</speak>";
    const auto wav = run({"-m", "-v", voice, "-s", std::to_string(dice.integer(125, 155)), "-p",
                          std::to_string(dice.integer(35, 65)), "--stdout", ssml});
    if (!wav) return std::nullopt;
    const auto pcm = pcm16(*wav);
    if (!pcm || pcm->first.empty()) return std::nullopt;

    // To 11 025 Hz (the mean of the samples each output sample spans: a crude low-pass),
    // light noise at about -34 dB of full scale, then 8-bit unsigned PCM.
    const auto& [in, rate] = *pcm;
    const double step = static_cast<double>(rate) / kSampleRate;
    const double noise = dice.between(500, 900);
    std::string data;
    for (double pos = 0; pos + step <= static_cast<double>(in.size()); pos += step) {
        double sum = 0;
        int n = 0;
        for (auto i = static_cast<std::size_t>(pos); i < static_cast<std::size_t>(pos + step) && i < in.size(); ++i, ++n)
            sum += in[i];
        const double v = (n ? sum / n : 0) + noise * (dice.between(-1, 1) + dice.between(-1, 1)) / 2;
        data.push_back(static_cast<char>(std::clamp(std::lround(v / 256.0) + 128, 0L, 255L)));
    }
    std::string out = "RIFF";
    write_le(out, static_cast<std::uint32_t>(36 + data.size()), 4);
    out += "WAVEfmt ";
    write_le(out, 16, 4);
    write_le(out, 1, 2);  // PCM
    write_le(out, 1, 2);  // mono
    write_le(out, kSampleRate, 4);
    write_le(out, kSampleRate, 4);  // bytes per second
    write_le(out, 1, 2);  // block
    write_le(out, 8, 2);  // bits
    out += "data";
    write_le(out, static_cast<std::uint32_t>(data.size()), 4);
    out += data;
    if (data.size() & 1) out.push_back('\0');
    return out;
}

}  // namespace abon::server
