// wasm/dom_schema.hpp — the DOM form's elements, written into the loader's TABLES at build
// time (wasm/tools/tables.cpp) and asked of the module by the bridge.
#pragma once

#include "abon/session.hpp"

#include <string>

namespace abon::ui {

// The DOM elements in tab order, with their kind and input attributes (spec §6).
std::string dom_schema(const FormSession& session);

}  // namespace abon::ui
