// What a mail server's answer means for a queued letter (abon/delivery.hpp).
#include "vectors.hpp"

#include "abon/delivery.hpp"

#include <string>

using namespace abon;

namespace Catch {
template <>
struct StringMaker<LetterState> {
    static std::string convert(LetterState s) { return letter_state_id(s); }
};
}  // namespace Catch

namespace {
constexpr std::int64_t kT0 = 1'760'000'000'000;
const RetryPolicy kPolicy{30'000, 3'600'000, 24 * 3'600'000};

struct Row {
    const char* name;
    DeliveryTry attempt;
    int failed_tries;
    std::int64_t now;  // since kT0
    LetterState state;
    std::int64_t next_try_at;  // since kT0, Queued only
};
}  // namespace

TEST_CASE("A reply decides the letter: 2xx sent, 5xx final, the rest tried again with growing waits") {
    const Row row = GENERATE(values<Row>({
        {"250 after the data", {250, true}, 0, 0, LetterState::Sent, 0},
        {"250 to RCPT, then the line dropped", {250, false}, 0, 0, LetterState::Queued, 30'000},
        {"no server", {0, false}, 0, 0, LetterState::Queued, 30'000},
        {"451 greylisted", {451, false}, 0, 0, LetterState::Queued, 30'000},
        {"421 on the second try", {421, false}, 1, 40'000, LetterState::Queued, 40'000 + 60'000},
        {"452 on the fourth try", {452, false}, 3, 100'000, LetterState::Queued, 100'000 + 240'000},
        {"the wait stops growing at an hour", {451, false}, 20, 10'000'000, LetterState::Queued, 10'000'000 + 3'600'000},
        {"550 no such user", {550, false}, 0, 0, LetterState::Failed, 0},
        {"554 after the data", {554, true}, 2, 0, LetterState::Failed, 0},
        {"a retry past 24 h is not made", {451, false}, 30, 24 * 3'600'000 - 1'000, LetterState::Failed, 0},
    }));
    CAPTURE(row.name);
    const DeliveryDecision d = decide_delivery(kPolicy, row.attempt, row.failed_tries, kT0, kT0 + row.now);
    CHECK(d.state == row.state);
    if (row.state == LetterState::Queued) CHECK(d.next_try_at == kT0 + row.next_try_at);
}

TEST_CASE("The waits double from the first: 30 s, 60 s, 120 s … up to the longest") {
    CHECK(retry_wait_ms(kPolicy, 0) == 30'000);
    CHECK(retry_wait_ms(kPolicy, 1) == 60'000);
    CHECK(retry_wait_ms(kPolicy, 2) == 120'000);
    CHECK(retry_wait_ms(kPolicy, 7) == 3'600'000);
    CHECK(retry_wait_ms(kPolicy, 1000) == 3'600'000);
    CHECK(retry_wait_ms({200, 3'600'000, 1000}, 1) == 400);  // the tests' fast waits
}
