# `fbkit clean`: text normalization, the rule loader and the streaming run.
find_package(PkgConfig REQUIRED)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
target_sources(fbkit_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/clean.cpp
  ${CMAKE_CURRENT_LIST_DIR}/normalize.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rules.cpp
  ${CMAKE_CURRENT_LIST_DIR}/too_fast.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tracker.cpp)
find_package(TBB REQUIRED)
target_link_libraries(fbkit_core PUBLIC PkgConfig::XXHASH PkgConfig::RE2 TBB::tbb)
