// Placeholder until the rule lands; replaced by the real implementation.
#include "abon/password.hpp"
namespace abon {
Verdict validate_password(std::string_view, const PersonalData&, bool) { return {ErrorCode::Required}; }
Verdict validate_password_confirm(std::string_view, std::string_view) { return {ErrorCode::Required}; }
bool is_common_password(std::string_view) { return false; }
Strength password_strength(std::string_view) { return Strength::Weak; }
std::string_view strength_id(Strength) { return "weak"; }
std::string_view strength_label(Strength, Lang) { return "weak"; }
}
