# Warnings as an INTERFACE target, linked PRIVATE by the project's own targets only.
add_library(abon_warnings INTERFACE)
add_library(abon::warnings ALIAS abon_warnings)
target_compile_options(abon_warnings INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion
    -Wno-sign-conversion -Wno-missing-field-initializers -Wnon-virtual-dtor -Wold-style-cast>)
