#include "painter.hpp"

#include "abon/theme.hpp"
#include "glyph_text.hpp"

#include <GLES3/gl3.h>
#include <emscripten/html5.h>

#include <cmath>
#include <cstdint>
#include <initializer_list>

namespace abon::web {
namespace {

// Positions arrive in clip space (draw() maps them), so the programs have no uniforms: a
// uniform location is a synchronous round trip to the GPU process, and so is reading
// back a compile status. The only sampler reads texture unit 0, its default.
constexpr const char* kVertexShader = R"(#version 300 es
layout(location = 0) in vec2 pos;
layout(location = 1) in vec2 uv;
layout(location = 2) in vec4 col;
out vec2 f_uv;
out vec4 f_col;
void main() {
    f_uv = uv;
    f_col = col;
    gl_Position = vec4(pos, 0.0, 1.0);
})";

constexpr const char* kFragmentHead = R"(#version 300 es
precision mediump float;
uniform sampler2D tex;
in vec2 f_uv;
in vec4 f_col;
out vec4 colour;
)";
// The font atlas is one byte a pixel (coverage, in the red channel): a quarter of the
// bytes to upload and no conversion to RGBA before it.
constexpr const char* kFontMain = "void main() { colour = vec4(f_col.rgb, f_col.a * texture(tex, f_uv).r); }";
constexpr const char* kImageMain = "void main() { colour = f_col * texture(tex, f_uv); }";

// Deep enough for any form: the real height is known only once the form is laid out.
constexpr float kClipHeight = 1.0e6f;

GLuint compile(GLenum type, std::initializer_list<const char*> parts) {
    const GLuint shader = glCreateShader(type);
    glShaderSource(shader, static_cast<GLsizei>(parts.size()), parts.begin(), nullptr);
    glCompileShader(shader);
    return shader;
}

GLuint texture_id(ImTextureID texture) {
    return static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(texture));
}

ImTextureID texture_handle(GLuint id) { return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(id)); }

GLuint link(GLuint vertex_shader, const char* fragment_main) {
    const GLuint program = glCreateProgram();
    const GLuint fs = compile(GL_FRAGMENT_SHADER, {kFragmentHead, fragment_main});
    glAttachShader(program, vertex_shader);
    glAttachShader(program, fs);
    glLinkProgram(program);
    glDeleteShader(fs);  // freed with the program
    return program;
}

std::string link_error(GLuint program) {
    GLint linked = GL_FALSE;
    glGetProgramiv(program, GL_LINK_STATUS, &linked);
    if (linked == GL_TRUE) return {};
    char log[512] = {};
    glGetProgramInfoLog(program, sizeof log, nullptr, log);
    return std::string("a WebGL program did not link: ") + log;
}

// format: GL_R8 (one byte a pixel) or GL_RGBA8.
GLuint make_texture(GLenum format, int width, int height, const unsigned char* pixels) {
    GLuint texture = 0;
    glGenTextures(1, &texture);
    glBindTexture(GL_TEXTURE_2D, texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    const GLenum layout = format == GL_R8 ? GL_RED : GL_RGBA;
    glTexImage2D(GL_TEXTURE_2D, 0, static_cast<GLint>(format), width, height, 0, layout, GL_UNSIGNED_BYTE, pixels);
    return texture;
}

}  // namespace

bool Painter::init(ui::FontFiles files) {
    if (!files.complete()) return false;
    files_ = files;
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
    // Core WebGL2 is all this painter uses. Enabling every extension the browser offers
    // (Emscripten's default) costs ~100 ms of getExtension() calls.
    attrs.enableExtensionsByDefault = EM_FALSE;
    const EMSCRIPTEN_WEBGL_CONTEXT_HANDLE context = emscripten_webgl_create_context(kCanvasTarget, &attrs);
    if (context <= 0) return false;
    emscripten_webgl_make_context_current(context);

    // Compiled and linked in the GPU process while the module goes on; check() reads the result.
    const GLuint vs = compile(GL_VERTEX_SHADER, {kVertexShader});
    font_program_ = link(vs, kFontMain);
    image_program_ = link(vs, kImageMain);
    glDeleteShader(vs);

    glGenVertexArrays(1, &vao_);
    glGenBuffers(1, &vbo_);
    glGenBuffers(1, &ibo_);
    glBindVertexArray(vao_);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ibo_);  // part of the vertex array's state
    glEnableVertexAttribArray(0);
    glEnableVertexAttribArray(1);
    glEnableVertexAttribArray(2);
    const auto at = [](std::size_t offset) { return reinterpret_cast<const void*>(offset); };
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), at(offsetof(ImDrawVert, pos)));
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), at(offsetof(ImDrawVert, uv)));
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(ImDrawVert), at(offsetof(ImDrawVert, col)));

    // The state every frame uses, set once: nothing else draws on this context.
    glActiveTexture(GL_TEXTURE0);
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_CULL_FACE);
    glEnable(GL_SCISSOR_TEST);
    ready_ = true;
    return true;
}

std::string Painter::check() const {
    if (!ready_) return "WebGL2 is not available";
    if (!fonts_.body) return "the font files cannot be read";
    std::string why = link_error(font_program_);
    return why.empty() ? link_error(image_program_) : why;
}

