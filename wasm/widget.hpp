// wasm/widget.hpp — one registration widget: the core's FormSession, what the DOM reported,
// and the requests in flight. It decides nothing itself: verdicts, payloads and answers
// come from the core (session.hpp, payload.hpp, captcha_image.hpp).
//
// - Every DOM event is applied to the session at once, in the event's own task; frames
//   only paint. So no keystroke can be lost between frames drawn on demand.
// - Requests carry an id; an answer to a request that has been replaced (an old CAPTCHA)
//   is dropped.
// - Timeouts: every request gives up after the config's request_timeout_ms (20 s unless
//   the integrator says otherwise) and counts as ErrorCode::Timeout (status -1).
// - After the registration the resend countdown asks for one frame a second while it
//   runs (next_wake_ms()), none once the button is enabled. It is said aloud when it
//   starts and when the button becomes enabled, not every second.
#pragma once

#include "abon/captcha_image.hpp"
#include "abon/session.hpp"
#include "form_view.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace abon::web {

inline constexpr std::size_t kMaxAnswerBytes = 64 * 1024;  // JSON answers

struct Endpoints {
    std::string register_url = "/api/register";
    std::string captcha_url = "/api/captcha";
    std::string resend_url, change_email_url;  // "" : the element has no such attribute
};

// What the widget needs from the frame loop (loop.cpp).
struct Scheduler {
    std::function<void()> request_frame;
    std::function<void()> restart_blink;           // the caret shows at once, then blinks
    std::function<void(int seconds)> expire_captcha_in;
    std::function<double()> now_ms;                // a monotonic clock (performance.now())
};

class Widget {
public:
    Widget(WidgetConfig config, Lang lang, Endpoints endpoints, Scheduler scheduler);

    void start();                                  // fetches the first CAPTCHA

    // [SECTION] DOM events (offsets are the browser's UTF-16 units)
    void input(Field f, std::string_view value, std::size_t sel_start, std::size_t sel_end,
               bool composing, std::size_t comp_start, std::size_t comp_end);
    void select(Field f, std::size_t sel_start, std::size_t sel_end);
    void focus(std::string_view id, bool focus_visible);
    void blur(std::string_view id);
    void caps_lock(bool on);
    void press(std::string_view id);               // a button
    void check(std::string_view id, bool on);      // a checkbox
    void submit();                                 // Enter or the Register button

    // [SECTION] Network answers
    // redirected: the answer came after a redirect (a classic form's 303 to its welcome page).
    void on_text(int request, int status, std::string_view body, std::string_view retry_after,
                 bool redirected = false);
    void on_bytes(int request, int status, std::string_view bytes);
    void captcha_expired();
    void tick();                                   // the countdown's next second is due

    double now() const { return scheduler_.now_ms ? scheduler_.now_ms() : 0; }
    double next_wake_ms() const { return session_.follow_up_wake_ms(now()); }  // -1: nothing due

    // [SECTION] For the frame loop
    const FormSession& session() const { return session_; }
    ui::UiState& ui() { return ui_; }
    bool field_focused() const;
    std::optional<DecodedImage> take_picture();    // a decoded CAPTCHA waiting for upload
    void reset();                                  // an empty form and a new CAPTCHA

private:
    void renew_captcha();
    void request_frame() { if (scheduler_.request_frame) scheduler_.request_frame(); }
    void write_back(Field f);                      // the session's text into the DOM input
    void after_reply(const ServerReply& reply, int status);
    void send_follow_up(const std::string& url, std::string body);
    void submit_change();
    void after_follow_up();
    void announce_countdown();
    int next_id() { return ++last_id_; }

    FormSession session_;
    ui::UiState ui_;
    Endpoints endpoints_;
    Scheduler scheduler_;
    int last_id_ = 0;
    int challenge_request_ = 0, picture_request_ = 0, register_request_ = 0, follow_up_request_ = 0;
    bool said_ready_ = true;                      // the enabled resend button has been announced
    std::uint32_t picture_nonce_ = 0;             // captcha_mode "image": a new URL each fetch
    std::optional<DecodedImage> picture_;
    bool caps_lock_ = false;
};

}  // namespace abon::web
