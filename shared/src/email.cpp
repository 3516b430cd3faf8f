// Placeholder until the rule lands; replaced by the real implementation.
#include "abon/email.hpp"
namespace abon {
Verdict validate_email(std::string_view) { return {ErrorCode::Required}; }
Verdict validate_email_confirm(std::string_view, std::string_view) { return {ErrorCode::Required}; }
bool is_valid_email(std::string_view) { return false; }
std::optional<std::string> suggest_email(std::string_view) { return std::nullopt; }
}
