// The widget's form state machine (see session.hpp for the contract).
#include "abon/session.hpp"

#include "abon/captcha.hpp"

#include <utility>

namespace abon {
namespace {

// Bytes in the UTF-8 sequence that starts with `lead`; 1 for a stray byte, so that
// malformed text still advances.
std::size_t sequence_length(unsigned char lead) {
    if (lead >= 0xF0 && lead < 0xF8) return 4;
    if (lead >= 0xE0) return lead < 0xF0 ? 3 : 1;
    if (lead >= 0xC0) return 2;
    return 1;
}

std::string upper_ascii(std::string text) {
    for (char& c : text)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return text;
}

// The CAPTCHA answer as it should read: Ukrainian-layout letters mapped back to the Latin
// key, Latin letters upper-cased. The caret stays after the same typed character.
MaskedText map_captcha_typing(std::string_view typed, std::size_t caret, std::string_view alphabet) {
    if (caret > typed.size()) caret = typed.size();
    MaskedText out;
    out.text = upper_ascii(map_captcha_input(typed, alphabet));
    out.caret = upper_ascii(map_captcha_input(typed.substr(0, caret), alphabet)).size();
    if (out.caret > out.text.size()) out.caret = out.text.size();
    return out;
}

}  // namespace

std::string_view field_state_id(FieldState s) {
    switch (s) {
        case FieldState::Untouched: return "untouched";
        case FieldState::Ok: return "ok";
        case FieldState::Warning: return "warning";
        case FieldState::Error: return "error";
    }
    return "untouched";
}

FormSession::FormSession(WidgetConfig config, Lang lang) : config_(std::move(config)), lang_(lang) {
    revalidate();
}

RuleConfig FormSession::rules() const {
    RuleConfig r = config_.rules;
    r.patronymic_optional = config_.rules.patronymic_optional && no_patronymic_;
    if (challenge_ && challenge_->length > 0) r.captcha_length = challenge_->length;  // 0: a picture of any length
    if (challenge_) r.captcha_alphabet = challenge_->alphabet;
    return r;
}

FormInput FormSession::input() const {
    FormInput in;
    for (std::size_t i = 0; i < kFieldCount; ++i) in.values[i] = texts_[i];
    in.caps_lock = caps_lock_;
    return in;
}

void FormSession::revalidate() {
    const FormVerdict all = validate_form(input(), rules());
    for (std::size_t i = 0; i < kFieldCount; ++i) verdicts_[i] = all.fields[i].value_or(Verdict{});
}

MaskedText FormSession::type(Field f, std::string_view typed, std::size_t caret) {
    MaskedText out;
    if (f == Field::Account) {
        out = mask_account_input(typed, caret);
    } else if (f == Field::Captcha) {
        out = map_captcha_typing(typed, caret, challenge_ ? std::string_view(challenge_->alphabet) : std::string_view());
    } else {
        out.text = std::string(typed);
        out.caret = caret > typed.size() ? typed.size() : caret;
    }
    if (f == Field::Patronymic && no_patronymic_) out = {};
    set_text(f, out.text);
    return out;
}

void FormSession::set_text(Field f, std::string text) {
    if (f == Field::Patronymic && no_patronymic_) text.clear();
    std::string& current = texts_[index(f)];
    if (current == text) return;
    current = std::move(text);
    server_errors_[index(f)].reset();
    revalidate();
}

void FormSession::blur(Field f) {
    if (!texts_[index(f)].empty()) shown_[index(f)] = true;
}

void FormSession::set_caps_lock(bool on) {
    if (caps_lock_ == on) return;
    caps_lock_ = on;
    revalidate();
}

bool FormSession::apply_suggestion(Field f) {
    const std::string fix = view(f).suggestion;
    if (fix.empty()) return false;
    set_text(f, fix);
    shown_[index(f)] = true;
    return true;
}

void FormSession::set_no_patronymic(bool on) {
    if (!no_patronymic_allowed() || no_patronymic_ == on) return;
    no_patronymic_ = on;
    if (on) {
        texts_[index(Field::Patronymic)].clear();
        server_errors_[index(Field::Patronymic)].reset();
    }
    revalidate();
}

void FormSession::set_challenge(CaptchaChallenge c) {
    challenge_ = std::move(c);
    texts_[index(Field::Captcha)].clear();
    shown_[index(Field::Captcha)] = false;
    revalidate();
}

void FormSession::drop_challenge() {
    challenge_.reset();
    texts_[index(Field::Captcha)].clear();
    shown_[index(Field::Captcha)] = false;
    revalidate();
}

bool FormSession::submit_attempt() {
    shown_.fill(true);
    for (const Verdict& v : verdicts_)
        if (!v.ok()) return false;
    return true;
}

bool FormSession::can_submit() const {
    if (phase_ != Phase::Editing || !challenge_) return false;
    for (const Verdict& v : verdicts_)
        if (!v.ok()) return false;
    return true;
}

std::optional<EncodedBody> FormSession::begin_submit() {
    if (!can_submit()) return std::nullopt;
    phase_ = Phase::Sending;
    notice_.reset();
    FormInput in = input();
    const Payload payload = make_payload(validate_form(in, rules()), in, challenge_->token, lang_);
    if (auto& pw = in[Field::Password]) wipe(*pw);
    if (auto& pw = in[Field::PasswordConfirm]) wipe(*pw);
    return encode_payload(payload, config_);
}

void FormSession::apply_reply(const ServerReply& reply, double now_ms) {
    if (phase_ != Phase::Sending) return;  // a late answer to a request already settled
    phase_ = Phase::Editing;
    notice_.reset();
    if (reply.kind == ReplyKind::Success) {
        phase_ = Phase::Registered;
        registered_email_ = verdicts_[index(Field::Email)].value;
        if (reply.follow_up && !reply.follow_up->handle.empty()) {
            offer_ = reply.follow_up;
            next_letter_ms_ = now_ms + 1000.0 * offer_->resend_after;
            if (!offer_->email.empty()) registered_email_ = offer_->email;  // as the server canonicalised it
        }
        wipe_passwords();  // sent: the form is done with them
        return;
    }
    for (const auto& [field, code] : reply.field_errors) {
        server_errors_[index(field)] = code;
        shown_[index(field)] = true;
    }
    if (reply.code != ErrorCode::Ok) {
        const std::string detail =
            reply.code == ErrorCode::RateLimited ? std::to_string(reply.retry_after_seconds) : std::string();
        notice_ = Notice{reply.code, render_message(reply.code, lang_, detail)};
    }
    if (reply.renew_captcha) {
        challenge_.reset();
        texts_[index(Field::Captcha)].clear();  // keeps the server's error at the field
        revalidate();
    }
}

FieldView FormSession::view(Field f) const {
    const std::size_t i = index(f);
    if (f == Field::Patronymic && no_patronymic_) return {};
    const Verdict& v = verdicts_[i];

    // Caps Lock is worth knowing before the first blur and above any other message.
    const bool secret = f == Field::Password || f == Field::PasswordConfirm;
    if (secret && caps_lock_ && !texts_[i].empty())
        return {FieldState::Warning, ErrorCode::PasswordCapsLock,
                render_message(ErrorCode::PasswordCapsLock, lang_), {}};

    if (const auto& server = server_errors_[i]) {
        const std::string detail =
            *server == ErrorCode::CaptchaLength && challenge_ ? std::to_string(challenge_->length) : std::string();
        return {FieldState::Error, *server, render_message(*server, lang_, detail), {}};
    }

    if (!shown_[i]) {
        if (f == Field::Password && v.has_warning(ErrorCode::PasswordCyrillic))
            return {FieldState::Warning, ErrorCode::PasswordCyrillic, describe(v, ErrorCode::PasswordCyrillic, lang_), {}};
        return {};
    }
    if (!v.ok()) return {FieldState::Error, v.code, describe(v, lang_), v.suggestion};
    for (const ErrorCode w : v.warnings) {
        if (w == ErrorCode::PasswordShort || w == ErrorCode::PasswordCapsLock) continue;
        return {FieldState::Warning, w, describe(v, w, lang_), v.suggestion};
    }
    if (v.has_warning(ErrorCode::PasswordShort))  // a note, not a problem: the hint to go longer
        return {FieldState::Ok, ErrorCode::PasswordShort, describe(v, ErrorCode::PasswordShort, lang_), {}};
    return {FieldState::Ok, ErrorCode::Ok, {}, {}};
}

std::optional<Strength> FormSession::strength() const {
    const std::string& pw = texts_[index(Field::Password)];
    if (pw.empty()) return std::nullopt;
    return password_strength(pw);
}

std::optional<Field> FormSession::first_error() const {
    for (std::size_t i = 0; i < kFieldCount; ++i)
        if (view(static_cast<Field>(i)).state == FieldState::Error) return static_cast<Field>(i);
    return std::nullopt;
}

std::string FormSession::registered_email() const { return registered_email_; }

void FormSession::wipe_passwords() {
    for (const Field f : {Field::Password, Field::PasswordConfirm}) {
        wipe(texts_[index(f)]);
        wipe(verdicts_[index(f)].value);
    }
    revalidate();
}

void FormSession::reset() {
    wipe_passwords();
    for (std::string& t : texts_) t.clear();
    shown_.fill(false);
    for (auto& e : server_errors_) e.reset();
    no_patronymic_ = false;
    challenge_.reset();
    notice_.reset();
    phase_ = Phase::Editing;
    registered_email_.clear();
    offer_.reset();
    changing_ = gone_ = false;
    flight_ = Flight::None;
    pending_email_.clear();
    event_ = FollowUpEvent::None;
    follow_up_notice_ = ErrorCode::Ok;
    revalidate();
}

std::size_t utf8_offset_from_utf16(std::string_view text, std::size_t utf16_units) {
    std::size_t bytes = 0, units = 0;
    while (bytes < text.size()) {
        const std::size_t len = sequence_length(static_cast<unsigned char>(text[bytes]));
        const std::size_t width = len == 4 ? 2 : 1;
        if (units + width > utf16_units) break;
        units += width;
        bytes += len;
    }
    return bytes > text.size() ? text.size() : bytes;
}

std::size_t utf16_offset_from_utf8(std::string_view text, std::size_t byte_offset) {
    std::size_t bytes = 0, units = 0;
    while (bytes < text.size()) {
        const std::size_t len = sequence_length(static_cast<unsigned char>(text[bytes]));
        if (bytes + len > byte_offset) break;
        units += len == 4 ? 2 : 1;
        bytes += len;
    }
    return units;
}

}  // namespace abon