// One atlas with every glyph, built once per pixel ratio: an atlas of the interface's
// words first and every glyph a moment later rasterised most glyphs twice, in two tasks.
void Painter::prepare(float pixel_ratio, Lang lang) {
    if (!ready_) return;
    if (!fonts_.body || std::fabs(fonts_.pixel_ratio - pixel_ratio) >= 0.01f) build_atlas(pixel_ratio, lang);
}

void Painter::build_atlas(float pixel_ratio, Lang lang) {
    if (font_texture_) glDeleteTextures(1, &font_texture_);
    const ui::FaceTexts texts{std::string(), ui::strong_text(lang), ui::title_text(lang)};
    fonts_ = ui::build_fonts(atlas_, pixel_ratio, texts, font_ranges_, files_);
    // build_fonts() built the atlas: its pixels are read directly, since
    // GetTexDataAsAlpha8() would link Dear ImGui's default font in for an empty atlas.
    font_texture_ = make_texture(GL_R8, atlas_.TexWidth, atlas_.TexHeight, atlas_.TexPixelsAlpha8);
    atlas_.SetTexID(texture_handle(font_texture_));
    // What ImGui::NewFrame() would set up for draw lists.
    shared_.TexUvWhitePixel = atlas_.TexUvWhitePixel;
    shared_.TexUvLines = atlas_.TexUvLines;
    shared_.Font = fonts_.body;
    shared_.FontSize = ui::metric::body_size;
    shared_.CurveTessellationTol = 1.25f;
    shared_.SetCircleTessellationMaxError(0.30f);
    shared_.InitialFlags = ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedLinesUseTex |
                           ImDrawListFlags_AntiAliasedFill;
    atlas_.ClearTexData();  // the pixels live in the texture now
}

ui::Layout Painter::draw(const FormSession& session, ui::UiState& ui, float css_width, float pixel_ratio) {
    if (!ready_) return {};
    prepare(pixel_ratio, session.lang());
    if (!fonts_.body) return {};  // check() says why; the page goes back to the DOM form
    const float ratio = fonts_.pixel_ratio;

    // One pass: the form is laid out as it is drawn, and only then is its height known.
    shared_.ClipRectFullscreen = ImVec4(0, 0, css_width, kClipHeight);
    list_._ResetForNewFrame();
    list_.PushTextureID(atlas_.TexID);
    list_.PushClipRectFullScreen();
    const ui::Layout layout = ui::draw_form(&list_, session, ui, fonts_, css_width);
    const int w = static_cast<int>(std::lround(css_width * ratio));
    const int h = static_cast<int>(std::lround(layout.height * ratio));
    if (w != canvas_w_ || h != canvas_h_) {
        emscripten_set_canvas_element_size(kCanvasTarget, w, h);
        canvas_w_ = w;
        canvas_h_ = h;
    }

    glViewport(0, 0, w, h);
    glDisable(GL_SCISSOR_TEST);
    const ImVec4 page = ImGui::ColorConvertU32ToFloat4(ui::colour::page);
    glClearColor(page.x, page.y, page.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    glEnable(GL_SCISSOR_TEST);
    if (w <= 0 || h <= 0 || layout.height <= 0) return layout;

    // CSS pixels → clip space, in place: the list is rebuilt from scratch every frame.
    const float sx = 2.0f / css_width, sy = -2.0f / layout.height;
    for (ImDrawVert& v : list_.VtxBuffer) v.pos = ImVec2(v.pos.x * sx - 1.0f, v.pos.y * sy + 1.0f);
    glBufferData(GL_ARRAY_BUFFER, list_.VtxBuffer.size_in_bytes(), list_.VtxBuffer.Data, GL_STREAM_DRAW);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, list_.IdxBuffer.size_in_bytes(), list_.IdxBuffer.Data, GL_STREAM_DRAW);
    static_assert(sizeof(ImDrawIdx) == 4, "32-bit indices: a long form never needs VtxOffset");
    GLuint in_use = 0;
    for (const ImDrawCmd& cmd : list_.CmdBuffer) {
        if (cmd.UserCallback || cmd.ElemCount == 0) continue;  // the form adds no callbacks
        const int x0 = static_cast<int>(cmd.ClipRect.x * ratio), y0 = static_cast<int>(cmd.ClipRect.y * ratio);
        const int x1 = static_cast<int>(cmd.ClipRect.z * ratio), y1 = static_cast<int>(cmd.ClipRect.w * ratio);
        if (x1 <= x0 || y1 <= y0) continue;
        glScissor(x0, h - y1, x1 - x0, y1 - y0);  // GL counts rows from the bottom
        const GLuint texture = texture_id(cmd.GetTexID());
        const GLuint program = texture == font_texture_ ? font_program_ : image_program_;
        if (program != in_use) glUseProgram(in_use = program);
        glBindTexture(GL_TEXTURE_2D, texture);
        glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount), GL_UNSIGNED_INT,
                       reinterpret_cast<const void*>(cmd.IdxOffset * sizeof(ImDrawIdx)));
    }
    return layout;
}

ImTextureID Painter::upload(const DecodedImage& image) {
    if (!ready_) return nullptr;
    return texture_handle(make_texture(GL_RGBA8, image.width, image.height, image.rgba.data()));
}

void Painter::release(ImTextureID texture) {
    if (!texture) return;
    const GLuint id = texture_id(texture);
    glDeleteTextures(1, &id);
}

}  // namespace abon::web
