// POST /api/resend and /api/change-email: a new letter for a pending registration, named by
// the handle of its 201 answer. The core decides (abon/follow_up.hpp); the store applies it
// in one transaction; the letter is written after the commit.
#include "abon/server/registration.hpp"

#include "abon/email.hpp"
#include "abon/follow_up.hpp"
#include "abon/server/secrets.hpp"

namespace abon::server {
namespace {

using nlohmann::json;

// random_base64url(32): 43 characters of the URL-safe alphabet.
bool well_formed_handle(const std::string& h) {
    return h.size() == 43 &&
           h.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos;
}

}  // namespace

Reply Registrar::resend(std::string_view body, const std::string& confirm_base) {
    return follow_up(body, false, confirm_base);
}

Reply Registrar::change_email(std::string_view body, const std::string& confirm_base) {
    return follow_up(body, true, confirm_base);
}

Reply Registrar::follow_up(std::string_view body, bool change_email, const std::string& confirm_base) {
    const json j = json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return error_reply(400, ErrorCode::BadRequest, "the body must be a JSON object");
    const auto handle_at = j.find("handle");
    if (handle_at == j.end() || !handle_at->is_string()) return error_reply(400, ErrorCode::BadRequest, "handle must be a string");
    std::optional<std::string> email;
    if (change_email) {
        const auto email_at = j.find("email");
        if (email_at == j.end() || !email_at->is_string())
            return error_reply(400, ErrorCode::BadRequest, "email must be a string");
        const Verdict v = validate_email(email_at->get<std::string>());
        if (!v.ok()) return Reply{422, json{{"errors", {{"email", std::string(error_id(v.code))}}}}, 0};
        email = v.value;
    }
    const Reply not_found = error_reply(404, ErrorCode::RegistrationNotFound);
    const std::string handle = handle_at->get<std::string>();
    if (!well_formed_handle(handle)) return not_found;

    const auto now = config_.clock();
    const std::string token = random_hex(32);
    const ResendLimits limits{config_.limits.max_resends, config_.limits.resend_interval.count()};
    const FollowUpOutcome out =
        store_.follow_up({token_hash(handle), token_hash(token), email, now, now + config_.limits.confirm_ttl}, limits);
    switch (out.decision.verdict) {
        case ResendVerdict::NotFound:
            return not_found;
        case ResendVerdict::LimitReached:
            return error_reply(429, ErrorCode::ResendLimitReached);
        case ResendVerdict::TooEarly: {
            const int wait = static_cast<int>(out.decision.wait_seconds);
            Reply r = error_reply(429, ErrorCode::RateLimited, std::to_string(wait));
            r.retry_after_seconds = wait;
            return r;
        }
        case ResendVerdict::Allowed:
            break;
    }
    NewRegistration facts;
    facts.account = out.account;
    facts.surname = out.surname;
    facts.given_name = out.given_name;
    facts.patronymic = out.patronymic;
    facts.email = out.email;
    facts.lang = out.lang;
    send_confirmation(facts, token, confirm_base, now);
    return Reply{200,
                 json{{"status", "pending_confirmation"},
                      {"email", out.email},
                      {"resend_after", limits.interval_seconds},
                      {"resends_left", out.decision.resends_left}},
                 0};
}

}  // namespace abon::server
