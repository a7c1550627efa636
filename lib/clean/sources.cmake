# `fbkit clean`: text normalization, the rule loader and the streaming run.
fbkit_module(clean DEPENDS config core csv text values)
find_package(PkgConfig REQUIRED)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
target_sources(fbkit_mod_clean PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/clean.cpp
  ${CMAKE_CURRENT_LIST_DIR}/decider.cpp
  ${CMAKE_CURRENT_LIST_DIR}/emit.cpp
  ${CMAKE_CURRENT_LIST_DIR}/layout.cpp
  ${CMAKE_CURRENT_LIST_DIR}/literal_filter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/normalize.cpp
  ${CMAKE_CURRENT_LIST_DIR}/normalize_space.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pseudonym_key.cpp
  ${CMAKE_CURRENT_LIST_DIR}/row.cpp
  ${CMAKE_CURRENT_LIST_DIR}/row_rules.cpp
  ${CMAKE_CURRENT_LIST_DIR}/slot_memory.cpp
  ${CMAKE_CURRENT_LIST_DIR}/spill_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rules.cpp
  ${CMAKE_CURRENT_LIST_DIR}/too_fast.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tracker.cpp)
find_package(TBB REQUIRED)
target_link_libraries(fbkit_mod_clean PUBLIC PkgConfig::XXHASH PkgConfig::RE2 TBB::tbb)
find_package(nlohmann_json CONFIG REQUIRED)
target_link_libraries(fbkit_mod_clean PUBLIC nlohmann_json::nlohmann_json)
