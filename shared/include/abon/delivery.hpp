// abon/delivery.hpp — what a mail server's answer means for a queued letter. Decisions
// only; the server's mailer applies them (web/server/src/mailer.cpp).
//
// - Times are milliseconds on the server's clock (Unix time); nothing here reads a clock.
// - A 2xx is delivered, a 5xx is final (RFC 5321 §4.2.1: the same letter would be refused
//   again), anything else (a 4xx, no answer, a dropped connection) is tried again later.
#pragma once

#include <cstdint>

namespace abon {

struct RetryPolicy {
    std::int64_t first_wait_ms = 30'000;            // after the first failed try; each next one doubles …
    std::int64_t longest_wait_ms = 3'600'000;       // … up to this
    std::int64_t give_up_after_ms = 24 * 3'600'000; // from the time the letter was queued
};

struct DeliveryTry {
    int reply_code = 0;   // the server's last SMTP reply code; 0 when none came
    bool completed = false;  // the server took the whole letter (its 250 after the data)
};

enum class LetterState { Queued, Sent, Failed, Obsolete };

struct DeliveryDecision {
    LetterState state = LetterState::Queued;
    std::int64_t next_try_at = 0;  // Queued: when to try again
};

// `failed_tries` counts the tries before this one.
DeliveryDecision decide_delivery(const RetryPolicy& policy, const DeliveryTry& attempt, int failed_tries,
                                 std::int64_t queued_at, std::int64_t now);

std::int64_t retry_wait_ms(const RetryPolicy& policy, int failed_tries);  // after the (failed_tries+1)-th failure

const char* letter_state_id(LetterState s);  // "queued", "sent", "failed", "obsolete" (stored as is)

}  // namespace abon
