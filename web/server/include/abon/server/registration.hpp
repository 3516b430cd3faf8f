// abon/server/registration.hpp — POST /api/register after the HTTP checks: the body's shape,
// the core's field rules, the CAPTCHA, the demo account, storage and the letter; and the
// follow-ups POST /api/resend and /api/change-email (src/follow_up.cpp).
//
// - Every answer is one Reply (status + JSON body); nothing here knows about sockets.
// - An unknown account, a wrong holder name and a wrong last payment take the same path
//   and get the same 422 {"errors": {"account": "account_details_mismatch"}}.
// - The 201 answer's handle (256 random bits, base64url) is the only name of a pending
//   registration for the follow-ups; it is stored as a hash and never logged.
#pragma once

#include "abon/server/captcha.hpp"
#include "abon/server/config.hpp"
#include "abon/server/limits.hpp"
#include "abon/server/store.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace abon::server {

struct Reply {
    int status = 200;
    nlohmann::json body;
    int retry_after_seconds = 0;  // 429 only
};

// {"error", "message"[, "detail"]} with the code's status from the core's table (abon/errors.hpp,
// http_status); the second form for a status of its own (405, 411, 503, a static 404).
Reply error_reply(ErrorCode code, std::string_view detail = {});
Reply error_reply(int status, ErrorCode code, std::string_view detail = {});

class Registrar {
public:
    Registrar(const ServerConfig& config, CaptchaBook& captchas, RegistrationStore& store);

    // `confirm_base` is the URL the letter links to, without the query.
    // `network`: the client's network (network_key()), the unit of the per-account lock.
    Reply handle(std::string_view body, const std::string& confirm_base, const std::string& network);  // POST /api/register
    Reply resend(std::string_view body, const std::string& confirm_base);        // POST /api/resend
    Reply change_email(std::string_view body, const std::string& confirm_base);  // POST /api/change-email

private:
    Reply follow_up(std::string_view body, bool change_email, const std::string& confirm_base);
    // The confirmation letter with the link for `token`, for the queue.
    OutgoingLetter confirmation(const NewRegistration& facts, const std::string& token, const std::string& confirm_base,
                                std::chrono::system_clock::time_point now) const;

    const ServerConfig& config_;
    CaptchaBook& captchas_;
    RegistrationStore& store_;
    FailureCounter account_failures_;
    std::vector<DemoAccount> accounts_;  // names canonicalised with config.rules
};

}  // namespace abon::server
