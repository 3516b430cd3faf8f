// abon/session.hpp — the widget's form state machine, kept in the core so it is tested
// natively (the wasm layer only forwards DOM events and draws what this says).
//
// Index
//   [SECTION] What a field shows
//   [SECTION] After the registration
//   [SECTION] FormSession
//   [SECTION] Text offsets (UTF-8 bytes ↔ the browser's UTF-16 units)
//
// - A field's verdict is shown after its first blur with text in it, or after the first
//   submit attempt; from then on it follows every keystroke. Caps Lock and
//   wrong-layout warnings of the password show at once: they matter while typing.
// - A server's field error stays at its field until that field's text changes.
// - Nothing is sent twice: begin_submit() hands out a payload only when no request is in
//   flight; apply_reply() ends the flight. Every failure keeps the typed values and drops
//   the CAPTCHA challenge (the widget fetches a new one).
// - The "no patronymic" choice exists only when RuleConfig::patronymic_optional allows
//   it; the patronymic is still required while that box is unticked.
#pragma once

#include "abon/account.hpp"
#include "abon/form.hpp"
#include "abon/mailbox.hpp"
#include "abon/password.hpp"
#include "abon/payload.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace abon {

// [SECTION] What a field shows
enum class FieldState { Untouched, Ok, Warning, Error };
std::string_view field_state_id(FieldState s);  // "untouched", "ok", "warning", "error"

struct FieldView {
    FieldState state = FieldState::Untouched;
    ErrorCode code = ErrorCode::Ok;  // the error or warning shown; Ok otherwise
    std::string message;             // its words (a note may come with Ok, e.g. PasswordShort)
    std::string suggestion;          // a one-click fix: wrong layout, email typo
};

struct Notice {                      // a form-level message (above the button)
    ErrorCode code = ErrorCode::Ok;
    std::string message;
};

enum class Phase { Editing, Sending, Registered };

// [SECTION] After the registration (issue 14)
// - The success screen names the sender and links the address's webmail, always.
// - With the 201's handle (ServerReply::follow_up) and the element's URL for it, the person
//   may ask for the letter again, or for it at another address: no sooner than the
//   server's resend_after seconds after the last letter (or a 429's Retry-After), and
//   resends_left times at most. Then, or once the registration is gone, the buttons go.
// - No clock in the core: what depends on time takes now_ms (any monotonic milliseconds).
// - One follow-up request at a time; its body, with the handle, is handed out once per flight.
// - Changing the address reopens the email field (holding the address as sent) and an
//   empty confirmation, with their feedback and typo fix as before.
struct FollowUpEndpoints {   // which URLs the element has (<abon-signup resend change-email>)
    bool resend = false, change_email = false;
};

enum class FollowUpEvent { None, Resent, Changed };  // what the last answer did

// Its texts point into the session: use it before the session changes.
struct FollowUpView {
    std::string_view sender;            // the config's sender address
    std::string_view email;             // where the last letter went
    std::optional<Webmail> webmail;     // its provider's webmail; nullopt: unknown domain
    bool resend_offered = false;        // the resend button exists
    bool change_offered = false;        // the change-email button exists
    bool ready = false;                 // a letter may be asked for now
    int seconds_left = 0;               // until ready, rounded up; 0 once ready
    int resends_left = 0;
    bool changing = false;              // the email fields are open again
    bool sending = false;               // a follow-up request is in flight
    FollowUpEvent event = FollowUpEvent::None;
    ErrorCode notice = ErrorCode::Ok;   // why no more letters, or why the last ask failed; Ok: none
};

// [SECTION] FormSession
class FormSession {
public:
    explicit FormSession(WidgetConfig config = {}, Lang lang = Lang::Uk);

    // Typing. type() applies the as-you-type transform (account mask, CAPTCHA layout
    // mapping and upper case) and returns the text and caret the input should show;
    // `caret` is a byte offset into `typed`. set_text() stores text as it is.
    MaskedText type(Field f, std::string_view typed, std::size_t caret);
    void set_text(Field f, std::string text);
    const std::string& text(Field f) const { return texts_[index(f)]; }
    void blur(Field f);                      // shows the field's verdict if it has text
    void set_caps_lock(bool on);
    bool apply_suggestion(Field f);          // takes the field's one-click fix, if any

