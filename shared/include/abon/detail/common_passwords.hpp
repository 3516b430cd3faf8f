// abon/detail/common_passwords.hpp — the common-password list compiled into the core.
// detail/: internal to the core; may change without notice. Not for the widget or server.
//
// - Generated at build time from shared/data/common-passwords.txt (see the README there)
//   by shared/data/embed_passwords.cmake.
// - Lower-case, distinct, sorted by bytes, joined by '\n' (no password holds a newline or
//   a NUL): look up with is_listed_password().
#pragma once

#include <cstddef>
#include <string_view>

namespace abon::detail {

extern const char kCommonPasswords[];      // the lines, sorted, lower-case
extern const std::size_t kCommonPasswordsSize;  // its bytes, without the closing NUL

bool is_listed_password(std::string_view lower_utf8);  // a binary search over the lines

}  // namespace abon::detail
