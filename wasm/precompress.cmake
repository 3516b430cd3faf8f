# Writes FILE.br (brotli, quality 11) and FILE.gz (gzip -9 -n: no name, no time, so the
# same input gives the same bytes) beside every file of DIR, for a server that sends the
# precompressed copy (nginx gzip_static / brotli_static, the demo endpoint).
#
#   cmake -DDIR=<folder> -DBROTLI=<brotli> -DGZIP=<gzip> -P precompress.cmake
if(NOT DEFINED DIR OR NOT DEFINED BROTLI OR NOT DEFINED GZIP)
  message(FATAL_ERROR "usage: cmake -DDIR=<folder> -DBROTLI=<brotli> -DGZIP=<gzip> -P precompress.cmake")
endif()
file(GLOB files LIST_DIRECTORIES false "${DIR}/*")  # what the site step just copied there
foreach(file IN LISTS files)
  if(file MATCHES "\\.(br|gz)$")
    continue()
  endif()
  execute_process(COMMAND ${GZIP} -9 -n -c ${file} OUTPUT_FILE ${file}.gz RESULT_VARIABLE gz_failed)
  execute_process(COMMAND ${BROTLI} -q 11 -f -o ${file}.br ${file} RESULT_VARIABLE br_failed)
  if(gz_failed OR br_failed)
    message(FATAL_ERROR "precompressing ${file} failed (gzip: ${gz_failed}, brotli: ${br_failed})")
  endif()
endforeach()
