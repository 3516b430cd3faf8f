// wasm/trig.hpp — sine and cosine for the module's drawing, without the C library's
// reduction of huge arguments (wasm/trig.cpp says why). The module links them as sinf and
// cosf; natively they are only tested (tests/widget/test_trig.cpp).
#pragma once

namespace abon::ui {

float sine(float radians);    // within half a float ulp of sin for |radians| up to 3e7 (tested)
float cosine(float radians);  // the same for cos; both NaN for ±∞ and NaN

}  // namespace abon::ui
