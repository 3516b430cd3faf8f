#include "abon/captcha_image.hpp"

#include <cstdint>
#include <cstring>

// stb_image compiled here with PNG only and no stdio; static so it cannot clash with
// another copy (Debian's libstb) in the same program.
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STBI_ONLY_PNG
#define STBI_NO_STDIO
#define STBI_NO_LINEAR
#define STBI_NO_HDR
#define STBI_MAX_DIMENSIONS 4096
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wdouble-promotion"
#endif
#include <stb/stb_image.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace abon {
namespace {

// The chunk structure, checked before stb_image sees the bytes: every chunk lies within
// them up to IEND, and no IDAT chunk is empty. stb_image trusts a chunk's declared length
// and grows its buffer to it before reading (a 300-byte file made it allocate 2 GB), and
// an empty IDAT first made it copy from a null pointer; both found by fuzz_captcha_image.
bool chunks_are_sound(std::string_view bytes) {
    std::size_t at = 8;  // after the signature
    while (at + 12 <= bytes.size()) {
        const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i])); };
        const std::uint32_t length = byte(0) << 24 | byte(1) << 16 | byte(2) << 8 | byte(3);
        const std::string_view type = bytes.substr(at + 4, 4);
        if (length > bytes.size() - at - 12) return false;
        if (type == "IDAT" && length == 0) return false;
        if (type == "IEND") return true;
        at += 12 + length;
    }
    return false;  // no IEND: truncated
}

}  // namespace

ImageResult decode_captcha_png(std::string_view bytes) {
    static constexpr unsigned char kPngSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    ImageResult r;
    r.code = ErrorCode::CaptchaImageInvalid;
    if (bytes.size() < sizeof kPngSignature || bytes.size() > kCaptchaImageMaxBytes) return r;
    if (std::memcmp(bytes.data(), kPngSignature, sizeof kPngSignature) != 0) return r;
    if (!chunks_are_sound(bytes)) return r;

    const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
    const int length = static_cast<int>(bytes.size());
    int w = 0, h = 0, channels = 0;
    if (!stbi_info_from_memory(data, length, &w, &h, &channels)) return r;
    if (w < 1 || h < 1 || w > kCaptchaImageMaxWidth || h > kCaptchaImageMaxHeight) return r;

    int dw = 0, dh = 0;
    stbi_uc* pixels = stbi_load_from_memory(data, length, &dw, &dh, &channels, 4);
    if (!pixels) return r;
    if (dw == w && dh == h) {
        r.image.width = w;
        r.image.height = h;
        r.image.rgba.assign(pixels, pixels + static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
        r.code = ErrorCode::Ok;
    }
    stbi_image_free(pixels);
    return r;
}

}  // namespace abon
