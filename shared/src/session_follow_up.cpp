// The success screen's follow-ups: the letter again, or at another address (session.hpp,
// "After the registration").
#include "abon/session.hpp"

#include <cmath>

namespace abon {

bool FormSession::offered(bool endpoint) const {
    return phase_ == Phase::Registered && offer_ && endpoint && !gone_ && offer_->resends_left > 0;
}

bool FormSession::resend_ready(double now_ms) const {
    return (offered(endpoints_.resend) || offered(endpoints_.change_email)) && flight_ == Flight::None &&
           now_ms >= next_letter_ms_;
}

int FormSession::seconds_left(double now_ms) const {
    if (!offered(endpoints_.resend) && !offered(endpoints_.change_email)) return 0;
    return now_ms < next_letter_ms_ ? static_cast<int>(std::ceil((next_letter_ms_ - now_ms) / 1000.0)) : 0;
}

FollowUpView FormSession::follow_up(double now_ms) const {
    FollowUpView v;
    if (phase_ != Phase::Registered) return v;
    v.sender = config_.sender;
    v.email = registered_email_;
    v.webmail = webmail_for(registered_email_);
    v.resend_offered = offered(endpoints_.resend);
    v.change_offered = offered(endpoints_.change_email);
    v.changing = changing_ && v.change_offered;
    v.sending = flight_ != Flight::None;
    v.ready = resend_ready(now_ms);
    v.seconds_left = seconds_left(now_ms);
    v.resends_left = offer_ ? offer_->resends_left : 0;
    v.event = event_;
    v.notice = follow_up_notice_;
    if (v.notice == ErrorCode::Ok && offer_ && offer_->resends_left == 0 && (endpoints_.resend || endpoints_.change_email))
        v.notice = ErrorCode::ResendLimitReached;
    return v;
}

double FormSession::follow_up_wake_ms(double now_ms) const {
    const int left = seconds_left(now_ms);
    return left > 0 ? next_letter_ms_ - 1000.0 * (left - 1) : -1;  // the next whole second of the countdown
}

std::optional<std::string> FormSession::begin_resend(double now_ms) {
    if (!offered(endpoints_.resend) || changing_ || !resend_ready(now_ms)) return std::nullopt;
    flight_ = Flight::Resend;
    event_ = FollowUpEvent::None;
    follow_up_notice_ = ErrorCode::Ok;
    return resend_body(offer_->handle);
}

void FormSession::open_change_email() {
    if (!offered(endpoints_.change_email) || changing_ || flight_ != Flight::None) return;
    changing_ = true;
    event_ = FollowUpEvent::None;
    follow_up_notice_ = ErrorCode::Ok;
    for (const Field f : {Field::Email, Field::EmailConfirm}) {
        shown_[index(f)] = false;
        server_errors_[index(f)].reset();
    }
    texts_[index(Field::Email)] = registered_email_;  // the mistyped address, to be corrected
    texts_[index(Field::EmailConfirm)].clear();
    revalidate();
}

void FormSession::cancel_change_email() {
    if (!changing_ || flight_ != Flight::None) return;
    changing_ = false;
    follow_up_notice_ = ErrorCode::Ok;
}

std::optional<std::string> FormSession::begin_change_email(double now_ms) {
    if (!changing_ || !offered(endpoints_.change_email)) return std::nullopt;
    shown_[index(Field::Email)] = shown_[index(Field::EmailConfirm)] = true;
    if (!verdicts_[index(Field::Email)].ok() || !verdicts_[index(Field::EmailConfirm)].ok()) return std::nullopt;
    if (server_errors_[index(Field::Email)] || server_errors_[index(Field::EmailConfirm)]) return std::nullopt;
    if (!resend_ready(now_ms)) return std::nullopt;
    flight_ = Flight::Change;
    pending_email_ = verdicts_[index(Field::Email)].value;
    follow_up_notice_ = ErrorCode::Ok;
    return change_email_body(offer_->handle, pending_email_);
}

void FormSession::apply_follow_up_reply(int status, std::string_view body, std::string_view retry_after,
                                        double now_ms) {
    if (flight_ == Flight::None || !offer_) return;  // a late answer to a request already settled
    const Flight was = flight_;
    flight_ = Flight::None;
    const ServerReply r = interpret_follow_up_response(status, body, retry_after);
    if (r.kind == ReplyKind::Success) {
        offer_->resend_after = r.follow_up->resend_after;
        offer_->resends_left = r.follow_up->resends_left;
        next_letter_ms_ = now_ms + 1000.0 * offer_->resend_after;
        registered_email_ = !r.follow_up->email.empty() ? r.follow_up->email
                            : was == Flight::Change    ? pending_email_
                                                       : registered_email_;
        event_ = was == Flight::Change ? FollowUpEvent::Changed : FollowUpEvent::Resent;
        changing_ = false;
        return;
    }
    if (const auto e = r.field_errors.find(Field::Email); e != r.field_errors.end() && was == Flight::Change) {
        server_errors_[index(Field::Email)] = e->second;  // at the field, until it is edited
        shown_[index(Field::Email)] = true;
        return;
    }
    const ErrorCode code = r.code != ErrorCode::Ok ? r.code : ErrorCode::UnexpectedResponse;
    if (code == ErrorCode::RateLimited) {  // too soon after all: the countdown says how long
        next_letter_ms_ = now_ms + 1000.0 * r.retry_after_seconds;
        return;
    }
    if (code == ErrorCode::RegistrationNotFound || code == ErrorCode::ResendLimitReached) {
        gone_ = true;
        changing_ = false;
    }
    follow_up_notice_ = code;
}

}  // namespace abon
