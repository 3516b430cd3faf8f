// wasm/painter.hpp — WebGL2 on the widget's own canvas, through Dear ImGui's OpenGL ES 3
// backend. Dear ImGui is used for drawing only (draw lists, font atlas); it gets no input.
//
// - The context is created on the canvas the loader registered in specialHTMLTargets
//   under kCanvasTarget, so it works inside a shadow root and needs no global id.
// - The backing store is the CSS size × devicePixelRatio; the font atlas follows the
//   ratio (fonts.hpp), so text is crisp on every screen.
#pragma once

#include "abon/captcha_image.hpp"
#include "abon/session.hpp"
#include "fonts.hpp"
#include "form_view.hpp"
#include "imgui_internal.h"  // ImDrawListSharedData: draw lists without ImGui frames

namespace abon::web {

inline constexpr const char* kCanvasTarget = "#abon-canvas";

class Painter {
public:
    bool init();                                  // false when WebGL2 is unavailable
    ui::Layout draw(const FormSession& session, ui::UiState& ui, float css_width, float pixel_ratio);
    ImTextureID upload(const DecodedImage& image);
    void release(ImTextureID texture);

private:
    void use_pixel_ratio(float pixel_ratio, Lang lang);

    ui::Fonts fonts_;
    ImVector<ImWchar> bold_ranges_;
    ImDrawListSharedData shared_;
    ImDrawList list_{&shared_};
    int canvas_w_ = 0, canvas_h_ = 0;             // device pixels
    bool ready_ = false;
};

}  // namespace abon::web
