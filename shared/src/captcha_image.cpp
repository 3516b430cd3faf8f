#include "abon/captcha_image.hpp"

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

ImageResult decode_captcha_png(std::string_view bytes) {
    static constexpr unsigned char kPngSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    ImageResult r;
    r.code = ErrorCode::CaptchaImageInvalid;
    if (bytes.size() < sizeof kPngSignature || bytes.size() > kCaptchaImageMaxBytes) return r;
    if (std::memcmp(bytes.data(), kPngSignature, sizeof kPngSignature) != 0) return r;

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
