target_sources(fbkit_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/datetime.cpp
  ${CMAKE_CURRENT_LIST_DIR}/excel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/misc.cpp
  ${CMAKE_CURRENT_LIST_DIR}/score.cpp)
