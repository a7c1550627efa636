# `fbkit run`: the monthly pipeline (import -> clean -> classify -> report) into a dated folder.
fbkit_module(run DEPENDS classify clean config core import report stats values)
find_package(nlohmann_json CONFIG REQUIRED)
target_link_libraries(fbkit_mod_run PUBLIC nlohmann_json::nlohmann_json)
target_sources(fbkit_mod_run PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/folder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pipeline.cpp
  ${CMAKE_CURRENT_LIST_DIR}/run.cpp)
