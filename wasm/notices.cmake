# Writes THIRD-PARTY-NOTICES.txt for the site's static/abon-signup/: what the shipped files
# carry that others wrote, each with its licence as its own source states it (read at build
# time, never copied into the repository).
#
#   cmake -DOUT=<file> -DNOTICES="<title>|<file>^<title>|<file>…" -P notices.cmake
#
# (^ between entries: a CMake list's ; would split the command line.)
if(NOT DEFINED OUT OR NOT DEFINED NOTICES)
  message(FATAL_ERROR "usage: cmake -DOUT=<file> -DNOTICES=\"<title>|<file>^…\" -P notices.cmake")
endif()
set(text "abon-signup (MIT licence, see the project's LICENSE) ships these parts of others' work:\n")
string(REPLACE "^" ";" entries "${NOTICES}")
foreach(entry IN LISTS entries)
  string(REPLACE "|" ";" parts "${entry}")
  list(GET parts 0 title)
  list(GET parts 1 file)
  if(NOT EXISTS "${file}")
    message(FATAL_ERROR "${file} is missing: its licence must travel with the files")
  endif()
  file(READ "${file}" body)
  string(APPEND text "\n\n==== ${title}\n     (from ${file})\n\n${body}")
endforeach()
file(WRITE "${OUT}" "${text}")
