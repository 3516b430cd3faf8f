// Placeholder until the rule lands; replaced by the real implementation.
#include "abon/name.hpp"
namespace abon {
Verdict validate_name(std::string_view, const RuleConfig&, bool) { return {ErrorCode::Required}; }
bool is_valid_name(std::string_view, const RuleConfig&) { return false; }
std::optional<std::string> from_english_layout(std::string_view) { return std::nullopt; }
}
