#include "abon/server/registration.hpp"

#include "abon/amount.hpp"
#include "abon/follow_up.hpp"
#include "abon/form.hpp"
#include "abon/letters.hpp"
#include "abon/name.hpp"
#include "abon/payload.hpp"
#include "abon/server/mailer.hpp"
#include "abon/server/secrets.hpp"


#include <limits>
#include <optional>
#include <variant>

namespace abon::server {
namespace {

using nlohmann::json;

Reply bad_request(std::string detail) { return error_reply(ErrorCode::BadRequest, detail); }

std::string canonical_name(const std::string& name, const RuleConfig& rules) {
    if (name.empty()) return name;
    const Verdict v = validate_name(name, rules);
    return v.ok() ? v.value : name;
}

}  // namespace

Reply error_reply(ErrorCode code, std::string_view detail) {
    return error_reply(http_status(code).value_or(500), code, detail);
}

Reply error_reply(int status, ErrorCode code, std::string_view detail) {
    Reply r;
    r.status = status;
    r.body = {{"error", std::string(error_id(code))}, {"message", render_message(code, Lang::Uk, detail)}};
    if (!detail.empty() && code == ErrorCode::BadRequest) r.body["detail"] = std::string(detail);
    return r;
}

Registrar::Registrar(const ServerConfig& config, CaptchaBook& captchas, RegistrationStore& store)
    : config_(config),
      captchas_(captchas),
      store_(store),
      account_failures_({config.limits.account_tries, config.limits.account_window, config.limits.account_daily_tries,
                         config.limits.account_entries_max}) {
    for (DemoAccount a : config.demo_accounts) {
        a.surname = canonical_name(a.surname, config.rules);
        a.given_name = canonical_name(a.given_name, config.rules);
        a.patronymic = canonical_name(a.patronymic, config.rules);
        accounts_.push_back(std::move(a));
    }
}

Reply Registrar::handle(std::string_view body, const std::string& confirm_base, const std::string& network) {
    // The core reads the body (the inverse of the widget's encode_payload): wrong JSON types
    // are the client's bug (400), missing values the user's (422 "required"). The Payload
    // zeroes its password when it goes, whatever the answer (the HTTP layer wipes the body).
    PayloadParse read = parse_payload(body);
    if (!read.payload) return bad_request(read.error);
    const Payload& p = *read.payload;
    const auto now = config_.clock();

    // 1. Field rules, the kopeck range and the CAPTCHA; every problem reported at once.
    RuleConfig rules = config_.rules;
    rules.captcha_length = config_.limits.captcha_length;
    rules.captcha_alphabet = std::string(kCaptchaAlphabet);
    const FormVerdict form = validate_form(p.input, rules);
    json errors = json::object();
    for (std::size_t i = 0; i < kFieldCount; ++i)
        if (form.fields[i] && !form.fields[i]->ok())
            errors[std::string(field_id(static_cast<Field>(i)))] = std::string(error_id(form.fields[i]->code));
    if (const ErrorCode k = validate_kopecks(p.kopecks); k != ErrorCode::Ok)
        errors[std::string(field_id(Field::LastPayment))] = std::string(error_id(k));

    // Every submission spends a try of its challenge, even one the core already refused.
    const Verdict& captcha = *form[Field::Captcha];
    const CaptchaCheck check = captchas_.check(p.captcha_token, captcha.ok() ? captcha.value : *p.input[Field::Captcha]);
    if (check == CaptchaCheck::Busy) {  // the spent store is full: checking would forget a spent one
        config_.log("security: captcha_spent_store_full");
        Reply r = error_reply(503, ErrorCode::ServerError);  // 503: it passes, as Retry-After says
        r.retry_after_seconds = captchas_.busy_for_seconds();
        return r;
    }
    if (captcha.ok() && check != CaptchaCheck::Correct)
        errors["captcha"] = std::string(error_id(check == CaptchaCheck::Wrong ? ErrorCode::CaptchaWrong
                                                                              : ErrorCode::CaptchaExpired));
    if (!errors.empty()) return Reply{422, json{{"errors", errors}}, 0};

    // 2. The account: tries per number first, so a locked number answers the same whatever
    //    the details; then one comparison path for unknown, wrong name and wrong amount.
    const std::string account = form[Field::Account]->value;
    if (const RateDecision d = account_failures_.reserve(account, network, now); !d.allowed) {
        Reply r = error_reply(ErrorCode::RateLimited, std::to_string(d.retry_after_seconds));
        r.retry_after_seconds = d.retry_after_seconds;
        return r;
    }
    const std::string& surname = form[Field::Surname]->value;
    const std::string& given = form[Field::GivenName]->value;
    const std::string& patronymic = form[Field::Patronymic]->value;
    static const DemoAccount kNobody{"", "\x01", "\x01", "\x01", -1};
    const DemoAccount* found = &kNobody;
    for (const DemoAccount& a : accounts_)
        if (a.account == account) found = &a;
    const bool matches = (found != &kNobody) & equal_in_constant_time(surname, found->surname) &
                         equal_in_constant_time(given, found->given_name) &
                         equal_in_constant_time(patronymic, found->patronymic) &
                         (*p.kopecks == found->last_payment_kopecks);
    const bool locked = account_failures_.settle(account, network, !matches, now);
    if (!matches) {
        // Security events carry the account number and nothing else personal.
        config_.log("security: account_details_mismatch account " + account);
        if (locked) config_.log("security: account_locked account " + account + " network " + network);
        return Reply{422, json{{"errors", {{"account", std::string(error_id(ErrorCode::AccountDetailsMismatch))}}}}, 0};
    }

    // 3. Store and queue the letter; the core decides what an existing row of the account
    //    means (pending: replaced; confirmed: 409). The pre-check only saves an argon2id run
    //    for the common repeat.
    const Reply taken = error_reply(ErrorCode::AccountAlreadyRegistered);
    if (store_.account_confirmed(account)) return taken;

    const std::string token = random_hex(32);
    const std::string handle = random_base64url(32);
    NewRegistration reg;
    reg.account = account;
    reg.surname = surname;
    reg.given_name = given;
    reg.patronymic = patronymic;
    reg.email = form[Field::Email]->value;
    reg.lang = p.lang == Lang::En ? "en" : "uk";
    reg.password_hash = hash_password(*p.input[Field::Password], config_.hash_cost);
    reg.confirm_token_hash = token_hash(token);
    reg.handle_hash = token_hash(handle);
    reg.created = now;
    reg.confirm_expires = now + config_.limits.confirm_ttl;

    // The letters are queued in the row's transaction: both are kept, or neither.
    const InsertOutcome stored = store_.insert(reg, [&](const InsertOutcome& o) {
        std::vector<OutgoingLetter> letters;
        if (o.result == InsertResult::AccountTaken) return letters;
        letters.push_back(confirmation(reg, token, confirm_base, now));
        if (o.result == InsertResult::Replaced) {
            const Lang earlier = o.replaced_lang == "en" ? Lang::En : Lang::Uk;
            letters.push_back(make_letter(config_, o.replaced_email, replaced_notice({earlier, account, config_.sender}),
                                          account, LetterKind::ReplacedNotice, now));
        }
        return letters;
    });
    if (stored.result == InsertResult::AccountTaken) return taken;
    if (stored.result == InsertResult::Replaced) config_.log("security: registration_replaced account " + account);
    const ResendLimits limits{config_.limits.max_resends, config_.limits.resend_interval.count()};
    return Reply{201,
                 json{{"status", "pending_confirmation"},
                      {"account", account},
                      {"email", reg.email},
                      {"handle", handle},
                      {"resend_after", limits.interval_seconds},
                      {"resends_left", resends_left(limits, 1)}},
                 0};
}

OutgoingLetter Registrar::confirmation(const NewRegistration& r, const std::string& token, const std::string& confirm_base,
                                       std::chrono::system_clock::time_point now) const {
    ConfirmationFacts facts;
    facts.lang = r.lang == "en" ? Lang::En : Lang::Uk;
    facts.surname = r.surname;
    facts.given_name = r.given_name;
    facts.patronymic = r.patronymic;
    facts.account = r.account;
    const std::string url = confirm_base + "?token=" + token;
    facts.confirm_url = url;
    facts.sender = config_.sender;
    facts.valid_hours = static_cast<int>(config_.limits.confirm_ttl.count() / 3600);
    return make_letter(config_, r.email, confirmation_letter(facts), r.account, LetterKind::Confirmation, now);
}

}  // namespace abon::server
