// POST /api/resend and /api/change-email: a new letter for a pending registration, named by
// the handle of its 201 answer. The core decides (abon/follow_up.hpp); the store applies it
// and queues the letter in one transaction.
#include "abon/server/registration.hpp"

#include "abon/email.hpp"
#include "abon/follow_up.hpp"
#include "abon/payload.hpp"
#include "abon/server/mailer.hpp"
#include "abon/server/secrets.hpp"

namespace abon::server {

using nlohmann::json;

Reply Registrar::resend(std::string_view body, const std::string& confirm_base) {
    return follow_up(body, false, confirm_base);
}

Reply Registrar::change_email(std::string_view body, const std::string& confirm_base) {
    return follow_up(body, true, confirm_base);
}

Reply Registrar::follow_up(std::string_view body, bool change_email, const std::string& confirm_base) {
    // The core reads the body (the inverse of the widget's resend_body/change_email_body).
    const FollowUpRequestParse read = parse_follow_up_request(body, change_email);
    if (!read.request) return error_reply(ErrorCode::BadRequest, read.error);
    std::optional<std::string> email;
    if (change_email) {
        const Verdict v = validate_email(read.request->email);
        if (!v.ok()) return Reply{422, json{{"errors", {{"email", std::string(error_id(v.code))}}}}, 0};
        email = v.value;
    }
    const Reply not_found = error_reply(ErrorCode::RegistrationNotFound);
    const std::string& handle = read.request->handle;
    if (handle.empty()) return not_found;  // not of the contract's shape: no registration has it

    const auto now = config_.clock();
    const std::string token = random_hex(32);
    const ResendLimits limits{config_.limits.max_resends, config_.limits.resend_interval.count()};
    const FollowUpOutcome out = store_.follow_up(
        {token_hash(handle), token_hash(token), email, now, now + config_.limits.confirm_ttl}, limits,
        [&](const FollowUpOutcome& o) {
            NewRegistration facts;
            facts.account = o.account;
            facts.surname = o.surname;
            facts.given_name = o.given_name;
            facts.patronymic = o.patronymic;
            facts.email = o.email;
            facts.lang = o.lang;
            return std::vector<OutgoingLetter>{confirmation(facts, token, confirm_base, now)};
        });
    switch (out.decision.verdict) {
        case ResendVerdict::NotFound:
            return not_found;
        case ResendVerdict::LimitReached:
            return error_reply(ErrorCode::ResendLimitReached);
        case ResendVerdict::TooEarly: {
            const int wait = static_cast<int>(out.decision.wait_seconds);
            Reply r = error_reply(ErrorCode::RateLimited, std::to_string(wait));
            r.retry_after_seconds = wait;
            return r;
        }
        case ResendVerdict::Allowed:
            break;
    }
    return Reply{200,
                 json{{"status", "pending_confirmation"},
                      {"email", out.email},
                      {"resend_after", limits.interval_seconds},
                      {"resends_left", out.decision.resends_left}},
                 0};
}

}  // namespace abon::server
