#include "loop.hpp"

#include "host.hpp"
#include "layout_json.hpp"
#include "painter.hpp"
#include "secure_heap.hpp"

#include <emscripten/emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <optional>
#include <string>

namespace abon::web {
namespace {

struct App {
    Painter painter;
    bool painting = false;  // the canvas rendering; without it the page draws the DOM form
    bool painter_ready = false;  // its context and programs made, its font files taken
    std::optional<Widget> widget;
    float width = 0, ratio = 1;
    bool frame_pending = false;
    long blink_timer = 0, spinner_timer = 0, expiry_timer = 0, countdown_timer = 0;
    int frames = 0, painted = 0;
    std::string last_layout;
    std::string font_regular, font_bold;  // the page's font files, read by the atlas
    bool blink = true;
    std::optional<DecodedImage> picture;  // the CAPTCHA shown while the canvas was not painting
};

App& app() {
    static App instance;  // one per module instance: each <abon-signup> has its own module
    return instance;
}

void request_frame();
constexpr double kCheckPainterMs = 1000;

// From now on the page renders the DOM form: the layout is walked without fonts.
void stop_now() {
    App& a = app();
    if (!a.painting) return;
    a.painting = false;
    if (a.widget) {
        a.painter.release(a.widget->ui().picture.texture);
        a.widget->ui().picture.texture = nullptr;
    }
    a.last_layout.clear();
    request_frame();
}

// The painter's programs link in the GPU process; asking for the result makes the page
// wait for that work, so it is asked once the form is on screen and settled.
void check_painter(void*) {
    App& a = app();
    if (!a.painting) return;
    const std::string why = a.painter.check();
    if (why.empty()) return;
    host_log("abon-signup: " + why + "; showing the DOM form");
    stop_now();
    host_fallback();
}

// The CAPTCHA is asked for once the form is drawn: its answer is not needed before the
// user reaches its field, and reading it should not delay the first frame.
void after_first_frame(void*) {
    App& a = app();
    if (a.widget) a.widget->start();
}

void on_blink(void*) {
    App& a = app();
    a.blink_timer = 0;
    if (!a.widget || !a.widget->field_focused()) return;
    a.widget->ui().caret_on = !a.widget->ui().caret_on;
    request_frame();
}

void on_spinner(void*) {
    App& a = app();
    a.spinner_timer = 0;
    if (!a.widget || !a.widget->session().sending()) return;
    a.widget->ui().spinner += 0.45f;
    request_frame();
}

void on_expiry(void*) {
    App& a = app();
    a.expiry_timer = 0;
    if (a.widget) a.widget->captcha_expired();
}

void on_countdown(void*) {
    App& a = app();
    a.countdown_timer = 0;
    if (a.widget) a.widget->tick();
}

double now_ms() { return emscripten_get_now(); }

void restart_blink() {
    App& a = app();
    if (a.widget) a.widget->ui().caret_on = true;
    if (a.blink_timer) emscripten_clear_timeout(a.blink_timer);
    a.blink_timer = 0;  // the next frame arms it again
}

void expire_captcha_in(int seconds) {
    App& a = app();
    if (a.expiry_timer) emscripten_clear_timeout(a.expiry_timer);
    a.expiry_timer = emscripten_set_timeout(on_expiry, seconds * 1000.0, nullptr);
}

// What the frame just drawn asks of the next ones.
void schedule_after_frame(Widget& w) {
    App& a = app();
    // The resend countdown, in both renderings: one frame at its next second, none once done.
    if (const double wake = w.next_wake_ms(); wake >= 0 && !a.countdown_timer)
        a.countdown_timer = emscripten_set_timeout(on_countdown, std::max(0.0, wake - now_ms()) + 1, nullptr);
    if (!a.painting) return;  // the DOM rendering has its own caret and spinner
    if (w.session().sending() && !a.spinner_timer)
        a.spinner_timer = emscripten_set_timeout(on_spinner, kSpinnerMs, nullptr);
    if (w.field_focused() && a.blink) {
        if (!a.blink_timer) a.blink_timer = emscripten_set_timeout(on_blink, kBlinkMs, nullptr);
    } else if (a.blink_timer) {
        emscripten_clear_timeout(a.blink_timer);
        a.blink_timer = 0;
        w.ui().caret_on = true;
    }
}

EM_BOOL on_animation_frame(double, void*) {
    App& a = app();
    a.frame_pending = false;
    if (!a.widget || a.width <= 0) return EM_FALSE;
    Widget& w = *a.widget;
    w.ui().now_ms = now_ms();
    if (auto picture = w.take_picture()) {
        ui::Picture& p = w.ui().picture;
        host_picture(*picture);  // the DOM rendering draws it too, into its own 2D canvas
        if (a.painting) a.painter.release(p.texture);
        p = {ui::PictureState::Ready, a.painting ? a.painter.upload(*picture) : nullptr, picture->width,
             picture->height};
        if (!a.painting) a.picture = std::move(*picture);  // for the canvas, should it take over
    } else if (a.painting && a.picture) {
        ui::Picture& p = w.ui().picture;
        if (p.state == ui::PictureState::Ready && !p.texture) p.texture = a.painter.upload(*a.picture);
        a.picture.reset();
    }
    // Without the canvas the form is walked without fonts: what each element shows, no places.
    const ui::Layout layout = a.painting ? a.painter.draw(w.session(), w.ui(), a.width, a.ratio)
                                         : ui::draw_form(nullptr, w.session(), w.ui(), ui::Fonts{}, a.width);
    if (++a.frames == 1) emscripten_set_timeout(after_first_frame, 0, nullptr);
    if (a.painting && ++a.painted == 1) emscripten_set_timeout(check_painter, kCheckPainterMs, nullptr);
    std::string json = ui::layout_json(layout);
    if (json != a.last_layout) {
        a.last_layout = std::move(json);
        host_layout(a.last_layout);
    }
    schedule_after_frame(w);
    wipe_dead_stack();  // the frame drew the fields' texts, the password among them
    return EM_FALSE;    // one frame per request
}

void request_frame() {
    App& a = app();
    if (a.frame_pending) return;
    a.frame_pending = true;
    emscripten_request_animation_frame(on_animation_frame, nullptr);
}

}  // namespace

bool start_app(WidgetConfig config, Lang lang, Endpoints endpoints, bool canvas) {
    App& a = app();
    if (a.widget) return true;
    if (canvas && !a.painter.init({a.font_regular, a.font_bold})) return false;
    a.painting = a.painter_ready = canvas;
    a.widget.emplace(std::move(config), lang, std::move(endpoints),
                     Scheduler{request_frame, restart_blink, expire_captcha_in, now_ms});  // started after the first frame
    return true;
}

Widget* app_widget() {
    App& a = app();
    return a.widget ? &*a.widget : nullptr;
}

void set_viewport(float css_width, float pixel_ratio) {
    App& a = app();
    if (css_width == a.width && pixel_ratio == a.ratio) return;
    a.width = css_width;
    a.ratio = pixel_ratio > 0 ? pixel_ratio : 1.0f;
    if (a.frames == 0) on_animation_frame(0, nullptr);  // the first frame now, not one display refresh later
    else request_frame();
}

bool start_painting() {
    App& a = app();
    if (a.painter_ready) return true;
    if (!a.widget || !a.painter.init({a.font_regular, a.font_bold})) return false;
    a.painter_ready = true;
    return true;  // the frames stay the DOM rendering's until the atlas is there (prepare_painting)
}

void prepare_painting() {
    App& a = app();
    if (!a.painter_ready || a.painting || !a.widget) return;
    a.painter.prepare(a.ratio, a.widget->session().lang());
    a.painting = true;
    a.painted = 0;
    a.last_layout.clear();  // the page asks for the first frame (draw_now) when it shows the canvas
}

void set_font_file(bool bold, std::string bytes) {
    App& a = app();
    if (a.painter_ready) return;  // the atlas holds views into the files it was built from
    (bold ? a.font_bold : a.font_regular) = std::move(bytes);
}

void set_reduced_motion(bool reduced) {
    App& a = app();
    a.blink = !reduced;
    if (reduced) restart_blink();  // the caret stays on
    request_frame();
}

int frames_drawn() { return app().frames; }

void stop_painting() { stop_now(); }

void redraw() { request_frame(); }

void draw_now() {
    App& a = app();
    a.last_layout.clear();  // the page asks for this frame's layout too
    on_animation_frame(0, nullptr);
}

}  // namespace abon::web
