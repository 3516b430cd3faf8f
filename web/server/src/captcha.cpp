// CAPTCHA answers, images and checks. The image is drawn here, from a Debian font, with
// stb_truetype (glyphs) and stb_image_write (PNG); libstb carries both implementations.
#include "abon/server/captcha.hpp"

#include "abon/server/secrets.hpp"

#include <stb_image_write.h>
#include <stb_truetype.h>
#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace abon::server {

std::string random_captcha_answer(int length) {
    std::string answer;
    for (int i = 0; i < length; ++i)
        answer += kCaptchaAlphabet[random_below(static_cast<std::uint32_t>(kCaptchaAlphabet.size()))];
    return answer;
}

// [SECTION] Rendering

// The given face, and the serif and monospaced bold faces beside it where they are (Debian's
// fonts-dejavu-core has all three): each letter is drawn in one of them, so an OCR trained
// on one shape meets three.
struct CaptchaRenderer::Font {
    std::vector<std::vector<unsigned char>> data;  // each face's bytes (stbtt points into them)
    std::vector<stbtt_fontinfo> faces;
    bool add(const std::filesystem::path& file) {
        std::ifstream in(file, std::ios::binary);
        std::vector<unsigned char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        stbtt_fontinfo info{};
        if (bytes.empty() || !stbtt_InitFont(&info, bytes.data(), 0)) return false;
        data.push_back(std::move(bytes));  // the buffer moves with the vector, not its bytes
        faces.push_back(info);
        return true;
    }
};

CaptchaRenderer::CaptchaRenderer(const std::filesystem::path& font_file) : font_(new Font) {
    if (!font_->add(font_file)) {
        delete font_;
        throw std::runtime_error("cannot load the CAPTCHA font " + font_file.string());
    }
    for (const char* sibling : {"DejaVuSerif-Bold.ttf", "DejaVuSansMono-Bold.ttf"})
        if (font_file.filename() != sibling) font_->add(font_file.parent_path() / sibling);
}

CaptchaRenderer::~CaptchaRenderer() { delete font_; }

