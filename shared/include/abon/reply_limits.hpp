// abon/reply_limits.hpp — the bounds by which the config and the server's answers are read
// (config.cpp, reply.cpp, challenge.cpp), written into the plain driver's tables too (wasm/tools/tables.cpp).
#pragma once

#include <cstddef>

namespace abon {

inline constexpr int kMinRequestTimeoutMs = 1000, kMaxRequestTimeoutMs = 60000;  // "request_timeout_ms"
// The follow-up's counts a 201 may give, and the longest Retry-After honoured.
inline constexpr int kMaxResendAfterSeconds = 86400, kMaxResendsLeft = 100, kMaxRetryAfterSeconds = 86400;
inline constexpr std::size_t kMinHandleLength = 16, kMaxHandleLength = 256;  // base64url characters
// The CAPTCHA challenge's (challenge.cpp): the longest token and picture or sound URL, in
// bytes; an "expires_in" under a day is taken, any other the default.
inline constexpr std::size_t kMaxChallengeTokenBytes = 512, kMaxChallengeUrlBytes = 2048;
inline constexpr int kChallengeExpiresUnderSeconds = 86400, kDefaultChallengeExpiresSeconds = 300;

}  // namespace abon
