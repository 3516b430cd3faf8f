// abon/events.hpp — what the widget tells the host page (its DOM events' details) and the
// screen reader (the polite live region's sentences). Decided here, so every rendering
// says the same; the widget only sends these strings on.
//
// - abon-signup:success: {"account": canonical, "email": canonical}.
// - abon-signup:error: {"code": the form-level code, else the first field's in form order,
//   "fields": {field id: code, …} ordered by id, "status": the HTTP status (0: no answer,
//   -1: timed out)}.
// - An announcement is one sentence in the session's language; empty when nothing is said.
#pragma once

#include "abon/session.hpp"

#include <optional>
#include <string>

namespace abon {

std::string success_event(const FormSession& session);
ErrorCode error_event_code(const ServerReply& reply);
std::string error_event(const ServerReply& reply, int status);

enum class Moment {
    FixApplied,     // a one-click fix changed `field`: its new text
    SubmitRefused,  // the form's own check refused: the note and the first field's message
    Sending,        // the request left
    CaptchaFailed,  // the picture could not be shown
    Registered,     // the 201: where the letter went, and how long until it can be sent again
    ReplyRefused,   // any other answer: the notice, else the first field's message
    // After the registration (the follow-up view at `now_ms`):
    Countdown,        // the resend countdown (re)started: "in 42 s"; empty when none runs
    ResendReady,      // the countdown ended: a letter may be asked for
    ChangeRefused,    // the reopened email fields' own check refused: the first one's message
    FollowUpAnswered, // what the resend or change-email answer did
};
// Said once each: the countdown when it starts, ResendReady when it ends (not every second).
std::string announcement(const FormSession& session, Moment moment, std::optional<Field> field = {},
                         double now_ms = 0);

}  // namespace abon
