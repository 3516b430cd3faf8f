// The resend policy and the replacement of a pending registration (abon/follow_up.hpp).
#include "vectors.hpp"

#include "abon/follow_up.hpp"

#include <string>

using namespace abon;

namespace Catch {
template <>
struct StringMaker<ResendVerdict> {
    static std::string convert(ResendVerdict v) {
        switch (v) {
            case ResendVerdict::Allowed: return "Allowed";
            case ResendVerdict::NotFound: return "NotFound";
            case ResendVerdict::LimitReached: return "LimitReached";
            case ResendVerdict::TooEarly: return "TooEarly";
        }
        return "?";
    }
};
template <>
struct StringMaker<RegistrationAction> {
    static std::string convert(RegistrationAction a) {
        switch (a) {
            case RegistrationAction::Insert: return "Insert";
            case RegistrationAction::Replace: return "Replace";
            case RegistrationAction::Refuse: return "Refuse";
        }
        return "?";
    }
};
}  // namespace Catch

namespace {
constexpr std::int64_t kT0 = 1'760'000'000;
constexpr std::int64_t kExpires = kT0 + 48 * 3600;

PendingLetters pending(int letters_sent, std::int64_t last_letter_at) {
    PendingLetters p;
    p.found = true;
    p.expires_at = kExpires;
    p.letters_sent = letters_sent;
    p.last_letter_at = last_letter_at;
    return p;
}
}  // namespace

TEST_CASE("a letter may follow once the interval has passed, three times in all", "[follow_up]") {
    struct Row {
        const char* note;
        int letters_sent;
        std::int64_t now;
        ResendVerdict verdict;
        std::int64_t wait;
        int left;
    };
    const ResendLimits limits;  // 3, 60 s
    const Row row = GENERATE(values<Row>({
        {"the first resend, at once", 1, kT0, ResendVerdict::TooEarly, 60, 3},
        {"the first resend, 1 s short", 1, kT0 + 59, ResendVerdict::TooEarly, 1, 3},
        {"the first resend, on time", 1, kT0 + 60, ResendVerdict::Allowed, 0, 2},
        {"the second resend", 2, kT0 + 600, ResendVerdict::Allowed, 0, 1},
        {"the third resend", 3, kT0 + 600, ResendVerdict::Allowed, 0, 0},
        {"a fourth resend", 4, kT0 + 600, ResendVerdict::LimitReached, 0, 0},
        {"a fourth resend, too early as well", 4, kT0 + 1, ResendVerdict::LimitReached, 0, 0},
        {"at the link's end", 1, kExpires, ResendVerdict::NotFound, 0, 0},
    }));
    CAPTURE(row.note);
    const ResendDecision d = decide_resend(limits, pending(row.letters_sent, kT0), row.now);
    CHECK(d.verdict == row.verdict);
    CHECK(d.wait_seconds == row.wait);
    CHECK(d.resends_left == row.left);
}

TEST_CASE("an unknown or confirmed registration gets no letter", "[follow_up]") {
    CHECK(decide_resend({}, PendingLetters{}, kT0 + 600).verdict == ResendVerdict::NotFound);
    PendingLetters confirmed = pending(1, kT0);
    confirmed.confirmed = true;
    CHECK(decide_resend({}, confirmed, kT0 + 600).verdict == ResendVerdict::NotFound);
}

TEST_CASE("the limits are the caller's", "[follow_up]") {
    const ResendLimits quick{1, 2};
    CHECK(decide_resend(quick, pending(1, kT0), kT0 + 1).wait_seconds == 1);
    CHECK(decide_resend(quick, pending(1, kT0), kT0 + 2).verdict == ResendVerdict::Allowed);
    CHECK(decide_resend(quick, pending(2, kT0), kT0 + 2).verdict == ResendVerdict::LimitReached);
    CHECK(resends_left(quick, 1) == 1);
    CHECK(resends_left(quick, 9) == 0);
    CHECK(resends_left(ResendLimits{}, 1) == 3);
}

TEST_CASE("only a confirmed registration keeps a later one out", "[follow_up]") {
    struct Row {
        ExistingRegistration existing;
        RegistrationAction action;
    };
    const Row row = GENERATE(values<Row>({
        {ExistingRegistration::None, RegistrationAction::Insert},
        {ExistingRegistration::PendingExpired, RegistrationAction::Insert},
        {ExistingRegistration::Pending, RegistrationAction::Replace},
        {ExistingRegistration::Confirmed, RegistrationAction::Refuse},
    }));
    CHECK(decide_registration(row.existing) == row.action);
}
