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

// Creates the WebGL2 painter and the widget; false when WebGL2 is unavailable.
bool start_app(WidgetConfig config, Lang lang, Endpoints endpoints);
Widget* app_widget();                          // null until started
void set_viewport(float css_width, float pixel_ratio);
int frames_drawn();

}  // namespace abon::web
