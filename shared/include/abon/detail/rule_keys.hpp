// abon/detail/rule_keys.hpp — the rules' keys as the widget's config file and abon-validate's
// input both spell them, read by one function so the two never disagree.
// detail/: internal to the core; may change without notice. Not for the widget or server.
#pragma once

#include "abon/json_io.hpp"
#include "abon/verdict.hpp"

#include <string>
#include <string_view>

namespace abon::detail {

// apostrophe, patronymic_optional, captcha_length (1–16), captcha_alphabet (issue 24).
bool is_rule_key(std::string_view key);
// One of them into `rules`: "" when read, else why not (English, without a prefix).
std::string read_rule_key(std::string_view key, const JsonValue& value, RuleConfig& rules);

}  // namespace abon::detail
