# Header-only Debian packages as INTERFACE targets.
#
# Natively they come from find_package / the system include path. Emscripten must not see
# /usr/include (glibc headers would shadow its libc), so for the wasm build only the
# needed folders are linked into a private include directory in the build tree.

set(ABON_SYSDEPS_INCLUDE ${CMAKE_BINARY_DIR}/sysdeps/include)

function(abon_link_system_headers name)
  if(NOT EXISTS /usr/include/${name})
    message(FATAL_ERROR "/usr/include/${name} is missing: run ./run (it installs the Debian packages)")
  endif()
  file(MAKE_DIRECTORY ${ABON_SYSDEPS_INCLUDE})
  if(NOT EXISTS ${ABON_SYSDEPS_INCLUDE}/${name})
    file(CREATE_LINK /usr/include/${name} ${ABON_SYSDEPS_INCLUDE}/${name} SYMBOLIC)
  endif()
endfunction()

add_library(abon_json INTERFACE)
add_library(abon::json ALIAS abon_json)
add_library(abon_stb INTERFACE)
add_library(abon::stb ALIAS abon_stb)

if(EMSCRIPTEN)
  abon_link_system_headers(nlohmann)
  abon_link_system_headers(stb)
  target_include_directories(abon_json SYSTEM INTERFACE ${ABON_SYSDEPS_INCLUDE})
  target_include_directories(abon_stb SYSTEM INTERFACE ${ABON_SYSDEPS_INCLUDE})
  target_compile_definitions(abon_json INTERFACE JSON_NOEXCEPTION)
else()
  find_package(nlohmann_json 3.10 REQUIRED)
  target_link_libraries(abon_json INTERFACE nlohmann_json::nlohmann_json)
  find_path(ABON_STB_DIR stb/stb_image.h REQUIRED)
  target_include_directories(abon_stb SYSTEM INTERFACE ${ABON_STB_DIR})
endif()
