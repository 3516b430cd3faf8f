# Dear ImGui 1.86 from Debian's source package, fetched at configure time into the build
# folder (cmake/fetch_imgui.sh runs `apt-get source imgui`); never committed. Sets
# ABON_IMGUI_DIR. Both presets share one copy under build/third_party.
set(ABON_THIRD_PARTY_DIR ${PROJECT_SOURCE_DIR}/build/third_party
    CACHE PATH "Where third-party source packages are unpacked")

function(abon_find_imgui out)
  file(GLOB found LIST_DIRECTORIES true ${ABON_THIRD_PARTY_DIR}/imgui-*/imgui.cpp)
  if(found)
    list(GET found 0 first)
    get_filename_component(dir ${first} DIRECTORY)
    set(${out} ${dir} PARENT_SCOPE)
  else()
    set(${out} "" PARENT_SCOPE)
  endif()
endfunction()

if(NOT ABON_IMGUI_DIR OR NOT EXISTS ${ABON_IMGUI_DIR}/imgui.cpp)
  abon_find_imgui(dir)
  if(NOT dir)
    message(STATUS "Fetching Debian's imgui source package into ${ABON_THIRD_PARTY_DIR}")
    execute_process(COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/fetch_imgui.sh ${ABON_THIRD_PARTY_DIR}
                    RESULT_VARIABLE failed)
    abon_find_imgui(dir)
    if(failed OR NOT dir)
      message(FATAL_ERROR "Dear ImGui source could not be fetched into ${ABON_THIRD_PARTY_DIR} "
                          "(needs dpkg-dev and a deb-src entry; ./run deps sets both up), "
                          "or set ABON_IMGUI_DIR to an unpacked imgui 1.86 source")
    endif()
  endif()
  set(ABON_IMGUI_DIR ${dir} CACHE PATH "Dear ImGui 1.86 source (Debian's imgui source package)" FORCE)
endif()
