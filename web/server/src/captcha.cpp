// CAPTCHA answers, images and checks. The image is drawn here, from a Debian font, with
// stb_truetype (glyphs) and stb_image_write (PNG); libstb carries both implementations.
#include "abon/server/captcha.hpp"

#include "abon/server/secrets.hpp"

#include <stb_image_write.h>
#include <stb_truetype.h>

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

struct CaptchaRenderer::Font {
    std::vector<unsigned char> data;
    stbtt_fontinfo info{};
};

CaptchaRenderer::CaptchaRenderer(const std::filesystem::path& font_file) : font_(new Font) {
    std::ifstream in(font_file, std::ios::binary);
    font_->data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (font_->data.empty() || !stbtt_InitFont(&font_->info, font_->data.data(), 0)) {
        delete font_;
        throw std::runtime_error("cannot load the CAPTCHA font " + font_file.string());
    }
}

CaptchaRenderer::~CaptchaRenderer() { delete font_; }

namespace {

double between(double lo, double hi) { return lo + (hi - lo) * random_unit(); }

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

void draw_glyph(Canvas& c, const stbtt_fontinfo& font, char letter, double cx, double cy) {
    const float scale = stbtt_ScaleForPixelHeight(&font, static_cast<float>(between(40, 50)));
    int gw = 0, gh = 0, xo = 0, yo = 0;
    unsigned char* bitmap = stbtt_GetCodepointBitmap(&font, 0, scale, letter, &gw, &gh, &xo, &yo);
    if (!bitmap) return;
    Canvas glyph(gw, gh);
    for (int i = 0; i < gw * gh; ++i) glyph.ink[static_cast<std::size_t>(i)] = bitmap[i] / 255.0f;
    stbtt_FreeBitmap(bitmap, nullptr);

    const double angle = between(-0.4, 0.4), shear = between(-0.3, 0.3);
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

Canvas warp(const Canvas& in) {
    Canvas out(in.w, in.h);
    const double ax = between(2, 4), fx = between(0.08, 0.16), px = between(0, 6.3);
    const double ay = between(3, 5), fy = between(0.03, 0.06), py = between(0, 6.3);
    for (int y = 0; y < in.h; ++y)
        for (int x = 0; x < in.w; ++x)
            out.at(x, y) = in.sample(x + ax * std::sin(y * fx + px), y + ay * std::sin(x * fy + py));
    return out;
}

void draw_stroke(Canvas& c) {  // a wavy line through the letters, as thick as their stems
    const double y0 = between(c.h * 0.35, c.h * 0.65), amp = between(6, 14);
    const double freq = between(0.02, 0.05), phase = between(0, 6.3), half = between(1.0, 1.8);
    for (int x = 0; x < c.w; ++x) {
        const double yc = y0 + amp * std::sin(x * freq + phase);
        for (int y = static_cast<int>(yc - half - 1); y <= static_cast<int>(yc + half + 1); ++y) {
            if (y < 0 || y >= c.h) continue;
            const double cover = std::clamp(half + 0.5 - std::abs(y - yc), 0.0, 1.0);
            c.at(x, y) = std::max(c.at(x, y), static_cast<float>(cover));
        }
    }
}

void add_noise(Canvas& c) {
    const int specks = c.w * c.h / 22;
    for (int i = 0; i < specks; ++i) {
        const int x = static_cast<int>(random_below(static_cast<std::uint32_t>(c.w)));
        const int y = static_cast<int>(random_below(static_cast<std::uint32_t>(c.h)));
        c.at(x, y) = random_below(3) == 0 ? 0.0f : static_cast<float>(between(0.4, 1.0));
    }
}

}  // namespace

std::string CaptchaRenderer::render_png(std::string_view answer) const {
    const int w = width_for(answer.size()), h = kHeight;
    Canvas canvas(w, h);
    const double step = (w - 24.0) / static_cast<double>(std::max<std::size_t>(1, answer.size()));
    for (std::size_t i = 0; i < answer.size(); ++i)
        draw_glyph(canvas, font_->info, answer[i], 12 + step * (static_cast<double>(i) + 0.5) + between(-4, 4),
                   h / 2.0 + between(-6, 6));
    canvas = warp(canvas);
    draw_stroke(canvas);
    draw_stroke(canvas);
    add_noise(canvas);

    // Paper with a soft random tint, ink in one dark random colour.
    const double fg[3] = {between(10, 80), between(10, 80), between(40, 110)};
    const double bg0[3] = {between(225, 250), between(225, 250), between(225, 250)};
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

IssuedChallenge CaptchaBook::issue(const std::string& client) {
    const auto now = clock_();
    IssuedChallenge out;
    out.token = random_base64url(32);
    out.image_id = random_hex(16);
    out.length = limits_.captcha_length;
    out.expires_in = static_cast<int>(limits_.captcha_ttl.count());
    Challenge c{fixed_ ? *fixed_ : random_captcha_answer(limits_.captcha_length), out.image_id,
                now + limits_.captcha_ttl, limits_.captcha_tries, false, client};
    std::lock_guard<std::mutex> lock(mutex_);
    prune_locked(now);
    for (;;) {  // the client's own oldest retire first
        const auto share = by_client_.find(client);
        if (share == by_client_.end() || share->second.live < std::max<std::size_t>(1, limits_.captcha_per_client_live) ||
            share->second.tokens.empty())
            break;
        const auto it = by_token_.find(share->second.tokens.front());
        share->second.tokens.pop_front();
        if (it != by_token_.end()) forget_locked(it);
    }
    while (by_token_.size() >= limits_.captcha_max_live && !by_age_.empty()) {  // still full: the oldest goes
        const auto it = by_token_.find(by_age_.front().token);
        by_age_.pop_front();
        if (it != by_token_.end()) forget_locked(it);
    }
    ClientShare& mine = by_client_[client];
    mine.tokens.push_back(out.token);
    ++mine.live;
    by_age_.push_back({c.expires, out.token});
    token_by_image_.emplace(out.image_id, out.token);
    by_token_.emplace(out.token, std::move(c));
    return out;
}

void CaptchaBook::forget_locked(std::unordered_map<std::string, Challenge>::iterator it) {
    if (const auto share = by_client_.find(it->second.client); share != by_client_.end() && --share->second.live == 0)
        by_client_.erase(share);
    token_by_image_.erase(it->second.image_id);
    by_token_.erase(it);
}

// The queue is in issue order, which is expiry order (one TTL for all): only its head is looked at.
void CaptchaBook::prune_locked(std::chrono::system_clock::time_point now) {
    while (!by_age_.empty() && (by_age_.front().expires <= now || !by_token_.count(by_age_.front().token))) {
        const auto it = by_token_.find(by_age_.front().token);
        if (it != by_token_.end() && it->second.expires <= now) forget_locked(it);
        by_age_.pop_front();
    }
}

std::optional<std::string> CaptchaBook::take_image_answer(std::string_view image_id) {
    const auto now = clock_();
    std::lock_guard<std::mutex> lock(mutex_);
    const auto img = token_by_image_.find(std::string(image_id));
    if (img == token_by_image_.end()) return std::nullopt;
    const auto it = by_token_.find(img->second);
    token_by_image_.erase(img);
    if (it == by_token_.end() || it->second.image_served || now >= it->second.expires) return std::nullopt;
    it->second.image_served = true;
    return it->second.answer;
}

CaptchaCheck CaptchaBook::check(std::string_view token, std::string_view answer) {
    const auto now = clock_();
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = by_token_.find(std::string(token));
    if (it == by_token_.end()) return CaptchaCheck::Expired;
    Challenge& c = it->second;
    auto forget = [&] { forget_locked(it); };
    if (now >= c.expires) {
        forget();
        return CaptchaCheck::Expired;
    }
    const bool correct = equal_in_constant_time(answer, c.answer);
    if (correct || --c.tries_left <= 0) forget();
    return correct ? CaptchaCheck::Correct : CaptchaCheck::Wrong;
}

std::size_t CaptchaBook::live() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return by_token_.size();
}

}  // namespace abon::server
