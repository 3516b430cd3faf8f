# Turns common-passwords.txt (one password per line, UTF-8) into one C++ string of the
# passwords sorted by bytes, one per line, so the core finds a password with a binary
# search over the lines and reads no file at run time. One string, not a table of
# string_views: the table's 8 kB of pointers and lengths compressed to 3 kB of download.
#
#   cmake -DIN=common-passwords.txt -DOUT=common_passwords.cpp -P embed_passwords.cmake
#
# The file is handled as hex from start to end, so no byte (';', '[', '"', '\') can upset
# CMake's lists or the C++ literals; sorting the hex spelling sorts the bytes.
if(NOT DEFINED IN OR NOT DEFINED OUT)
  message(FATAL_ERROR "usage: cmake -DIN=<list.txt> -DOUT=<table.cpp> -P embed_passwords.cmake")
endif()

file(READ "${IN}" hex HEX)
string(TOLOWER "${hex}" hex)
# "31320a61" → "31 32 0a 61 ": with a space after every byte, "0a " can only be a newline.
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\1 " hex "${hex}")
string(REPLACE "0a " ";" lines "${hex}")

set(entries "")
foreach(line IN LISTS lines)
  string(REPLACE " " "" line "${line}")
  string(REGEX REPLACE "0d$" "" line "${line}")        # CRLF files
  if(line STREQUAL "")
    continue()
  endif()
  if(line MATCHES "^(..)*00")
    message(FATAL_ERROR "${IN}: a line holds a NUL byte")
  endif()
  list(APPEND entries "${line}")
endforeach()

list(LENGTH entries before)
list(REMOVE_DUPLICATES entries)
list(LENGTH entries count)
if(NOT before EQUAL count)
  message(FATAL_ERROR "${IN}: ${before} lines but ${count} distinct passwords")
endif()
list(SORT entries)

set(body "")
list(LENGTH entries count)
set(index 0)
foreach(entry IN LISTS entries)
  math(EXPR index "${index} + 1")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" literal "${entry}")
  if(index LESS count)
    string(APPEND literal "\\n")
  endif()
  string(APPEND body "    \"${literal}\"\n")
endforeach()

file(WRITE "${OUT}" "// Generated from shared/data/common-passwords.txt by embed_passwords.cmake. Do not edit.
#include \"abon/detail/common_passwords.hpp\"

namespace abon::detail {

const char kCommonPasswords[] =
${body};

const std::size_t kCommonPasswordsSize = sizeof(kCommonPasswords) - 1;

}  // namespace abon::detail
")
