#include "painter.hpp"

#include "imgui_impl_opengl3.h"
#include "theme.hpp"

#include <GLES3/gl3.h>
#include <emscripten/html5.h>

#include <cmath>
#include <cstdint>

namespace abon::web {

bool Painter::init() {
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.minorVersion = 0;
    attrs.alpha = EM_FALSE;       // an opaque card: no blending with the page behind
    attrs.depth = EM_FALSE;
    attrs.stencil = EM_FALSE;
    attrs.antialias = EM_FALSE;   // ImGui anti-aliases its own shapes
    attrs.preserveDrawingBuffer = EM_FALSE;
    attrs.powerPreference = EM_WEBGL_POWER_PREFERENCE_LOW_POWER;
    const EMSCRIPTEN_WEBGL_CONTEXT_HANDLE context = emscripten_webgl_create_context(kCanvasTarget, &attrs);
    if (context <= 0) return false;
    emscripten_webgl_make_context_current(context);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;     // no settings file, no log file: there is no file system
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    ImGui_ImplOpenGL3_Init("#version 300 es");
    ready_ = true;
    return true;
}

void Painter::use_pixel_ratio(float pixel_ratio, Lang lang) {
    if (fonts_.body && std::fabs(fonts_.pixel_ratio - pixel_ratio) < 0.01f) return;
    ImGuiIO& io = ImGui::GetIO();
    const bool first = fonts_.body == nullptr;
    if (!first) ImGui_ImplOpenGL3_DestroyFontsTexture();
    fonts_ = ui::build_fonts(*io.Fonts, pixel_ratio, ui::bold_text(lang), bold_ranges_);
    if (first) ImGui_ImplOpenGL3_CreateDeviceObjects();  // shaders, buffers and the font texture
    else ImGui_ImplOpenGL3_CreateFontsTexture();
    // What ImGui::NewFrame() would set up for draw lists.
    shared_.TexUvWhitePixel = io.Fonts->TexUvWhitePixel;
    shared_.TexUvLines = io.Fonts->TexUvLines;
    shared_.Font = fonts_.body;
    shared_.FontSize = ui::metric::body_size;
    shared_.CurveTessellationTol = 1.25f;
    shared_.SetCircleTessellationMaxError(0.30f);
    shared_.InitialFlags = ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedLinesUseTex |
                           ImDrawListFlags_AntiAliasedFill;
}

ui::Layout Painter::draw(const FormSession& session, ui::UiState& ui, float css_width, float pixel_ratio) {
    if (!ready_) return {};
    use_pixel_ratio(pixel_ratio, session.lang());
    const float ratio = fonts_.pixel_ratio;

    // Measure first: the height decides the canvas size before anything is drawn.
    ui::Layout layout = ui::draw_form(nullptr, session, ui, fonts_, css_width);
    const int w = static_cast<int>(std::lround(css_width * ratio));
    const int h = static_cast<int>(std::lround(layout.height * ratio));
    if (w != canvas_w_ || h != canvas_h_) {
        emscripten_set_canvas_element_size(kCanvasTarget, w, h);
        canvas_w_ = w;
        canvas_h_ = h;
    }

    // No ImGui::NewFrame(): Dear ImGui's windows are not used, only a draw list and the
    // OpenGL backend, so the window machinery is never linked in.
    ImGuiIO& io = ImGui::GetIO();
    shared_.ClipRectFullscreen = ImVec4(0, 0, css_width, layout.height);
    list_._ResetForNewFrame();
    list_.PushTextureID(io.Fonts->TexID);
    list_.PushClipRectFullScreen();
    layout = ui::draw_form(&list_, session, ui, fonts_, css_width);

    ImDrawList* lists[] = {&list_};
    ImDrawData data;
    data.Valid = true;
    data.CmdLists = lists;
    data.CmdListsCount = 1;
    data.TotalVtxCount = list_.VtxBuffer.Size;
    data.TotalIdxCount = list_.IdxBuffer.Size;
    data.DisplayPos = ImVec2(0, 0);
    data.DisplaySize = ImVec2(css_width, layout.height);
    data.FramebufferScale = ImVec2(ratio, ratio);

    glViewport(0, 0, w, h);
    const ImVec4 page = ImGui::ColorConvertU32ToFloat4(ui::colour::page);
    glClearColor(page.x, page.y, page.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(&data);
    return layout;
}

ImTextureID Painter::upload(const DecodedImage& image) {
    if (!ready_) return nullptr;
    GLint last = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &last);
    GLuint texture = 0;
    glGenTextures(1, &texture);
    glBindTexture(GL_TEXTURE_2D, texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, image.width, image.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 image.rgba.data());
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(last));
    return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(texture));
}

void Painter::release(ImTextureID texture) {
    if (!texture) return;
    const GLuint id = static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(texture));
    glDeleteTextures(1, &id);
}

}  // namespace abon::web
