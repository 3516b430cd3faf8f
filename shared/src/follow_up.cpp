// Resending the letter and replacing a pending registration (abon/follow_up.hpp).
#include "abon/follow_up.hpp"

#include <algorithm>

namespace abon {

int resends_left(const ResendLimits& limits, int letters_sent) {
    return std::max(0, limits.max_resends - (letters_sent - 1));
}

ResendDecision decide_resend(const ResendLimits& limits, const PendingLetters& pending, std::int64_t now) {
    ResendDecision d;
    if (!pending.found || pending.confirmed || pending.expires_at <= now) return d;
    const int left = resends_left(limits, pending.letters_sent);
    if (left == 0) {
        d.verdict = ResendVerdict::LimitReached;
        return d;
    }
    const std::int64_t next = pending.last_letter_at + limits.interval_seconds;
    if (now < next) {
        d.verdict = ResendVerdict::TooEarly;
        d.wait_seconds = next - now;
        d.resends_left = left;
        return d;
    }
    d.verdict = ResendVerdict::Allowed;
    d.resends_left = left - 1;
    return d;
}

RegistrationAction decide_registration(ExistingRegistration existing) {
    switch (existing) {
        case ExistingRegistration::None:
        case ExistingRegistration::PendingExpired: return RegistrationAction::Insert;
        case ExistingRegistration::Pending: return RegistrationAction::Replace;
        case ExistingRegistration::Confirmed: break;
    }
    return RegistrationAction::Refuse;
}

}  // namespace abon
