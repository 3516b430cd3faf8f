// wasm/layout_json.hpp — the form's Layout as JSON, for the loader (web/src/render.js).
#pragma once

#include "form_view.hpp"

#include <string>

namespace abon::ui {

// Where the page puts its DOM elements, and what they say (JSON, for the loader).
std::string layout_json(const Layout& layout);

}  // namespace abon::ui
