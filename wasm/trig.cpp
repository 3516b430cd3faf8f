// wasm/trig.cpp — sinf and cosf for the module, in place of the C library's.
//
// Dear ImGui's arcs (the spinner, the icons, rounded corners) are the only callers. The C
// library's sinf/cosf reduce any float, up to 3.4e38, by π/2 with a 2.8 kB table of 2/π's
// bits and 2 kB of code (Payne–Hanek): 4.3 kB of the module's gzip for angles that never
// leave a few thousand turns. Here the reduction is Cody–Waite in double (close enough up to
// 3e7 radians; still finite beyond), and a Taylor polynomial on [−π/4, π/4] is within
// 2e-9 of the true value, far below a float's rounding. Being defined, these are linked
// instead of the library's (a static link takes an archive's member only for what is missing).
#include "trig.hpp"

#include <cmath>
#include <cstdint>

namespace abon::ui {
namespace {

constexpr double kTwoOverPi = 0.63661977236758134308;
constexpr double kPiOver2Hi = 1.57079632673412561417;  // π/2 to 33 bits: n × hi exact for |n| < 2^20
constexpr double kPiOver2Lo = 6.07710050650619224932e-11;

double sin_kernel(double r) {  // |r| ≤ π/4
    const double r2 = r * r;
    return r * (1 + r2 * (-1.0 / 6 + r2 * (1.0 / 120 + r2 * (-1.0 / 5040 + r2 * (1.0 / 362880)))));
}

double cos_kernel(double r) {  // |r| ≤ π/4
    const double r2 = r * r;
    return 1 + r2 * (-0.5 + r2 * (1.0 / 24 + r2 * (-1.0 / 720 + r2 * (1.0 / 40320 + r2 * (-1.0 / 3628800)))));
}

// sin(x) when shift is 0, cos(x) when it is 1 (cos x = sin(x + π/2): one quadrant on).
float sin_quadrant(float x, unsigned shift) {
    const double n = std::nearbyint(x * kTwoOverPi);
    if (!(std::fabs(n) < 0x1p62)) return x * 0.0f;  // NaN for ±∞ and NaN; 0 past 2^62 radians
    const double r = (x - n * kPiOver2Hi) - n * kPiOver2Lo;
    switch ((static_cast<std::uint64_t>(static_cast<std::int64_t>(n)) + shift) & 3u) {
        case 0: return static_cast<float>(sin_kernel(r));
        case 1: return static_cast<float>(cos_kernel(r));
        case 2: return static_cast<float>(-sin_kernel(r));
        default: return static_cast<float>(-cos_kernel(r));
    }
}

}  // namespace

float sine(float radians) { return sin_quadrant(radians, 0); }
float cosine(float radians) { return sin_quadrant(radians, 1); }

}  // namespace abon::ui

#ifdef __EMSCRIPTEN__
extern "C" {
float sinf(float x) { return abon::ui::sine(x); }
float cosf(float x) { return abon::ui::cosine(x); }
}
#endif
