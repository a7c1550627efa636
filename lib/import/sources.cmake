find_package(nlohmann_json CONFIG REQUIRED)
target_sources(fbkit_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/convert.cpp
  ${CMAKE_CURRENT_LIST_DIR}/import.cpp
  ${CMAKE_CURRENT_LIST_DIR}/profile.cpp
  ${CMAKE_CURRENT_LIST_DIR}/source.cpp)
target_link_libraries(fbkit_core PUBLIC nlohmann_json::nlohmann_json)
