# lib/values: the canonical values: datetimes, scores, decimals, Excel serials.
fbkit_module(values DEPENDS core)
target_sources(fbkit_mod_values PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/datetime.cpp
  ${CMAKE_CURRENT_LIST_DIR}/excel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/misc.cpp
  ${CMAKE_CURRENT_LIST_DIR}/score.cpp
  ${CMAKE_CURRENT_LIST_DIR}/canonical.cpp
  ${CMAKE_CURRENT_LIST_DIR}/timestamp.cpp
  ${CMAKE_CURRENT_LIST_DIR}/zone.cpp)
