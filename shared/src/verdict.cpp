#include "abon/verdict.hpp"

#include <algorithm>

namespace abon {

bool Verdict::has_warning(ErrorCode w) const {
    return std::find(warnings.begin(), warnings.end(), w) != warnings.end();
}

std::string describe(const Verdict& v, Lang lang) {
    return render_message(v.code, lang, v.detail.empty() ? v.suggestion : v.detail);
}

std::string describe(const Verdict& v, ErrorCode warning, Lang lang) {
    return render_message(warning, lang, v.suggestion.empty() ? v.detail : v.suggestion);
}

}  // namespace abon
