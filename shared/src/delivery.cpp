#include "abon/delivery.hpp"

#include <algorithm>

namespace abon {

std::int64_t retry_wait_ms(const RetryPolicy& policy, int failed_tries) {
    const std::int64_t longest = std::max(policy.longest_wait_ms, policy.first_wait_ms);
    std::int64_t wait = std::max<std::int64_t>(policy.first_wait_ms, 1);
    for (int i = 0; i < failed_tries && wait < longest; ++i) wait *= 2;
    return std::min(wait, longest);
}

DeliveryDecision decide_delivery(const RetryPolicy& policy, const DeliveryTry& attempt, int failed_tries,
                                 std::int64_t queued_at, std::int64_t now) {
    if (attempt.completed && attempt.reply_code / 100 == 2) return {LetterState::Sent, 0};
    if (attempt.reply_code / 100 == 5) return {LetterState::Failed, 0};
    const std::int64_t next = now + retry_wait_ms(policy, failed_tries);
    if (next > queued_at + policy.give_up_after_ms) return {LetterState::Failed, 0};
    return {LetterState::Queued, next};
}

const char* letter_state_id(LetterState s) {
    switch (s) {
        case LetterState::Queued: return "queued";
        case LetterState::Sent: return "sent";
        case LetterState::Failed: return "failed";
        case LetterState::Obsolete: return "obsolete";
    }
    return "queued";
}

}  // namespace abon
