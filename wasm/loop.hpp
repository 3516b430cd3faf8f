// wasm/loop.hpp — the module's one widget and its frames, drawn on demand.
//
// - A frame is drawn only when something changed (requestAnimationFrame, at most one
//   pending). Idle with no focus: no frames at all. The first frame is drawn at once,
//   as soon as the width is known; the CAPTCHA is asked for right after it.
// - While a field has focus the caret blinks: a timer every kBlinkMs flips it and asks
//   for one frame (under 2 frames a second). Any input shows the caret at once.
// - While a request is in flight the spinner turns at kSpinnerMs a step.
// - Dear ImGui gets no input events (the DOM owns input), so frames on demand cannot
//   lose a key: there is no io.KeysDown to miss.
#pragma once

#include "widget.hpp"

namespace abon::web {

inline constexpr double kBlinkMs = 530;
inline constexpr double kSpinnerMs = 60;

// Creates the widget, and with `canvas` the WebGL2 painter (false when WebGL2 is
// unavailable). Without it the page renders the same layout as its DOM form.
bool start_app(WidgetConfig config, Lang lang, Endpoints endpoints, bool canvas);
// The canvas after the core, in two steps the page calls in tasks of their own: the WebGL2
// painter's context and programs, once the page has handed over the font files
// (set_font_file; false when it cannot draw), then the font atlas at the current pixel
// ratio, from which on frames paint the canvas (the page shows it with draw_now).
bool start_painting();
void prepare_painting();
// The cut font files the page fetched (the same bytes its DOM form uses), kept for the atlas.
void set_font_file(bool bold, std::string bytes);
void set_reduced_motion(bool reduced);         // prefers-reduced-motion: the caret does not blink
Widget* app_widget();                          // null until started
void set_viewport(float css_width, float pixel_ratio);
int frames_drawn();
void stop_painting();                          // the DOM rendering from now on (forced colours)
void draw_now();                               // one frame at once (the canvas is about to show)
void redraw();                                 // one frame soon (the page changed what is drawn)

}  // namespace abon::web
