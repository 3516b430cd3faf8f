// abon/validate_json.hpp — the JSON-in, JSON-out validation behind `abon-validate` (spec §3).
//
// - Input: one JSON object of field ids → string values, plus the rules' configuration:
//   `captcha_length` (integer 1–16), `captcha_alphabet`, `apostrophe` and
//   `patronymic_optional`, checked as the widget's config file is. Output: the JSON text
//   {"fields": {id: verdict}, "ok": bool} for the present fields, keys in sorted order.
// - Unknown keys are ignored (and listed in `ignored_keys`); anything else that does not fit
//   is unreadable, with a reason. Never throws but for out of memory.
#pragma once

#include "abon/errors.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace abon {

struct JsonValidation {
    bool readable = false;
    std::string error;                      // why the input is unreadable (English)
    std::string output;                     // the verdicts as JSON text, when readable
    std::vector<std::string> ignored_keys;  // keys that are not field ids
};

JsonValidation validate_json_text(std::string_view input, Lang lang);

}  // namespace abon