    bool no_patronymic_allowed() const { return config_.rules.patronymic_optional; }
    void set_no_patronymic(bool on);         // clears the patronymic; ignored unless allowed
    bool no_patronymic() const { return no_patronymic_; }

    // CAPTCHA. A new challenge clears the answer (it was for another picture) but keeps a
    // server error at the field until the user types.
    void set_challenge(CaptchaChallenge c);
    void drop_challenge();
    const std::optional<CaptchaChallenge>& challenge() const { return challenge_; }

    // Submitting.
    bool submit_attempt();                   // shows every verdict; true when all are accepted
    bool can_submit() const;                 // accepted, a challenge in hand, nothing in flight
    std::optional<EncodedBody> begin_submit();     // the payload as configured, once per flight
    void apply_reply(const ServerReply& reply, double now_ms = 0);  // success also wipes the passwords
    Phase phase() const { return phase_; }
    bool sending() const { return phase_ == Phase::Sending; }

    // What the widget shows.
    FieldView view(Field f) const;
    std::optional<Strength> strength() const;        // nullopt while the password is empty
    const std::optional<Notice>& notice() const { return notice_; }
    std::optional<Field> first_error() const;        // first field in form order showing an error
    const Verdict& verdict(Field f) const { return verdicts_[index(f)]; }
    std::string registered_email() const;            // canonical email, once registered
    Lang lang() const { return lang_; }
    const WidgetConfig& config() const { return config_; }

    // After the registration (see its section above).
    void set_follow_up_endpoints(FollowUpEndpoints e) { endpoints_ = e; }
    FollowUpView follow_up(double now_ms) const;      // empty unless registered
    double follow_up_wake_ms(double now_ms) const;    // when the countdown next changes; -1: never
    std::optional<std::string> begin_resend(double now_ms);
    void open_change_email();
    void cancel_change_email();
    std::optional<std::string> begin_change_email(double now_ms);  // shows both fields' verdicts first
    void apply_follow_up_reply(int status, std::string_view body, std::string_view retry_after, double now_ms);

    void reset();                            // an empty form, same configuration and language

private:
    static std::size_t index(Field f) { return static_cast<std::size_t>(f); }
    RuleConfig rules() const;
    FormInput input() const;
    void revalidate();
    void wipe_passwords();                   // zeros the password texts (after success, on reset)

    WidgetConfig config_;
    Lang lang_;
    std::array<std::string, kFieldCount> texts_;
    std::array<bool, kFieldCount> shown_{};
    std::array<std::optional<ErrorCode>, kFieldCount> server_errors_;
    std::array<Verdict, kFieldCount> verdicts_;
    bool caps_lock_ = false;
    bool no_patronymic_ = false;
    std::optional<CaptchaChallenge> challenge_;
    std::optional<Notice> notice_;
    Phase phase_ = Phase::Editing;
    std::string registered_email_;

    enum class Flight { None, Resend, Change };
    bool resend_ready(double now_ms) const;
    bool offered(bool endpoint) const;
    int seconds_left(double now_ms) const;
    FollowUpEndpoints endpoints_;
    std::optional<FollowUpOffer> offer_;     // the 201's handle, and the latest counts
    double next_letter_ms_ = 0;              // when the next letter may be asked for
    bool changing_ = false, gone_ = false;   // gone: not found, or the limit reached
    Flight flight_ = Flight::None;
    std::string pending_email_;              // the address a change is sending to
    FollowUpEvent event_ = FollowUpEvent::None;
    ErrorCode follow_up_notice_ = ErrorCode::Ok;
};

// [SECTION] Text offsets
// DOM selection offsets count UTF-16 code units; the core counts UTF-8 bytes. Offsets
// past the end clamp to the end; an offset inside a character moves to its start.
std::size_t utf8_offset_from_utf16(std::string_view text, std::size_t utf16_units);
std::size_t utf16_offset_from_utf8(std::string_view text, std::size_t byte_offset);

}  // namespace abon
