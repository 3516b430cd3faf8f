// The server's answers (abon/payload.hpp, [SECTION] Server reply): a registration's, a
// follow-up's, and the follow-ups' request bodies. Never throws: every value's type is
// checked before it is read.
#include "abon/email.hpp"
#include "abon/json_io.hpp"
#include "abon/payload.hpp"
#include "abon/reply_limits.hpp"

#include <charconv>

namespace abon {
namespace {

int parse_retry_after(std::string_view header) {
    // Seconds only; an HTTP date (rare for 429) falls back to a minute.
    int seconds = 0;
    const auto [end, ec] = std::from_chars(header.data(), header.data() + header.size(), seconds);
    if (ec != std::errc() || end != header.data() + header.size() || seconds < 0) return 60;
    return seconds > kMaxRetryAfterSeconds ? kMaxRetryAfterSeconds : seconds;
}

// A 422 may name fields by their ids or by the configured outgoing names.
std::optional<Field> field_for_key(const std::string& key, const OutgoingNames& names) {
    if (auto f = parse_field_id(key)) return f;
    for (std::size_t i = 0; i < kFieldCount; ++i)
        for (const std::string_view slot : reply_slots(static_cast<Field>(i)))
            if (*outgoing_name(names, slot) == key) return static_cast<Field>(i);
    return std::nullopt;
}

// The follow-up part of a 201 (`with_handle`) or of a follow-up's 200 into r.follow_up;
// r.follow_up_problem says what made it unusable. An answer without a handle offers none.
void read_offer(const JsonValue& j, bool with_handle, ServerReply& r) {
    FollowUpOffer offer;
    if (with_handle) {
        const JsonValue* h = j.find("handle");
        if (!h) return;  // a server without follow-ups: a success all the same
        if (!h->is_string() || !usable_handle(h->text())) {
            r.follow_up_problem = "the answer's handle is not 16 to 256 base64url characters";
            return;
        }
        offer.handle = h->text();
    }
    const auto after = integer_member(j, "resend_after");
    const auto left = integer_member(j, "resends_left");
    if (!after || *after < 0 || *after > kMaxResendAfterSeconds || !left || *left < 0 || *left > kMaxResendsLeft) {
        r.follow_up_problem = "the answer's resend_after (0 to 86400) or resends_left (0 to 100) is missing or out of range";
        return;
    }
    offer.resend_after = static_cast<int>(*after);
    offer.resends_left = static_cast<int>(*left);
    if (const auto email = string_member(j, "email")) {
        const Verdict v = validate_email(*email);
        if (v.ok()) offer.email = v.value;
        else r.follow_up_problem = "the answer's email is not an address; the typed one is shown";
    }
    r.follow_up = std::move(offer);
}

}  // namespace

// A handle as the contract makes them (43 base64url characters), with room for other
// lengths: it goes back to the server in a JSON body, never into a URL or a log.
bool usable_handle(std::string_view h) {
    if (h.size() < kMinHandleLength || h.size() > kMaxHandleLength) return false;
    for (const char c : h)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    return true;
}

ServerReply interpret_response(int status, std::string_view body, std::string_view retry_after_header,
                               const OutgoingNames& names, bool redirected) {
    ServerReply r;
    if (status == 200 || status == 201 || (redirected && status >= 200 && status <= 299)) {
        r.kind = ReplyKind::Success;
        r.renew_captcha = false;
        if (const std::optional<JsonValue> j = status == 201 ? parse_json(body) : std::nullopt)
            read_offer(*j, true, r);
        return r;
    }
    r.kind = ReplyKind::Failure;
    if (status != 422) {  // the status alone says it (abon/errors.hpp, [SECTION] HTTP status)
        r.code = status_error(status).value_or(ErrorCode::UnexpectedResponse);
        if (r.code == ErrorCode::RateLimited) r.retry_after_seconds = parse_retry_after(retry_after_header);
        return r;
    }
    const std::optional<JsonValue> j = parse_json(body);
    const std::optional<std::string> error = j ? string_member(*j, "error") : std::nullopt;

    // 422: {"errors": {"field_id": "code"}}; unknown fields or codes still get a message.
    const JsonValue* errors = j ? j->find("errors") : nullptr;
    if (!errors || !errors->is_object() || errors->keys().empty()) {
        const auto code = error ? parse_error_id(*error) : std::nullopt;
        r.code = code.value_or(ErrorCode::UnexpectedResponse);
        return r;
    }
    r.kind = ReplyKind::FieldErrors;
    r.code = ErrorCode::Ok;
    for (std::size_t i = 0; i < errors->keys().size(); ++i) {
        const std::string& key = errors->keys()[i];
        const JsonValue& value = errors->items()[i];
        ErrorCode c = ErrorCode::UnexpectedResponse;  // an unknown code still gets a message
        if (value.is_string())
            if (const auto known = parse_error_id(value.text())) c = *known;
        const auto field = field_for_key(key, names);
        if (field && c != ErrorCode::Ok) {
            r.field_errors[*field] = c;
        } else if (r.code == ErrorCode::Ok) {
            r.code = c;  // a form-level error, or a field this widget does not show
        }
    }
    for (const auto& [field, code] : r.field_errors)
        if (code == ErrorCode::AccountDetailsMismatch) r.code = code;  // also said above the button
    return r;
}

ServerReply interpret_follow_up_response(int status, std::string_view body, std::string_view retry_after_header) {
    const std::optional<JsonValue> j = parse_json(body);
    const std::optional<std::string> error = j ? string_member(*j, "error") : std::nullopt;
    const auto said = [&](ErrorCode code) { return error && parse_error_id(*error) == code; };
    ServerReply r;
    if (status == 200) {
        if (j) read_offer(*j, false, r);
        if (r.follow_up) {
            r.kind = ReplyKind::Success;
            r.renew_captcha = false;
            return r;
        }
        r.code = ErrorCode::UnexpectedResponse;
        return r;
    }
    if (status == 404 || (status == 429 && said(ErrorCode::ResendLimitReached))) {
        r.code = said(ErrorCode::RegistrationNotFound) ? ErrorCode::RegistrationNotFound
                 : said(ErrorCode::ResendLimitReached) ? ErrorCode::ResendLimitReached
                                                       : ErrorCode::UnexpectedResponse;
        return r;
    }
    r = interpret_response(status, body, retry_after_header);
    if (r.kind == ReplyKind::Success) {  // a 201 or a redirect is not this contract's answer
        r = ServerReply{};
        r.code = ErrorCode::UnexpectedResponse;
    }
    r.follow_up_problem.clear();
    return r;
}

std::string resend_body(std::string_view handle) {
    JsonWriter out;
    out.begin_object().member("handle", handle).end_object();
    return out.take();
}

std::string change_email_body(std::string_view handle, std::string_view email) {
    JsonWriter out;
    out.begin_object().member("handle", handle).member("email", email).end_object();
    return out.take();
}

}  // namespace abon
