# The classification engine: rule model and loader, Hyperscan/RE2 matcher,
# negation, the row classifier and the streaming run of `fbkit classify`.
fbkit_module(classify DEPENDS config core csv text values)
find_package(PkgConfig REQUIRED)
pkg_check_modules(HS REQUIRED IMPORTED_TARGET libhs)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
target_sources(fbkit_mod_classify PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/classify.cpp
  ${CMAKE_CURRENT_LIST_DIR}/coverage.cpp
  ${CMAKE_CURRENT_LIST_DIR}/engine.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lint.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/matcher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/negation.cpp)
target_link_libraries(fbkit_mod_classify PUBLIC PkgConfig::HS PkgConfig::RE2)
