# Turns the subset font into a C++ byte array, with the glyph ranges it was cut to, so the
# widget needs no file system and no extra request.
#
#   cmake -DIN=font.ttf -DOUT=font_data.cpp -DNAME=kFontRegular [-DRANGES="0x20,0x7E,…"] -P embed_font.cmake
#
# RANGES, given with one of the fonts only, becomes kGlyphRanges.
if(NOT DEFINED IN OR NOT DEFINED OUT OR NOT DEFINED NAME)
  message(FATAL_ERROR "usage: cmake -DIN=<font> -DOUT=<cpp> -DNAME=<symbol> [-DRANGES=<list>] -P embed_font.cmake")
endif()
file(READ "${IN}" hex HEX)
file(SIZE "${IN}" size)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
# Break the one long line every 32 bytes so compilers and editors stay happy.
string(REGEX REPLACE "((0x..,){32})" "\\1\n" bytes "${bytes}")
set(ranges_line "")
if(DEFINED RANGES)
  string(REPLACE ";" "," ranges "${RANGES}")
  set(ranges_line "const ImWchar kGlyphRanges[] = {${ranges}, 0};\n")
endif()
file(WRITE "${OUT}" "// Generated from ${IN} by wasm/font/embed_font.cmake. Do not edit.\n"
  "#include \"fonts.hpp\"\n\n"
  "namespace abon::ui {\n"
  "alignas(4) const unsigned char ${NAME}[] = {\n${bytes}\n};\n"
  "const int ${NAME}Size = ${size};\n"
  "${ranges_line}"
  "}  // namespace abon::ui\n")
