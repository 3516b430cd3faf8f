// The core suite reads every shared vector file: its full run fails over a tests/vectors/*.json
// that no test reads (tests/support/test_main.cpp).
#include "vectors.hpp"

namespace {
[[maybe_unused]] const bool kEveryVectorsFile = abon::test::require_every_vectors_file();
}  // namespace

TEST_CASE("a vectors file read by load_json is no longer listed as unread", "[vectors]") {
    abon::test::load_json("vectors/reply.json");
    for (const std::string& file : abon::test::vectors_not_read()) CHECK(file != "vectors/reply.json");
}
