# Source this file to put Emscripten on PATH for use by hand: `. ./emsdk-env.sh`
# (the wasm presets need none of it: cmake/EmscriptenToolchain.cmake finds Emscripten and
# the presets set NODE_PATH themselves).
# - $EMSDK set (an emsdk checkout): its own emsdk_env.sh.
# - Otherwise Debian's `emscripten` package (3.1.6), which on this Node.js needs
#   NODE_PATH=/usr/share/nodejs to find acorn.
if [ -n "${EMSDK:-}" ] && [ -f "$EMSDK/emsdk_env.sh" ]; then
  # shellcheck disable=SC1091
  . "$EMSDK/emsdk_env.sh" >/dev/null
else
  export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
fi
