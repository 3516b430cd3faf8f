// Placeholder until the rule lands; replaced by the real implementation.
#include "abon/captcha.hpp"
namespace abon {
Verdict validate_captcha(std::string_view, std::optional<int>) { return {ErrorCode::Required}; }
std::string map_captcha_input(std::string_view t) { return std::string(t); }
}
