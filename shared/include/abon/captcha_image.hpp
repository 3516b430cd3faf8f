// abon/captcha_image.hpp — decoding the CAPTCHA picture the server sent (spec §4).
//
// - PNG only, at most kCaptchaImageMaxBytes and kCaptchaImageMaxWidth × kCaptchaImageMaxHeight,
//   checked from the header before any pixel is decoded, so a hostile or gigantic image
//   costs nothing. Pure: bytes in, RGBA pixels out.
#pragma once

#include "abon/errors.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

namespace abon {

inline constexpr std::size_t kCaptchaImageMaxBytes = 256 * 1024;
inline constexpr int kCaptchaImageMaxWidth = 480;
inline constexpr int kCaptchaImageMaxHeight = 240;

struct DecodedImage {
    int width = 0;
    int height = 0;
    std::vector<unsigned char> rgba;  // width * height * 4 bytes, rows top to bottom
};

struct ImageResult {
    ErrorCode code = ErrorCode::Ok;   // CaptchaImageInvalid when refused
    DecodedImage image;
    bool ok() const { return code == ErrorCode::Ok; }
};

ImageResult decode_captcha_png(std::string_view bytes);

}  // namespace abon
