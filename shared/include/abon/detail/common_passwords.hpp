// abon/detail/common_passwords.hpp — the common-password list compiled into the core.
// detail/: internal to the core; may change without notice. Not for the widget or server.
//
// - Generated at build time from shared/data/common-passwords.txt (see the README there)
//   by shared/data/embed_passwords.cmake.
// - Lower-case, distinct, sorted by bytes: look up with std::binary_search.
#pragma once

#include <cstddef>
#include <string_view>

namespace abon::detail {

extern const std::string_view kCommonPasswords[];  // sorted, lower-case
extern const std::size_t kCommonPasswordCount;

}  // namespace abon::detail