namespace {

// Every random choice of one rendering, drawn from its seed (ChaCha20 through libsodium's
// randombytes_buf_deterministic): the same challenge always gives the same picture.
class Dice {
public:
    explicit Dice(const std::array<unsigned char, 32>& seed) : pool_(kWords) {
        randombytes_buf_deterministic(pool_.data(), pool_.size() * sizeof(std::uint32_t), seed.data());
    }
    double unit() { return static_cast<double>(next() >> 8) / static_cast<double>(1u << 24); }  // [0, 1)
    double between(double lo, double hi) { return lo + (hi - lo) * unit(); }
    std::uint32_t below(std::uint32_t bound) { return static_cast<std::uint32_t>(unit() * bound); }

private:
    static constexpr std::size_t kWords = 1 << 15;  // more than the largest picture draws; then it wraps
    std::uint32_t next() { return pool_[used_++ % kWords]; }
    std::vector<std::uint32_t> pool_;
    std::size_t used_ = 0;
};

// A grey-scale coverage canvas, 0 (paper) to 1 (ink).
struct Canvas {
    int w, h;
    std::vector<float> ink;
    Canvas(int width, int height) : w(width), h(height), ink(static_cast<std::size_t>(width * height), 0.0f) {}
    float& at(int x, int y) { return ink[static_cast<std::size_t>(y * w + x)]; }
    float sample(double x, double y) const {  // bilinear, paper outside
        const int x0 = static_cast<int>(std::floor(x)), y0 = static_cast<int>(std::floor(y));
        const double fx = x - x0, fy = y - y0;
        auto px = [&](int xx, int yy) -> double {
            if (xx < 0 || yy < 0 || xx >= w || yy >= h) return 0.0;
            return ink[static_cast<std::size_t>(yy * w + xx)];
        };
        return static_cast<float>((px(x0, y0) * (1 - fx) + px(x0 + 1, y0) * fx) * (1 - fy) +
                                  (px(x0, y0 + 1) * (1 - fx) + px(x0 + 1, y0 + 1) * fx) * fy);
    }
};

void draw_glyph(Canvas& c, const stbtt_fontinfo& font, char letter, double cx, double cy, Dice& dice) {
    const float scale = stbtt_ScaleForPixelHeight(&font, static_cast<float>(dice.between(40, 50)));
    int gw = 0, gh = 0, xo = 0, yo = 0;
    unsigned char* bitmap = stbtt_GetCodepointBitmap(&font, 0, scale, letter, &gw, &gh, &xo, &yo);
    if (!bitmap) return;
    Canvas glyph(gw, gh);
    for (int i = 0; i < gw * gh; ++i) glyph.ink[static_cast<std::size_t>(i)] = bitmap[i] / 255.0f;
    stbtt_FreeBitmap(bitmap, nullptr);

    const double angle = dice.between(-0.4, 0.4), shear = dice.between(-0.3, 0.3);
    const double cs = std::cos(angle), sn = std::sin(angle);
    const int reach = static_cast<int>(0.8 * std::max(gw, gh)) + 2;
    for (int y = static_cast<int>(cy) - reach; y <= static_cast<int>(cy) + reach; ++y) {
        for (int x = static_cast<int>(cx) - reach; x <= static_cast<int>(cx) + reach; ++x) {
            if (x < 0 || y < 0 || x >= c.w || y >= c.h) continue;
            const double dx = x - cx, dy = y - cy;
            double sx = cs * dx + sn * dy;
            const double sy = -sn * dx + cs * dy;
            sx -= shear * sy;
            const float v = glyph.sample(sx + gw / 2.0, sy + gh / 2.0);
            c.at(x, y) = std::max(c.at(x, y), v);
        }
    }
}

Canvas warp(const Canvas& in, Dice& dice) {
    Canvas out(in.w, in.h);
    const double ax = dice.between(2, 4), fx = dice.between(0.08, 0.16), px = dice.between(0, 6.3);
    const double ay = dice.between(3, 5), fy = dice.between(0.03, 0.06), py = dice.between(0, 6.3);
    for (int y = 0; y < in.h; ++y)
        for (int x = 0; x < in.w; ++x)
            out.at(x, y) = in.sample(x + ax * std::sin(y * fx + px), y + ay * std::sin(x * fy + py));
    return out;
}

void draw_stroke(Canvas& c, Dice& dice) {  // a wavy line through the letters, as thick as their stems
    const double y0 = dice.between(c.h * 0.35, c.h * 0.65), amp = dice.between(6, 14);
    const double freq = dice.between(0.02, 0.05), phase = dice.between(0, 6.3), half = dice.between(1.0, 1.8);
    for (int x = 0; x < c.w; ++x) {
        const double yc = y0 + amp * std::sin(x * freq + phase);
        for (int y = static_cast<int>(yc - half - 1); y <= static_cast<int>(yc + half + 1); ++y) {
            if (y < 0 || y >= c.h) continue;
            const double cover = std::clamp(half + 0.5 - std::abs(y - yc), 0.0, 1.0);
            c.at(x, y) = std::max(c.at(x, y), static_cast<float>(cover));
        }
    }
}

void add_noise(Canvas& c, Dice& dice) {
    const int specks = c.w * c.h / 22;
    for (int i = 0; i < specks; ++i) {
        const int x = static_cast<int>(dice.below(static_cast<std::uint32_t>(c.w)));
        const int y = static_cast<int>(dice.below(static_cast<std::uint32_t>(c.h)));
        c.at(x, y) = dice.below(3) == 0 ? 0.0f : static_cast<float>(dice.between(0.4, 1.0));
    }
}

}  // namespace

