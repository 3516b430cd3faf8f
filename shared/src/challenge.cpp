// The CAPTCHA challenge (abon/payload.hpp, [SECTION] CAPTCHA challenge): the captcha URL's
// JSON answer, or a picture at a fixed URL kept by the site's session (spec §6b).
#include "abon/captcha.hpp"
#include "abon/json_io.hpp"
#include "abon/payload.hpp"
#include "abon/reply_limits.hpp"

namespace abon {

std::optional<CaptchaChallenge> parse_captcha_challenge(std::string_view body) {
    const std::optional<JsonValue> parsed = parse_json(body);
    if (!parsed) return std::nullopt;
    const JsonValue& j = *parsed;
    auto token = string_member(j, "token");
    auto image = string_member(j, "image");
    const auto length = integer_member(j, "length");
    const auto expires = integer_member(j, "expires_in");
    if (!token || token->empty() || token->size() > kMaxChallengeTokenBytes || !image || image->empty() ||
        image->size() > kMaxChallengeUrlBytes || !length || *length < 1 || *length > kCaptchaMaxLength)
        return std::nullopt;
    CaptchaChallenge c;
    c.token = std::move(*token);
    c.image_url = std::move(*image);
    c.length = static_cast<int>(*length);
    c.expires_in = expires && *expires > 0 && *expires < kChallengeExpiresUnderSeconds ? static_cast<int>(*expires)
                                                                                         : kDefaultChallengeExpiresSeconds;
    // Optional: a site without them is the classic one. A malformed one is dropped, not fatal.
    if (auto audio = string_member(j, "audio"); audio && !audio->empty() && audio->size() <= kMaxChallengeUrlBytes)
        c.audio_url = std::move(*audio);
    if (auto alphabet = string_member(j, "alphabet"); alphabet && is_captcha_alphabet(*alphabet))
        c.alphabet = std::move(*alphabet);
    return c;
}

CaptchaChallenge image_challenge(std::string_view picture_url, const WidgetConfig& config, std::uint32_t nonce) {
    CaptchaChallenge c;
    c.image_url = with_nonce(picture_url, nonce);
    c.length = config.rules.captcha_length.value_or(0);
    c.expires_in = 0;
    return c;
}

}  // namespace abon
