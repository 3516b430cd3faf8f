// abon-captcha-ocr: how often an off-the-shelf OCR reads fresh CAPTCHA pictures (spec §7's
// "Tesseract 5 reading fresh CAPTCHA pictures ≤ 1 of 200"). Each picture is drawn as the
// demo endpoint draws it (random answer, fresh dice), cleaned as an attacker would clean it
// (3× upscale, grey, Otsu threshold, 3×3 median) and read by Debian's `tesseract` program
// in page modes 7 (one line) and 8 (one word) with an A–Z whitelist.
//   abon-captcha-ocr [COUNT=200] [FONT]  → one JSON object on stdout
#include "abon/server/captcha.hpp"
#include "abon/server/secrets.hpp"

#include <stb_image.h>
#include <stb_image_write.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

// The picture cleaned for OCR: a 0/255 grey PNG, 3× the size.
std::string cleaned_png(const std::string& png) {
    int w = 0, h = 0, n = 0;
    unsigned char* rgb = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(png.data()),
                                               static_cast<int>(png.size()), &w, &h, &n, 1);
    if (!rgb) return {};
    const int W = 3 * w, H = 3 * h;
    std::vector<unsigned char> big(static_cast<std::size_t>(W * H));
    for (int y = 0; y < H; ++y)  // bilinear
        for (int x = 0; x < W; ++x) {
            const double sx = std::min(w - 1.0, std::max(0.0, (x + 0.5) / 3 - 0.5));
            const double sy = std::min(h - 1.0, std::max(0.0, (y + 0.5) / 3 - 0.5));
            const int x0 = static_cast<int>(sx), y0 = static_cast<int>(sy);
            const int x1 = std::min(w - 1, x0 + 1), y1 = std::min(h - 1, y0 + 1);
            const double fx = sx - x0, fy = sy - y0;
            const double v = (rgb[y0 * w + x0] * (1 - fx) + rgb[y0 * w + x1] * fx) * (1 - fy) +
                             (rgb[y1 * w + x0] * (1 - fx) + rgb[y1 * w + x1] * fx) * fy;
            big[static_cast<std::size_t>(y * W + x)] = static_cast<unsigned char>(v);
        }
    stbi_image_free(rgb);
    std::array<double, 256> hist{};  // Otsu's threshold
    for (unsigned char v : big) ++hist[v];
    double total = 0, sum_all = 0;
    for (int i = 0; i < 256; ++i) { total += hist[i]; sum_all += i * hist[i]; }
    double best = -1, wb = 0, sb = 0;
    int threshold = 128;
    for (int t = 0; t < 256; ++t) {
        wb += hist[t];
        sb += t * hist[t];
        if (wb == 0 || wb == total) continue;
        const double mb = sb / wb, mf = (sum_all - sb) / (total - wb);
        const double between = wb * (total - wb) * (mb - mf) * (mb - mf);
        if (between > best) { best = between; threshold = t; }
    }
    std::vector<unsigned char> bw(big.size()), out(big.size());
    for (std::size_t i = 0; i < big.size(); ++i) bw[i] = big[i] > threshold ? 255 : 0;
    for (int y = 0; y < H; ++y)
        for (int x = 0; x < W; ++x) {
            int dark = 0;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const int xx = std::clamp(x + dx, 0, W - 1), yy = std::clamp(y + dy, 0, H - 1);
                    dark += bw[static_cast<std::size_t>(yy * W + xx)] == 0;
                }
            out[static_cast<std::size_t>(y * W + x)] = dark >= 5 ? 0 : 255;
        }
    std::string result;
    stbi_write_png_to_func(
        [](void* ctx, void* data, int size) { static_cast<std::string*>(ctx)->append(static_cast<char*>(data), static_cast<std::size_t>(size)); },
        &result, W, H, 1, out.data(), W);
    return result;
}

std::string tesseract(const std::filesystem::path& image, int psm) {
    const std::string cmd = "tesseract '" + image.string() + "' stdout --psm " + std::to_string(psm) +
                            " -c tessedit_char_whitelist=ABCDEFGHIJKLMNOPQRSTUVWXYZ 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
    std::string text;
    char buf[256];
    while (p && fgets(buf, sizeof buf, p.get())) text += buf;
    text.erase(std::remove_if(text.begin(), text.end(), [](char c) { return c < 'A' || c > 'Z'; }), text.end());
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    const int count = argc > 1 ? std::max(1, std::atoi(argv[1])) : 200;
    const std::string font = argc > 2 ? argv[2] : abon::server::ServerConfig{}.font_file.string();
    abon::server::init_sodium();
    const abon::server::CaptchaRenderer renderer(font);
    const auto dir = std::filesystem::temp_directory_path() / ("abon-ocr-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    int exact7 = 0, exact8 = 0, either = 0, right_length = 0;
    for (int i = 0; i < count; ++i) {
        const std::string answer = abon::server::random_captcha_answer(5);
        std::array<unsigned char, 32> seed{};
        for (auto& b : seed) b = static_cast<unsigned char>(abon::server::random_below(256));
        const auto file = dir / "c.png";
        std::ofstream(file, std::ios::binary) << cleaned_png(renderer.render_png(answer, seed));
        if (i < 3) std::filesystem::copy_file(file, dir / ("sample-" + std::to_string(i) + "-" + answer + ".png"));
        const std::string r7 = tesseract(file, 7), r8 = tesseract(file, 8);
        exact7 += r7 == answer;
        exact8 += r8 == answer;
        either += r7 == answer || r8 == answer;
        right_length += r7.size() == answer.size() || r8.size() == answer.size();
    }
    std::filesystem::remove(dir / "c.png");
    std::cout << "{\"pictures\": " << count << ", \"exact_psm7\": " << exact7 << ", \"exact_psm8\": " << exact8
              << ", \"exact_either\": " << either << ", \"right_length\": " << right_length << ", \"samples\": \""
              << dir.string() << "\"}\n";
    return 0;
}
