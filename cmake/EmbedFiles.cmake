# fbkit_embed_files(OUT <cpp> BASE <dir> FILES <files...>)
# Generates a C++ source that defines fbkit::config::embedded_files() holding the
# given files as bytes, named by their path relative to BASE. Regenerated when
# any file changes.
function(fbkit_embed_files)
  cmake_parse_arguments(ARG "" "OUT;BASE" "FILES" ${ARGN})
  add_custom_command(
    OUTPUT "${ARG_OUT}"
    COMMAND "${CMAKE_COMMAND}" -DOUT=${ARG_OUT} -DBASE=${ARG_BASE} "-DFILES=${ARG_FILES}"
            -P "${PROJECT_SOURCE_DIR}/cmake/embed_files_script.cmake"
    DEPENDS ${ARG_FILES} "${PROJECT_SOURCE_DIR}/cmake/embed_files_script.cmake"
    COMMENT "Embedding configuration files"
    VERBATIM)
endfunction()
