// abon/validate_json.hpp — the JSON-in, JSON-out validation behind `abon-validate` (spec §3).
//
// - Input: one JSON object of field ids → string values, plus the rules' configuration:
//   `captcha_length` (integer 1–16), `apostrophe` and `patronymic_optional`, checked as
//   the widget's config file is. Output: {"ok": bool, "fields": {id: verdict}} for the
//   present fields.
// - Unknown keys are ignored (and listed in `ignored_keys`); anything else that does not fit
//   is unreadable, with a reason. Never throws.
#pragma once

#include "abon/errors.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace abon {

struct JsonValidation {
    bool readable = false;
    std::string error;                      // why the input is unreadable (English)
    nlohmann::json output;                  // the verdicts, when readable
    std::vector<std::string> ignored_keys;  // keys that are not field ids
};

JsonValidation validate_json_text(std::string_view input, Lang lang);

}  // namespace abon
