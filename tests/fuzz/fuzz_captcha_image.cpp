// Arbitrary bytes as the CAPTCHA picture: refused or decoded within the limits, never a crash.
#include "abon/captcha_image.hpp"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const abon::ImageResult r =
        abon::decode_captcha_png(std::string_view(reinterpret_cast<const char*>(data), size));
    if (r.ok()) {
        const auto& img = r.image;
        if (img.width < 1 || img.height < 1 || img.width > abon::kCaptchaImageMaxWidth ||
            img.height > abon::kCaptchaImageMaxHeight ||
            img.rgba.size() != static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height) * 4)
            std::abort();
    }
    return 0;
}
