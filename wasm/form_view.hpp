// wasm/form_view.hpp — lays out and draws the form with Dear ImGui's draw lists.
//
// - The canvas is presentation only. Every field and button drawn here has a real DOM
//   element placed over it by the loader, from the Layout this returns (CSS pixels).
// - Layout and painting are one walk over the form (FormPainter), run without a draw
//   list to measure and with one to draw, so what is drawn and where the DOM elements
//   go can never disagree.
// - Nothing here reads input: the DOM inputs own text, selection and composition; the
//   bridge copies their state into UiState.
#pragma once

#include "abon/session.hpp"
#include "fonts.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <vector>


namespace abon::ui {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    bool contains(float px, float py) const { return px >= x && py >= y && px < x + w && py < y + h; }
};

// What the DOM input of a field holds, as the browser reported it (byte offsets).
struct FieldEdit {
    std::size_t sel_start = 0, sel_end = 0;
    bool composing = false;                    // an IME composition is under way
    std::size_t comp_start = 0, comp_end = 0;  // the composed text
    bool revealed = false;                     // password shown as text
    float scroll = 0;                          // horizontal scroll of the drawn text
    float page_scroll = -1;                    // the input's own scrollLeft (CSS px at the theme's scale), once reported
};

enum class PictureState { Loading, Ready, Failed };

struct Picture {
    PictureState state = PictureState::Loading;
    ImTextureID texture = nullptr;
    int width = 0, height = 0;  // pixels of the PNG
};

struct UiState {
    std::array<FieldEdit, kFieldCount> edits;
    std::string focus;            // id of the widget's DOM element holding focus; "" when none
    bool focus_visible = false;   // keyboard focus (:focus-visible): draw the ring on buttons
    bool caret_on = true;         // the blink phase
    bool check_fields = false;    // a submit attempt was refused: say so above the button
    Picture picture;
    float spinner = 0;            // radians, while sending
    double now_ms = 0;            // the frame's time, for the resend countdown (the core has no clock)
    float mask_advance = 0;       // em: the browser's own password mask glyph, measured by the page; 0: U+2022's
};

// One DOM element's place and state. ids: a field id, "fix:<field>", "reveal:<field>",
// "no_patronymic", "captcha_refresh", "register", and the success screen's "mailbox",
// "resend", "change_email", "send_to_new", "cancel_change".
struct ControlBox {
    std::string id;
    Rect box;
    bool visible = true;
    bool disabled = false;
    bool pressed = false;         // checkbox ticked, password revealed
    bool busy = false;            // the register button while sending
    std::string label;            // its accessible name now
    std::string href;             // a link's URL (the mailbox)
};

struct FieldBox {
    Rect label, box;              // the visible label; the text area the input covers
    bool visible = true, disabled = false;
    FieldView view;
    std::string hint;             // the line under the box
    std::string strength;         // the password's strength in words ("" when none)
    std::string strength_id;      // "weak" … "strong"; "refused" when the rule refuses it
    std::string description;      // hint, strength and message: for aria-describedby
};

struct Layout {
    bool placed = false;          // measured with fonts (the canvas rendering): the boxes mean something
    float width = 0, height = 0;
    Phase phase = Phase::Editing;
    std::array<FieldBox, kFieldCount> fields;
    std::vector<ControlBox> controls;
    Rect done;                    // the confirmation's head (title, letter, notice), once registered
    std::string done_text;        // all of it, for the canvas's one focusable element
    std::string done_title, done_letter, done_advice;  // its parts, for the DOM rendering
    std::string done_notice;      // what the last resend or change did, or why it failed
    std::string done_notice_state;  // "ok", "info" or "error"; "" without a notice
    std::string done_sender;      // the sender line, in the advice panel
    Rect advice;                  // the advice panel (spam, sender)
    std::string change_intro;     // above the reopened email fields ("" unless changing)
    Rect change_intro_box;
    std::string notice;           // the form-level message shown above the button
    PictureState picture = PictureState::Loading;
    std::string picture_label;    // the picture's text alternative now
    std::string picture_status;   // what its area says instead of a picture ("" once shown)
};

// Measures (draw_list null) or measures and draws the whole widget at `width` CSS px.
// Updates UiState::edits[].scroll so the caret stays in view.
Layout draw_form(ImDrawList* draw_list, const FormSession& session, UiState& ui, const Fonts& fonts,
                 float width);

}  // namespace abon::ui
