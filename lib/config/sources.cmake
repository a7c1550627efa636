# lib/config: the built-in YAML configuration and the YAML loading helpers.
fbkit_module(config DEPENDS core)
target_sources(fbkit_mod_config PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/config.cpp
  ${CMAKE_CURRENT_LIST_DIR}/preflight.cpp
  ${CMAKE_CURRENT_LIST_DIR}/yaml.cpp)
target_link_libraries(fbkit_mod_config PUBLIC yaml-cpp::yaml-cpp)
