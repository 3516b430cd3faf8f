// The module's own sine and cosine (wasm/trig.cpp, linked there as sinf and cosf) against
// the C library's in double: within half a float ulp wherever Dear ImGui draws an arc.
#include <catch2/catch.hpp>

#include "trig.hpp"

#include <cmath>
#include <limits>

namespace {

// Half an ulp of a float in [0.5, 1), the largest rounding a correct float result has,
// and a little over for the double kernel's own 2e-9.
constexpr double kTolerance = 3.2e-8;

}  // namespace

TEST_CASE("sine and cosine are within half a float ulp over ±20 000 radians") {
    double worst = 0;
    float at = 0;
    for (float x = -20000.0f; x < 20000.0f; x += 0.0137f) {
        const double error = std::fmax(std::fabs(abon::ui::sine(x) - std::sin(static_cast<double>(x))),
                                       std::fabs(abon::ui::cosine(x) - std::cos(static_cast<double>(x))));
        if (error > worst) {
            worst = error;
            at = x;
        }
    }
    CAPTURE(at);
    CHECK(worst <= kTolerance);
}

TEST_CASE("sine and cosine at the quadrants' edges, far out, and past the finite") {
    struct Row {
        float x;
    };
    const Row row = GENERATE(values<Row>({{0.0f}, {0.7853982f}, {1.5707964f}, {3.1415927f}, {4.712389f},
                                          {-6.2831855f}, {1.0e6f}, {-3.0e7f}}));
    CAPTURE(row.x);
    CHECK(std::fabs(abon::ui::sine(row.x) - std::sin(static_cast<double>(row.x))) <= kTolerance);
    CHECK(std::fabs(abon::ui::cosine(row.x) - std::cos(static_cast<double>(row.x))) <= kTolerance);
}

TEST_CASE("sine and cosine of infinities and NaN are NaN") {
    for (const float x : {std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                          std::numeric_limits<float>::quiet_NaN()}) {
        CHECK(std::isnan(abon::ui::sine(x)));
        CHECK(std::isnan(abon::ui::cosine(x)));
    }
}