std::string CaptchaRenderer::render_png(std::string_view answer, const std::array<unsigned char, 32>& seed) const {
    Dice dice(seed);
    const int w = width_for(answer.size()), h = kHeight;
    Canvas canvas(w, h);
    const double step = (w - 24.0) / static_cast<double>(std::max<std::size_t>(1, answer.size()));
    for (std::size_t i = 0; i < answer.size(); ++i) {
        const stbtt_fontinfo& face = font_->faces[dice.below(static_cast<std::uint32_t>(font_->faces.size()))];
        draw_glyph(canvas, face, answer[i], 12 + step * (static_cast<double>(i) + 0.5) + dice.between(-4, 4),
                   h / 2.0 + dice.between(-6, 6), dice);
    }
    canvas = warp(canvas, dice);
    draw_stroke(canvas, dice);
    draw_stroke(canvas, dice);
    add_noise(canvas, dice);

    // Paper with a soft random tint, ink in one dark random colour.
    const double fg[3] = {dice.between(10, 80), dice.between(10, 80), dice.between(40, 110)};
    const double bg0[3] = {dice.between(225, 250), dice.between(225, 250), dice.between(225, 250)};
    std::vector<unsigned char> rgb(static_cast<std::size_t>(w * h * 3));
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            const double t = canvas.at(x, y), shade = 12.0 * std::sin(x * 0.05 + y * 0.09);
            for (int k = 0; k < 3; ++k) {
                const double paper = std::clamp(bg0[k] + shade, 0.0, 255.0);
                rgb[static_cast<std::size_t>((y * w + x) * 3 + k)] =
                    static_cast<unsigned char>(std::lround(paper * (1 - t) + fg[k] * t));
            }
        }
    }
    std::string png;
    stbi_write_png_to_func(
        [](void* ctx, void* data, int size) {
            static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
        },
        &png, w, h, 3, rgb.data(), w * 3);
    return png;
}

// [SECTION] Challenges

namespace {

using Key = std::array<unsigned char, 32>;
constexpr int kB64 = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
constexpr std::size_t kMaxSealedChars = 128;  // 24 + 16 + 9 + 16 bytes at most, in base64url

std::int64_t unix_seconds(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

CaptchaBook::CaptchaBook(const Limits& limits, std::optional<std::string> fixed_answer, Clock clock)
    : limits_(limits), fixed_(std::move(fixed_answer)), clock_(std::move(clock)) {
    init_sodium();
    crypto_secretbox_keygen(token_key_.data());
    crypto_secretbox_keygen(media_key_.data());
}

// nonce (24) ‖ secretbox(expires (8, big-endian) ‖ lang (1) ‖ answer), in base64url. The
// nonce's first 8 bytes name the challenge in the spent store.
std::string CaptchaBook::seal(const Key& key, const unsigned char* nonce, const Sealed& what) const {
    std::vector<unsigned char> plain;
    for (int i = 7; i >= 0; --i) plain.push_back(static_cast<unsigned char>(static_cast<std::uint64_t>(what.expires) >> (8 * i)));
    plain.push_back(what.lang == Lang::En ? 1 : 0);
    plain.insert(plain.end(), what.answer.begin(), what.answer.end());
    std::vector<unsigned char> box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size());
    std::copy(nonce, nonce + crypto_secretbox_NONCEBYTES, box.begin());
    crypto_secretbox_easy(box.data() + crypto_secretbox_NONCEBYTES, plain.data(), plain.size(), nonce, key.data());
    std::string out(sodium_base64_ENCODED_LEN(box.size(), kB64), '\0');
    sodium_bin2base64(out.data(), out.size(), box.data(), box.size(), kB64);
    out.resize(out.find('\0'));
    return out;
}

std::optional<CaptchaBook::Sealed> CaptchaBook::open(const Key& key, std::string_view text) const {
    if (text.empty() || text.size() > kMaxSealedChars) return std::nullopt;
    unsigned char box[kMaxSealedChars];
    std::size_t size = 0;
    if (sodium_base642bin(box, sizeof box, text.data(), text.size(), nullptr, &size, nullptr, kB64) != 0) return std::nullopt;
    constexpr std::size_t kHead = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
    if (size < kHead + 9) return std::nullopt;
    unsigned char plain[kMaxSealedChars];
    if (crypto_secretbox_open_easy(plain, box + crypto_secretbox_NONCEBYTES, size - crypto_secretbox_NONCEBYTES, box,
                                   key.data()) != 0)
        return std::nullopt;  // forged or of another key (a restart, or a token offered as a media id)
    Sealed s;
    s.id = 0;
    for (int i = 0; i < 8; ++i) s.id = s.id << 8 | box[i];
    std::uint64_t expires = 0;
    for (int i = 0; i < 8; ++i) expires = expires << 8 | plain[i];
    s.expires = static_cast<std::int64_t>(expires);
    s.lang = plain[8] == 1 ? Lang::En : Lang::Uk;
    s.answer.assign(reinterpret_cast<const char*>(plain + 9), size - kHead - 9);
    return s;
}

IssuedChallenge CaptchaBook::issue(Lang lang) {
    const auto now = clock_();
    Sealed what{0, unix_seconds(now + limits_.captcha_ttl), lang,
                fixed_ ? *fixed_ : random_captcha_answer(limits_.captcha_length)};
    unsigned char nonce[crypto_secretbox_NONCEBYTES];
    randombytes_buf(nonce, sizeof nonce);
    IssuedChallenge out;
    out.token = seal(token_key_, nonce, what);
    out.media_id = seal(media_key_, nonce, what);  // another key: neither can stand for the other
    sodium_memzero(what.answer.data(), what.answer.size());
    out.length = static_cast<int>(what.answer.size());
    out.expires_in = static_cast<int>(limits_.captcha_ttl.count());
    return out;
}

// The store is in insertion order and every entry leaves by its token's expiry, at most a
// TTL after it came: only the queue's head is looked at.
void CaptchaBook::prune_locked(std::int64_t now) {
    while (!spent_order_.empty() && spent_order_.front().first <= now) {
        spent_.erase(spent_order_.front().second);
        spent_order_.pop_front();
    }
}

bool CaptchaBook::live_locked(std::uint64_t id) const {
    const auto it = spent_.find(id);
    return it == spent_.end() || (!it->second.solved && it->second.tries < limits_.captcha_tries);
}

std::optional<ChallengeMedia> CaptchaBook::open_media(std::string_view media_id) {
    const auto sealed = open(media_key_, media_id);
    const std::int64_t now = unix_seconds(clock_());
    if (!sealed || sealed->expires <= now) return std::nullopt;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        prune_locked(now);
        if (!live_locked(sealed->id)) return std::nullopt;
    }
    ChallengeMedia m;
    m.answer = sealed->answer;
    m.lang = sealed->lang;
    // The dice: a keyed hash of the media id, unknowable without the key, fixed per challenge.
    crypto_generichash(m.seed.data(), m.seed.size(), reinterpret_cast<const unsigned char*>(media_id.data()),
                       media_id.size(), media_key_.data(), media_key_.size());
    return m;
}

