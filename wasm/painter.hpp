// wasm/painter.hpp — WebGL2 on the widget's own canvas. Dear ImGui is used for drawing
// only (a draw list and the font atlas); it gets no input and has no context, so none of
// its windows, widgets, settings or default font is linked into the module.
//
// - The context is created on the canvas the loader registered in specialHTMLTargets
//   under kCanvasTarget, so it works inside a shadow root and needs no global id.
// - Its own few GL calls, not Dear ImGui's OpenGL backend: no state to save and restore
//   (nothing else draws here) and no call that waits on the GPU process before the
//   first frame, whose inputs should take text as soon as possible.
// - The backing store is the CSS size × devicePixelRatio; the font atlas follows the
//   ratio (fonts.hpp), so text is crisp on every screen.
#pragma once

#include "abon/captcha_image.hpp"
#include "abon/session.hpp"
#include "fonts.hpp"
#include "form_view.hpp"
#include "imgui_internal.h"  // ImDrawListSharedData: draw lists without ImGui frames

#include <string>

namespace abon::web {

inline constexpr const char* kCanvasTarget = "#abon-canvas";

class Painter {
public:
    bool init(ui::FontFiles files);               // false when WebGL2 or the font files are unavailable
    std::string check() const;                    // after the first frame: why it cannot draw, or ""
    // The font atlas for this pixel ratio, every glyph of the cut, uploaded: a step of
    // its own before the first frame (the loader calls it in a task of its own).
    void prepare(float pixel_ratio, Lang lang);
    ui::Layout draw(const FormSession& session, ui::UiState& ui, float css_width, float pixel_ratio);
    ImTextureID upload(const DecodedImage& image);
    void release(ImTextureID texture);

private:
    void build_atlas(float pixel_ratio, Lang lang);

    ui::FontFiles files_;                         // the page's font files (views into the app's copies)
    ImFontAtlas atlas_;                           // the three faces, rasterised
    ui::Fonts fonts_;
    ui::FontRanges font_ranges_;
    ImDrawListSharedData shared_;
    ImDrawList list_{&shared_};
    int canvas_w_ = 0, canvas_h_ = 0;             // device pixels
    unsigned font_program_ = 0, image_program_ = 0, vao_ = 0, vbo_ = 0, ibo_ = 0, font_texture_ = 0;  // GL names
    bool ready_ = false;
};

}  // namespace abon::web
