// abon/follow_up.hpp — what happens after the form: sending the letter again, and a later
// registration of an account that already has one. Decisions only; the server applies them.
//
// Index
//   [SECTION] Resend policy (POST /api/resend and /api/change-email share it)
//   [SECTION] A registration of an account that has one already
//
// - Times are whole seconds on the server's clock (Unix time); nothing here reads a clock.
// - The first letter (the one the registration wrote) is letter 1; `max_resends` more may follow.
#pragma once

#include <cstdint>

namespace abon {

// [SECTION] Resend policy
struct ResendLimits {
    int max_resends = 3;                // letters after the first
    std::int64_t interval_seconds = 60; // at least this long after the previous letter
};

// The pending registration a handle found, as the store holds it.
struct PendingLetters {
    bool found = false;             // the handle names a registration
    bool confirmed = false;
    std::int64_t expires_at = 0;    // its link's end
    int letters_sent = 1;           // the registration's letter included
    std::int64_t last_letter_at = 0;
};

enum class ResendVerdict {
    Allowed,       // write the next letter
    NotFound,      // unknown handle, or confirmed, or expired → 404 registration_not_found
    LimitReached,  // max_resends used up → 429 resend_limit_reached, no Retry-After
    TooEarly,      // → 429 rate_limited with Retry-After: wait_seconds
};

struct ResendDecision {
    ResendVerdict verdict = ResendVerdict::NotFound;
    std::int64_t wait_seconds = 0;  // TooEarly: ≥ 1
    int resends_left = 0;           // Allowed: after the letter about to be written
};

// The limit is checked before the interval: waiting would not help.
ResendDecision decide_resend(const ResendLimits& limits, const PendingLetters& pending, std::int64_t now);

int resends_left(const ResendLimits& limits, int letters_sent);  // never below 0

// [SECTION] A registration of an account that has one already
enum class ExistingRegistration {
    None,            // no row for the account
    PendingExpired,  // a pending one whose link has expired (purged, nobody is told)
    Pending,         // a live pending one: whoever confirms first wins, so the later replaces it
    Confirmed,       // the account is taken
};

enum class RegistrationAction {
    Insert,   // store the new registration
    Replace,  // drop the pending one (its link and handle die), tell its address, store the new one
    Refuse,   // 409 account_already_registered
};

RegistrationAction decide_registration(ExistingRegistration existing);

}  // namespace abon
