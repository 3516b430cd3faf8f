# Copies the plain form's script with what the build puts into it: web/src/compat.js in
# place of its /*@compat@*/ marker, web/src/rules.js in place of /*@rules@*/, web/src/render.js
# (the apply function every rendering shares) in place of /*@render@*/ and the keys of TABLES it
# reads (web/tools/tables.mjs) in place of /*@tables@*/, each with its `export ` prefixes and
# sibling imports dropped (as the loader's bundle of web/src/ is made).
#   cmake -DIN=abon-signup-plain.js -DCOMPAT=compat.js -DRULES=rules.js -DRENDER=render.js
#         -DTABLES=plain-tables.js -DOUT=site/.../abon-signup-plain.js -P inline_plain_words.cmake
file(READ "${IN}" script)

function(module_text path out)  # an ES module's text as plain declarations
  file(READ "${path}" text)
  string(REGEX REPLACE "(^|\n)import {[^}\n]*} from \"\\./[a-z_]+\\.js\";\n" "\\1" text "${text}")
  string(REGEX REPLACE "(^|\n)export (function|const) " "\\1\\2 " text "${text}")
  if(text MATCHES "(^|\n)(export|import)[ {]")
    message(FATAL_ERROR "${path}: only top-level `export function`/`export const` and sibling imports can be inlined")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

foreach(marker compat rules render tables)
  string(TOUPPER ${marker} var)
  string(FIND "${script}" "/*@${marker}@*/" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${IN} has no /*@${marker}@*/ marker")
  endif()
  module_text("${${var}}" text)
  string(REPLACE "/*@${marker}@*/" "${text}" script "${script}")
endforeach()
file(WRITE "${OUT}" "${script}")
