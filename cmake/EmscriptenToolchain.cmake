# The wasm presets' toolchain: an emsdk checkout's Emscripten when $EMSDK names one,
# otherwise Debian's `emscripten` package (3.1.6; the presets give it NODE_PATH).
if(DEFINED ENV{EMSDK} AND EXISTS "$ENV{EMSDK}/upstream/emscripten/cmake/Modules/Platform/Emscripten.cmake")
  include("$ENV{EMSDK}/upstream/emscripten/cmake/Modules/Platform/Emscripten.cmake")
elseif(EXISTS /usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake)
  include(/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake)
else()
  message(FATAL_ERROR "Emscripten not found: install Debian's emscripten package (./run deps) or set EMSDK")
endif()
