// wasm/bridge.cpp — the edge between the page and the module.
//
// JS → wasm: the exported abon_* functions below; the loader (web/src/, bundled as abon-signup.js) calls
// them from its own elements' events. Strings are UTF-8, offsets are the DOM's UTF-16
// units. wasm → JS: the host_* functions, each one call on Module.abonHost.
#include "host.hpp"
#include "loop.hpp"
#include "dom_schema.hpp"
#include "form_view.hpp"

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>

#include <algorithm>
#include <string>

// [SECTION] wasm → JS
// clang-format off
EM_JS(void, js_layout, (const char* json), { Module.abonHost.layout(UTF8ToString(json)); });
EM_JS(void, js_set_value, (const char* field, const char* text, int caret), {
    Module.abonHost.setValue(UTF8ToString(field), UTF8ToString(text), caret);
});
EM_JS(void, js_focus, (const char* id), { Module.abonHost.focus(UTF8ToString(id)); });
EM_JS(void, js_announce, (const char* text), { Module.abonHost.announce(UTF8ToString(text)); });
EM_JS(void, js_emit, (const char* type, const char* detail), {
    Module.abonHost.emit(UTF8ToString(type), UTF8ToString(detail));
});
EM_JS(void, js_log, (const char* text), { Module.abonHost.log(UTF8ToString(text)); });
EM_JS(void, js_fallback, (), { Module.abonHost.fallback(); });
EM_JS(void, js_picture, (const unsigned char* rgba, int width, int height), {
    Module.abonHost.picture(HEAPU8.slice(rgba, rgba + width * height * 4), width, height);
});
EM_JS(void, js_request, (int id, const char* method, const char* url, const char* body,
                         const char* content_type, int timeout_ms, int binary, int max_bytes), {
    Module.abonHost.request({id: id, method: UTF8ToString(method), url: UTF8ToString(url),
                             body: UTF8ToString(body), contentType: UTF8ToString(content_type),
                             timeoutMs: timeout_ms, binary: !!binary, maxBytes: max_bytes});
});
// clang-format on

namespace abon::web {

void host_layout(const std::string& layout_json) { js_layout(layout_json.c_str()); }
void host_set_value(std::string_view field, const std::string& text, std::size_t caret_utf16) {
    js_set_value(std::string(field).c_str(), text.c_str(), static_cast<int>(caret_utf16));
}
void host_focus(std::string_view id) { js_focus(std::string(id).c_str()); }
void host_announce(const std::string& text) { js_announce(text.c_str()); }
void host_emit(std::string_view type, const std::string& detail_json) {
    js_emit(std::string(type).c_str(), detail_json.c_str());
}
void host_log(const std::string& text) { js_log(text.c_str()); }
void host_fallback() { js_fallback(); }
void host_picture(const abon::DecodedImage& image) {
    if (image.width > 0 && image.height > 0) js_picture(image.rgba.data(), image.width, image.height);
}
void host_request(const HttpRequest& r) {
    js_request(r.id, r.method.c_str(), r.url.c_str(), r.body.c_str(), r.content_type.c_str(), r.timeout_ms,
               r.binary ? 1 : 0, static_cast<int>(r.max_bytes));
}

}  // namespace abon::web

// [SECTION] JS → wasm
namespace {

using abon::web::app_widget;

std::size_t offset(int units) { return units < 0 ? 0 : static_cast<std::size_t>(units); }

template <typename Fn>
void with_field(const char* id, Fn&& fn) {
    const auto f = abon::parse_field_id(id ? id : "");
    if (auto* w = app_widget(); w && f) fn(*w, *f);
}

}  // namespace