CaptchaCheck CaptchaBook::check(std::string_view token, std::string_view answer) {
    const auto sealed = open(token_key_, token);
    const std::int64_t now = unix_seconds(clock_());
    if (!sealed || sealed->expires <= now) return CaptchaCheck::Expired;
    const bool correct = equal_in_constant_time(answer, sealed->answer);
    std::lock_guard<std::mutex> lock(mutex_);
    prune_locked(now);
    auto it = spent_.find(sealed->id);
    if (it == spent_.end()) {
        if (spent_.size() >= limits_.captcha_spent_max) return CaptchaCheck::Busy;  // never forget a spent one early
        it = spent_.emplace(sealed->id, Spent{static_cast<std::uint32_t>(sealed->expires), 0, false}).first;
        spent_order_.emplace_back(sealed->expires, sealed->id);
    }
    Spent& e = it->second;
    if (e.solved || e.tries >= limits_.captcha_tries) return CaptchaCheck::Expired;
    ++e.tries;
    e.solved = correct;
    return correct ? CaptchaCheck::Correct : CaptchaCheck::Wrong;
}

std::size_t CaptchaBook::spent() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return spent_.size();
}

int CaptchaBook::busy_for_seconds() const {
    const std::int64_t now = unix_seconds(clock_());
    std::lock_guard<std::mutex> lock(mutex_);
    if (spent_order_.empty()) return 1;
    return static_cast<int>(std::max<std::int64_t>(1, spent_order_.front().first - now));
}

}  // namespace abon::server
