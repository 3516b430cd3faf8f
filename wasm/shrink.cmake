# The release module, optimised once more after Emscripten is done with it, and its symbol
# map (index:name, as --emit-symbol-map writes it) rewritten for the new function indices.
#
# Emscripten's last wasm-opt run comes before its meta-DCE, which drops the exports and
# imports the glue never uses; the code they kept alive is optimised again here.
# --flatten and --rereloop rebuild each function's control flow from scratch, which -Oz
# then folds tighter than the compiler's own shape (~1 kB of gzip in all). --mvp-features:
# the module stays within WebAssembly 1.0 (Safari 12.1, the support floor); a later feature
# in the input fails the build here rather than on an old phone.
#
#   cmake -DWASM_OPT=<wasm-opt> -DWASM=<module.wasm, names kept: --profiling-funcs> -DSYMBOLS=<out> -P shrink.cmake
if(NOT DEFINED WASM_OPT OR NOT DEFINED WASM OR NOT DEFINED SYMBOLS)
  message(FATAL_ERROR "usage: cmake -DWASM_OPT=<wasm-opt> -DWASM=<module.wasm> -DSYMBOLS=<out> -P shrink.cmake")
endif()
# Without -g, the names section is read for the map (the last pass) and left out of the
# output. --converge repeats every pass while the module shrinks, the map too: the last one
# printed, from its "0:" line on, is the final module's.
execute_process(
  COMMAND ${WASM_OPT} ${WASM} --mvp-features --flatten --rereloop -Oz -Oz --converge --print-function-map -o ${WASM}
  OUTPUT_VARIABLE maps
  RESULT_VARIABLE failed)
string(FIND "\n${maps}" "\n0:" last REVERSE)
if(failed OR last LESS 0)
  message(FATAL_ERROR "wasm-opt could not shrink ${WASM} (${failed})")
endif()
string(SUBSTRING "${maps}" ${last} -1 map)
file(WRITE ${SYMBOLS} "${map}")