extern "C" {

// Starts the widget. lang: "uk" | "en"; resend_url, change_email_url: the element's
// attributes or "" (no such button); config_json: the integrator's config file or "";
// page_origin: location.origin; canvas: 1 to draw on the canvas, 0 for the DOM rendering.
// Returns 0; 1 when the canvas was asked for and WebGL2 is unavailable; 2 when an
// endpoint is refused (plain http: off localhost), the reason logged for the integrator.
// A refused resend or change-email URL only takes its button away (logged too).
EMSCRIPTEN_KEEPALIVE int abon_start(const char* lang, const char* register_url, const char* captcha_url,
                                    const char* resend_url, const char* change_email_url,
                                    const char* config_json, const char* page_origin, int canvas) {
    abon::WidgetConfig config;
    if (config_json && *config_json) {
        abon::ConfigResult parsed = abon::parse_widget_config(config_json);
        if (parsed.config) config = std::move(*parsed.config);
        else abon::web::host_log("abon-signup: " + parsed.error + " (using the defaults)");
    }
    const abon::Lang l = abon::parse_lang(lang ? lang : "").value_or(abon::Lang::Uk);
    abon::web::Endpoints endpoints;
    if (register_url && *register_url) endpoints.register_url = register_url;
    if (captcha_url && *captcha_url) endpoints.captcha_url = captcha_url;
    for (const std::string* url : {&endpoints.register_url, &endpoints.captcha_url}) {
        if (const auto why = abon::check_endpoint_url(*url, page_origin ? page_origin : "")) {
            abon::web::host_log("abon-signup: configuration error: " + *why);
            return 2;
        }
    }
    if (resend_url) endpoints.resend_url = resend_url;
    if (change_email_url) endpoints.change_email_url = change_email_url;
    for (std::string* url : {&endpoints.resend_url, &endpoints.change_email_url}) {
        if (url->empty()) continue;
        if (const auto why = abon::check_endpoint_url(*url, page_origin ? page_origin : "")) {
            abon::web::host_log("abon-signup: configuration error: " + *why + " (that button is left out)");
            url->clear();
        }
    }
    return abon::web::start_app(std::move(config), l, std::move(endpoints), canvas != 0) ? 0 : 1;
}

EMSCRIPTEN_KEEPALIVE void abon_resize(double css_width, double pixel_ratio) {
    abon::web::set_viewport(static_cast<float>(css_width), static_cast<float>(pixel_ratio));
}

EMSCRIPTEN_KEEPALIVE void abon_input(const char* field, const char* value, int sel_start, int sel_end,
                                     int composing, int comp_start, int comp_end) {
    with_field(field, [&](abon::web::Widget& w, abon::Field f) {
        w.input(f, value ? value : "", offset(sel_start), offset(sel_end), composing != 0, offset(comp_start),
                offset(comp_end));
    });
}

EMSCRIPTEN_KEEPALIVE void abon_select(const char* field, int sel_start, int sel_end) {
    with_field(field, [&](abon::web::Widget& w, abon::Field f) { w.select(f, offset(sel_start), offset(sel_end)); });
}

EMSCRIPTEN_KEEPALIVE void abon_focus(const char* id, int focus_visible) {
    if (auto* w = app_widget()) w->focus(id ? id : "", focus_visible != 0);
}

EMSCRIPTEN_KEEPALIVE void abon_blur(const char* id) {
    if (auto* w = app_widget()) w->blur(id ? id : "");
}

EMSCRIPTEN_KEEPALIVE void abon_caps_lock(int on) {
    if (auto* w = app_widget()) w->caps_lock(on != 0);
}

EMSCRIPTEN_KEEPALIVE void abon_press(const char* id) {
    if (auto* w = app_widget()) w->press(id ? id : "");
}

EMSCRIPTEN_KEEPALIVE void abon_check(const char* id, int on) {
    if (auto* w = app_widget()) w->check(id ? id : "", on != 0);
}

EMSCRIPTEN_KEEPALIVE void abon_submit() {
    if (auto* w = app_widget()) w->submit();
}

// A text answer. status: the HTTP status, 0 for no answer, -1 for a timeout; redirected:
// fetch followed a redirect to get it.
EMSCRIPTEN_KEEPALIVE void abon_on_text(int request, int status, const char* body, const char* retry_after,
                                       int redirected) {
    if (auto* w = app_widget())
        w->on_text(request, status, body ? body : "", retry_after ? retry_after : "", redirected != 0);
}

// A binary answer. bytes is null when the answer was larger than asked for (length
// then says how large), so it was never copied in.
EMSCRIPTEN_KEEPALIVE void abon_on_bytes(int request, int status, const unsigned char* bytes, int length) {
    auto* w = app_widget();
    if (!w) return;
    if (!bytes || length < 0) {
        w->on_bytes(request, 413, {});
        return;
    }
    w->on_bytes(request, status, std::string_view(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(length)));
}

EMSCRIPTEN_KEEPALIVE int abon_frames() { return abon::web::frames_drawn(); }

// The canvas rendering's inputs. bold: 0 for the regular face. The bytes are copied.
EMSCRIPTEN_KEEPALIVE void abon_font(int bold, const unsigned char* bytes, int length) {
    if (!bytes || length <= 0) return;
    abon::web::set_font_file(bold != 0, std::string(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(length)));
}

// The canvas after the core (the fonts handed over first). 0: it draws; 1: it cannot.
EMSCRIPTEN_KEEPALIVE int abon_start_painting() { return abon::web::start_painting() ? 0 : 1; }

// The canvas's font atlas, rasterised and uploaded: the next step after abon_start_painting.
EMSCRIPTEN_KEEPALIVE void abon_prepare_painting() { abon::web::prepare_painting(); }

// How far the field's input has scrolled its text (scrollLeft over the theme's scale).
EMSCRIPTEN_KEEPALIVE void abon_scroll(const char* field, double css_px) {
    with_field(field, [&](abon::web::Widget& w, abon::Field f) {
        w.ui().edits[static_cast<std::size_t>(f)].page_scroll = static_cast<float>(std::max(0.0, css_px));
        abon::web::redraw();
    });
}

// The advance of the browser's own password mask glyph, in em (measured by the page).
EMSCRIPTEN_KEEPALIVE void abon_mask_advance(double em) {
    if (auto* w = app_widget(); w && em > 0 && em < 4) {
        w->ui().mask_advance = static_cast<float>(em);
        abon::web::redraw();
    }
}

EMSCRIPTEN_KEEPALIVE void abon_reduced_motion(int reduced) { abon::web::set_reduced_motion(reduced != 0); }

EMSCRIPTEN_KEEPALIVE void abon_stop_painting() { abon::web::stop_painting(); }

EMSCRIPTEN_KEEPALIVE void abon_draw_now() { abon::web::draw_now(); }

EMSCRIPTEN_KEEPALIVE void abon_reset() {
    if (auto* w = app_widget()) w->reset();
}

}  // extern "C"
