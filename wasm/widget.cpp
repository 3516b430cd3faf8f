#include "widget.hpp"

#include "host.hpp"

#include "abon/controls.hpp"
#include "abon/events.hpp"

#include <random>
#include <utility>

namespace abon::web {

Widget::Widget(WidgetConfig config, Lang lang, Endpoints endpoints, Scheduler scheduler)
    : session_(std::move(config), lang), endpoints_(std::move(endpoints)), scheduler_(std::move(scheduler)) {
    session_.set_follow_up_endpoints({!endpoints_.resend_url.empty(), !endpoints_.change_email_url.empty()});
}

void Widget::start() {
    renew_captcha();
    request_frame();
}

void Widget::reset() {
    session_.reset();
    follow_up_request_ = 0;
    said_ready_ = true;
    ui_ = ui::UiState{};
    for (std::size_t i = 0; i < kFieldCount; ++i) write_back(static_cast<Field>(i));
    renew_captcha();
    request_frame();
}

bool Widget::field_focused() const { return parse_field_id(ui_.focus).has_value(); }

// [SECTION] DOM events

void Widget::input(Field f, std::string_view value, std::size_t sel_start, std::size_t sel_end,
                   bool composing, std::size_t comp_start, std::size_t comp_end) {
    ui::FieldEdit& e = ui_.edits[static_cast<std::size_t>(f)];
    e.composing = composing;
    if (composing) {  // the IME owns the text until it commits: no mask, no mapping
        session_.set_text(f, std::string(value));
        e.comp_start = utf8_offset_from_utf16(value, comp_start);
        e.comp_end = utf8_offset_from_utf16(value, comp_end);
    } else {
        const std::size_t caret = utf8_offset_from_utf16(value, sel_end);
        const MaskedText out = session_.type(f, value, caret);
        if (out.text != value) {
            host_set_value(field_id(f), out.text, utf16_offset_from_utf8(out.text, out.caret));
            sel_start = sel_end = utf16_offset_from_utf8(out.text, out.caret);
        }
    }
    const std::string& text = session_.text(f);
    e.sel_start = utf8_offset_from_utf16(text, sel_start);
    e.sel_end = utf8_offset_from_utf16(text, sel_end);
    if (scheduler_.restart_blink) scheduler_.restart_blink();
    request_frame();
}

void Widget::select(Field f, std::size_t sel_start, std::size_t sel_end) {
    ui::FieldEdit& e = ui_.edits[static_cast<std::size_t>(f)];
    const std::string& text = session_.text(f);
    const std::size_t a = utf8_offset_from_utf16(text, sel_start), b = utf8_offset_from_utf16(text, sel_end);
    if (a == e.sel_start && b == e.sel_end) return;
    e.sel_start = a;
    e.sel_end = b;
    if (scheduler_.restart_blink) scheduler_.restart_blink();
    request_frame();
}

void Widget::focus(std::string_view id, bool focus_visible) {
    ui_.focus = std::string(id);
    ui_.focus_visible = focus_visible;
    if (parse_field_id(id) && scheduler_.restart_blink) scheduler_.restart_blink();
    request_frame();
}

void Widget::blur(std::string_view id) {
    if (const auto f = parse_field_id(id)) {
        session_.blur(*f);
        ui_.edits[static_cast<std::size_t>(*f)].composing = false;
    }
    if (ui_.focus == id) ui_.focus.clear();
    request_frame();
}

void Widget::caps_lock(bool on) {
    if (on == caps_lock_) return;  // sent with every key: draw only on a change
    caps_lock_ = on;
    session_.set_caps_lock(on);
    request_frame();
}

void Widget::press(std::string_view id) {
    const auto c = parse_control_id(id);
    if (!c) return;
    switch (c->kind) {
        case ControlKind::Register: submit(); break;
        case ControlKind::CaptchaRefresh: renew_captcha(); break;
        case ControlKind::CaptchaListen: break;  // the page's button plays its href: a gesture the browser needs
        case ControlKind::Reveal: {
            bool& revealed = ui_.edits[static_cast<std::size_t>(c->field)].revealed;
            revealed = !revealed;
            break;
        }
        case ControlKind::Fix:
            if (session_.apply_suggestion(c->field)) {
                write_back(c->field);
                host_focus(field_id(c->field));  // the fix button is gone; the field keeps the focus
                host_announce(announcement(session_, Moment::FixApplied, c->field));
            }
            break;
        case ControlKind::Resend:
            if (auto body = session_.begin_resend(now())) send_follow_up(endpoints_.resend_url, std::move(*body));
            break;
        case ControlKind::ChangeEmail:
            session_.open_change_email();
            if (session_.follow_up(now()).changing) {
                write_back(Field::Email);
                write_back(Field::EmailConfirm);
                host_focus(field_id(Field::Email));
            }
            break;
        case ControlKind::SendToNew: submit_change(); break;
        case ControlKind::CancelChange:
            session_.cancel_change_email();
            host_focus(control_id({ControlKind::Done}));
            break;
        case ControlKind::Field: case ControlKind::NoPatronymic: case ControlKind::Done: case ControlKind::Mailbox:
            break;  // the mailbox is a link: the browser opens it
    }
    request_frame();
}

void Widget::check(std::string_view id, bool on) {
    if (parse_control_id(id) == Control{ControlKind::NoPatronymic}) {
        session_.set_no_patronymic(on);
        write_back(Field::Patronymic);
    }
    request_frame();
}

void Widget::write_back(Field f) {
    const std::string& text = session_.text(f);
    const std::size_t end = utf16_offset_from_utf8(text, text.size());
    host_set_value(field_id(f), text, end);
    ui::FieldEdit& e = ui_.edits[static_cast<std::size_t>(f)];
    e.sel_start = e.sel_end = text.size();
    e.composing = false;
}

void Widget::submit() {
    if (session_.phase() == Phase::Registered) {  // Enter in the reopened email fields
        if (session_.follow_up(now()).changing) submit_change();
        return;
    }
    if (session_.phase() != Phase::Editing) return;  // a request in flight
    ui_.check_fields = !session_.submit_attempt();
    if (ui_.check_fields) {
        if (const auto f = session_.first_error()) {
            host_focus(field_id(*f));
            host_announce(announcement(session_, Moment::SubmitRefused));
        }
        request_frame();
        return;
    }
    auto sent = session_.begin_submit();  // JSON or form fields, as configured
    if (!sent) {  // no challenge in hand: the picture failed or expired
        renew_captcha();
        request_frame();
        return;
    }
    HttpRequest r;
    r.id = register_request_ = next_id();
    r.method = "POST";
    r.url = endpoints_.register_url;
    r.body = std::move(sent->body);
    r.content_type = std::move(sent->content_type);
    r.timeout_ms = session_.config().request_timeout_ms;
    r.max_bytes = kMaxAnswerBytes;
    host_request(r);
    wipe(r.body);  // JS has its own copy now: zero the one with the password
    host_announce(announcement(session_, Moment::Sending));
    request_frame();
}

// [SECTION] Network

void Widget::renew_captcha() {
    if (session_.phase() != Phase::Editing) return;  // in flight: the answer renews it; registered: done
    session_.drop_challenge();
    write_back(Field::Captcha);
    ui_.picture.state = ui::PictureState::Loading;
    picture_request_ = 0;
    if (session_.config().captcha_mode == CaptchaMode::Image) {
        // The picture is the challenge; the site keeps its answer in the session cookie.
        if (picture_nonce_ == 0) picture_nonce_ = std::random_device{}() | 1u;  // unlike the last page load's
        CaptchaChallenge c = image_challenge(endpoints_.captcha_url, session_.config(), picture_nonce_++);
        HttpRequest r;
        r.id = picture_request_ = next_id();
        r.url = c.image_url;
        r.timeout_ms = session_.config().request_timeout_ms;
        r.binary = true;
        r.max_bytes = kCaptchaImageMaxBytes;
        session_.set_challenge(std::move(c));
        host_request(r);
        request_frame();
        return;
    }
    HttpRequest r;
    r.id = challenge_request_ = next_id();
    r.url = endpoints_.captcha_url;
    r.timeout_ms = session_.config().request_timeout_ms;
    r.max_bytes = kMaxAnswerBytes;
    host_request(r);
    request_frame();
}

void Widget::captcha_expired() {
    if (session_.challenge()) renew_captcha();
}

void Widget::on_text(int request, int status, std::string_view body, std::string_view retry_after,
                     bool redirected) {
    if (request == 0) return;
    if (request == challenge_request_) {
        challenge_request_ = 0;
        auto challenge = status == 200 ? parse_captcha_challenge(body) : std::nullopt;
        // The image must come from the captcha URL's origin (issue 13, point 6).
        const auto image_url =
            challenge ? resolve_captcha_image_url(challenge->image_url, endpoints_.captcha_url) : std::nullopt;
        if (!challenge || !image_url) {
            ui_.picture.state = ui::PictureState::Failed;
            host_announce(announcement(session_, Moment::CaptchaFailed));
            request_frame();
            return;
        }
        HttpRequest r;
        r.id = picture_request_ = next_id();
        r.url = *image_url;
        r.timeout_ms = session_.config().request_timeout_ms;
        r.binary = true;
        r.max_bytes = kCaptchaImageMaxBytes;
        if (scheduler_.expire_captcha_in) scheduler_.expire_captcha_in(challenge->expires_in);
        // The sound, like the picture, only from the captcha URL's origin; another is dropped.
        challenge->audio_url = resolve_captcha_image_url(challenge->audio_url, endpoints_.captcha_url).value_or("");
        session_.set_challenge(std::move(*challenge));
        write_back(Field::Captcha);
        host_request(r);
        request_frame();
    } else if (request == register_request_) {
        register_request_ = 0;
        const ServerReply reply = interpret_response(status, body, retry_after, session_.config().names, redirected);
        session_.apply_reply(reply, now());
        if (!reply.follow_up_problem.empty()) host_log("abon-signup: no resend or change of address: " + reply.follow_up_problem);
        after_reply(reply, status);
        request_frame();
    } else if (request == follow_up_request_) {
        follow_up_request_ = 0;
        session_.apply_follow_up_reply(status, body, retry_after, now());
        after_follow_up();
        request_frame();
    }
}

// [SECTION] After the registration

void Widget::send_follow_up(const std::string& url, std::string body) {
    HttpRequest r;
    r.id = follow_up_request_ = next_id();
    r.method = "POST";
    r.url = url;
    r.body = std::move(body);  // holds the handle: never logged
    r.timeout_ms = session_.config().request_timeout_ms;
    r.max_bytes = kMaxAnswerBytes;
    host_request(r);
    host_announce(announcement(session_, Moment::Sending));
}

void Widget::submit_change() {
    if (auto body = session_.begin_change_email(now())) {
        send_follow_up(endpoints_.change_email_url, std::move(*body));
        return;
    }
    for (const Field f : {Field::Email, Field::EmailConfirm}) {
        if (session_.view(f).state != FieldState::Error) continue;
        host_focus(field_id(f));
        host_announce(announcement(session_, Moment::ChangeRefused));
        break;
    }
}

// Said once: when the countdown starts ("in 42 s"); tick() says when the button is enabled.
void Widget::announce_countdown() {
    said_ready_ = session_.follow_up(now()).seconds_left == 0;
    if (const std::string said = announcement(session_, Moment::Countdown, {}, now()); !said.empty())
        host_announce(said);
}

void Widget::after_follow_up() {
    const FollowUpView v = session_.follow_up(now());
    if (v.event != FollowUpEvent::None) {
        write_back(Field::Email);
        write_back(Field::EmailConfirm);
        host_focus(control_id({ControlKind::Done}));
    } else if (v.changing && session_.view(Field::Email).state == FieldState::Error) {
        host_focus(field_id(Field::Email));
    } else if (v.notice != ErrorCode::Ok) {
        host_focus(control_id({ControlKind::Done}));
    }
    said_ready_ = v.seconds_left == 0;
    if (const std::string said = announcement(session_, Moment::FollowUpAnswered, {}, now()); !said.empty())
        host_announce(said);
}

void Widget::tick() {
    const FollowUpView v = session_.follow_up(now());
    if (v.ready && !said_ready_) {
        said_ready_ = true;
        host_announce(announcement(session_, Moment::ResendReady));
    }
    request_frame();
}

void Widget::after_reply(const ServerReply& reply, int status) {
    if (reply.kind == ReplyKind::Success) {
        host_emit("abon-signup:success", success_event(session_));
        write_back(Field::Password);  // the session wiped them; so do the DOM inputs
        write_back(Field::PasswordConfirm);
        said_ready_ = session_.follow_up(now()).seconds_left == 0;
        host_announce(announcement(session_, Moment::Registered, {}, now()));
        host_focus(control_id({ControlKind::Done}));
        return;
    }
    host_emit("abon-signup:error", error_event(reply, status));
    if (const auto f = session_.first_error()) host_focus(field_id(*f));
    if (const std::string said = announcement(session_, Moment::ReplyRefused); !said.empty()) host_announce(said);
    if (reply.renew_captcha) renew_captcha();
}

void Widget::on_bytes(int request, int status, std::string_view bytes) {
    if (request == 0 || request != picture_request_) return;
    picture_request_ = 0;
    ImageResult decoded = status == 200 ? decode_captcha_png(bytes) : ImageResult{ErrorCode::NetworkError, {}};
    if (!decoded.ok()) {
        ui_.picture.state = ui::PictureState::Failed;
        host_announce(announcement(session_, Moment::CaptchaFailed));
        host_log("abon-signup: the CAPTCHA picture could not be used (" + std::string(error_id(decoded.code)) + ")");
    } else {
        picture_ = std::move(decoded.image);  // uploaded by the next frame
    }
    request_frame();
}

std::optional<DecodedImage> Widget::take_picture() {
    std::optional<DecodedImage> out = std::move(picture_);
    picture_.reset();
    return out;
}

}  // namespace abon::web
