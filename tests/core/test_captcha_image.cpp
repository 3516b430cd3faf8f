#include "vectors.hpp"

#include "abon/captcha_image.hpp"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#define STBI_WRITE_NO_STDIO
#include <stb/stb_image_write.h>

using namespace abon;

namespace {

void append(void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::string png(int w, int h) {
    std::vector<unsigned char> pixels(static_cast<std::size_t>(w * h * 3));
    for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<unsigned char>(i * 7);
    std::string out;
    stbi_write_png_to_func(append, &out, w, h, 3, pixels.data(), w * 3);
    return out;
}

// A PNG whose header claims w × h but carries no real pixels.
std::string png_header_claiming(std::uint32_t w, std::uint32_t h) {
    std::string out = png(2, 2);
    auto put = [&](std::size_t at, std::uint32_t v) {
        for (int i = 0; i < 4; ++i) out[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
    };
    put(16, w);  // IHDR width and height follow the 8-byte signature and 8-byte chunk head
    put(20, h);
    return out;
}

}  // namespace

TEST_CASE("a CAPTCHA PNG decodes to RGBA pixels", "[captcha_image]") {
    const ImageResult r = decode_captcha_png(png(200, 70));
    REQUIRE(r.ok());
    CHECK(r.image.width == 200);
    CHECK(r.image.height == 70);
    CHECK(r.image.rgba.size() == 200u * 70u * 4u);
    CHECK(r.image.rgba[3] == 255);  // opaque alpha added
}

struct BadImageRow {
    const char* name;
    std::string bytes;
};

TEST_CASE("hostile or broken CAPTCHA images are refused before decoding", "[captcha_image][hostile]") {
    const std::string good = png(120, 40);
    const auto row = GENERATE_COPY(values<BadImageRow>({
        {"empty", ""},
        {"HTML error page", "<html><body>502 Bad Gateway</body></html>"},
        {"GIF", "GIF89a\x01\x00\x01\x00\x00\x00\x00;"},
        {"JPEG", std::string("\xff\xd8\xff\xe0\x00\x10JFIF\x00", 11)},
        {"truncated PNG", good.substr(0, good.size() / 2)},
        {"signature only", good.substr(0, 8)},
        {"too wide", png(kCaptchaImageMaxWidth + 1, 10)},
        {"too tall", png(10, kCaptchaImageMaxHeight + 1)},
        {"header claims 100000 x 100000", png_header_claiming(100000, 100000)},
        {"header claims 0 x 0", png_header_claiming(0, 0)},
        {"more bytes than allowed", good + std::string(kCaptchaImageMaxBytes, '\0')},
        // fuzz_captcha_image oom-f167818a: stb_image grew its buffer to a chunk's declared length.
        {"a chunk longer than the file", good.substr(0, 33) + std::string("\x40\x00\x00\x00IDAT", 8) + good.substr(41)},
        // fuzz_captcha_image crash-21c416d3: stb_image copied from a null pointer.
        {"an empty IDAT chunk before the image data", good.substr(0, 33) + std::string("\0\0\0\0IDAT\x35\xaf\x06\x1e", 12) + good.substr(33)},
    }));
    CAPTURE(row.name);
    const ImageResult r = decode_captcha_png(row.bytes);
    CHECK(r.code == ErrorCode::CaptchaImageInvalid);
    CHECK(r.image.rgba.empty());
}
