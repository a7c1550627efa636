# `fbkit report`: the report model on the stats library, and its html, md and xlsx forms.
target_sources(fbkit_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/report.cpp
  ${CMAKE_CURRENT_LIST_DIR}/output.cpp)
# GCC 12 reports a false -Wrestrict inside std::string's operator+ for
# "literal" + std::string (GCC bug 105329); the page text is built that way.
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/output.cpp PROPERTIES COMPILE_OPTIONS "-Wno-restrict")
