# Copies the plain form's script with its words (abon-plain-words' JSON) in place of its
# /*@plain-words@*/{} marker.
#   cmake -DIN=abon-signup-plain.js -DWORDS=plain-words.json -DOUT=site/.../abon-signup-plain.js -P inline_plain_words.cmake
file(READ "${IN}" loader)
file(READ "${WORDS}" words)
string(FIND "${loader}" "/*@plain-words@*/{}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${IN} has no /*@plain-words@*/{} marker")
endif()
string(REPLACE "/*@plain-words@*/{}" "${words}" loader "${loader}")
file(WRITE "${OUT}" "${loader}")
