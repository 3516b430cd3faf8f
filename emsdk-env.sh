# Source this file to put Emscripten on PATH: `. ./emsdk-env.sh`
# - $EMSDK set (an emsdk checkout): its own emsdk_env.sh.
# - Otherwise Debian's `emscripten` package (3.1.6), which on this Node.js needs
#   NODE_PATH=/usr/share/nodejs to find acorn. Its cache ships prebuilt system libraries.
if [ -n "${EMSDK:-}" ] && [ -f "$EMSDK/emsdk_env.sh" ]; then
  # shellcheck disable=SC1091
  . "$EMSDK/emsdk_env.sh" >/dev/null
else
  export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
  export ABON_EMSCRIPTEN_TOOLCHAIN=/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake
fi
if [ -z "${ABON_EMSCRIPTEN_TOOLCHAIN:-}" ] && [ -n "${EMSDK:-}" ]; then
  export ABON_EMSCRIPTEN_TOOLCHAIN="$EMSDK/upstream/emscripten/cmake/Modules/Platform/Emscripten.cmake"
fi
