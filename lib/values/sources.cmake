target_sources(fbkit_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/excel.cpp)
