// The host page's events and the screen reader's sentences (abon/events.hpp).
#include "abon/events.hpp"

#include "abon/json_io.hpp"
#include "abon/ui_text.hpp"

#include <string_view>
#include <utility>
#include <vector>

namespace abon {
namespace {

// "Прізвище: Заповніть це поле"
std::string field_message(const FormSession& s, Field f) {
    return std::string(field_label(f, s.lang())) + ": " + s.view(f).message;
}

// "Надіслати ще раз через 42 с" while a countdown runs and a button waits for it.
std::string countdown(const FollowUpView& v, Lang lang) {
    if (v.seconds_left <= 0 || !(v.resend_offered || v.change_offered)) return {};
    return ui::text(ui::Text::ResendWait, lang, std::to_string(v.seconds_left));
}

std::string joined(std::string a, const std::string& b) {
    if (a.empty()) return b;
    if (!b.empty()) a += " " + b;
    return a;
}

std::string follow_up_answered(const FormSession& s, const FollowUpView& v) {
    const Lang lang = s.lang();
    if (v.event != FollowUpEvent::None) {
        const std::string done =
            ui::text(v.event == FollowUpEvent::Resent ? ui::Text::Resent : ui::Text::Changed, lang, v.email);
        if (const std::string wait = countdown(v, lang); !wait.empty()) return joined(done, wait);
        return v.notice != ErrorCode::Ok ? joined(done, render_message(v.notice, lang)) : done;  // no more letters
    }
    if (v.changing && s.view(Field::Email).state == FieldState::Error) return field_message(s, Field::Email);
    if (v.notice != ErrorCode::Ok) return render_message(v.notice, lang);
    return countdown(v, lang);  // a 429: the countdown again
}

}  // namespace

std::string success_event(const FormSession& session) {
    JsonWriter out;
    out.begin_object().member("account", std::string_view(session.verdict(Field::Account).value));
    out.member("email", std::string_view(session.registered_email())).end_object();
    return out.take();
}

ErrorCode error_event_code(const ServerReply& reply) {
    if (reply.code != ErrorCode::Ok || reply.field_errors.empty()) return reply.code;
    return reply.field_errors.begin()->second;  // the map is in form order
}

std::string error_event(const ServerReply& reply, int status) {
    std::vector<std::pair<std::string_view, std::string_view>> fields;  // by id, as the page always got them
    for (const auto& [f, c] : reply.field_errors) {
        const std::pair<std::string_view, std::string_view> row{field_id(f), error_id(c)};
        auto at = fields.begin();
        while (at != fields.end() && at->first < row.first) ++at;
        fields.insert(at, row);
    }
    JsonWriter out;
    out.begin_object().member("code", error_id(error_event_code(reply))).key("fields").begin_object();
    for (const auto& [id, c] : fields) out.member(id, c);
    out.end_object().member("status", status).end_object();
    return out.take();
}

std::string announcement(const FormSession& session, Moment moment, std::optional<Field> field, double now_ms) {
    const Lang lang = session.lang();
    switch (moment) {
        case Moment::FixApplied:
            return field ? session.text(*field) : std::string();
        case Moment::SubmitRefused: {
            const auto f = session.first_error();
            return f ? std::string(ui::text(ui::Text::CheckFields, lang)) + " " + field_message(session, *f)
                     : std::string();
        }
        case Moment::Sending:
            return std::string(ui::text(ui::Text::Sending, lang));
        case Moment::CaptchaFailed:
            return std::string(ui::text(ui::Text::CaptchaFailed, lang));
        case Moment::Registered:
            return joined(std::string(ui::text(ui::Text::DoneTitle, lang)) + " " +
                              ui::text(ui::Text::DoneLetter, lang, session.registered_email()),
                          countdown(session.follow_up(now_ms), lang));
        case Moment::ReplyRefused: {
            if (session.notice() && !session.notice()->message.empty()) return session.notice()->message;
            const auto f = session.first_error();
            return f ? field_message(session, *f) : std::string();
        }
        case Moment::Countdown:
            return countdown(session.follow_up(now_ms), lang);
        case Moment::ResendReady:
            return std::string(ui::text(ui::Text::ResendReady, lang));
        case Moment::ChangeRefused:
            for (const Field f : {Field::Email, Field::EmailConfirm})
                if (session.view(f).state == FieldState::Error) return field_message(session, f);
            return {};
        case Moment::FollowUpAnswered:
            return follow_up_answered(session, session.follow_up(now_ms));
    }
    return {};
}

}  // namespace abon
