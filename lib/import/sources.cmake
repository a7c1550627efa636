# `fbkit import`: sources, profiles, value conversion and the import run.
fbkit_module(import DEPENDS config core csv text values xlsx)
find_package(nlohmann_json CONFIG REQUIRED)
target_sources(fbkit_mod_import PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/convert.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fallback.cpp
  ${CMAKE_CURRENT_LIST_DIR}/header.cpp
  ${CMAKE_CURRENT_LIST_DIR}/import.cpp
  ${CMAKE_CURRENT_LIST_DIR}/infer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mapping.cpp
  ${CMAKE_CURRENT_LIST_DIR}/profile.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sheet_choice.cpp
  ${CMAKE_CURRENT_LIST_DIR}/source.cpp)
target_link_libraries(fbkit_mod_import PUBLIC nlohmann_json::nlohmann_json)
