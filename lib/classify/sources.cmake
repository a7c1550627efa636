# The classification engine: rule model and loader, Hyperscan/RE2 matcher,
# negation, the row classifier and the streaming run of `fbkit classify`.
fbkit_module(classify DEPENDS config core csv text values)
find_package(PkgConfig REQUIRED)
pkg_check_modules(HS REQUIRED IMPORTED_TARGET libhs)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
# fastText 0.9.2 (Debian libfasttext-dev) has no CMake config and a pkg-config
# file without a version: find the header and the library directly.
find_path(FASTTEXT_INCLUDE_DIR fasttext/fasttext.h REQUIRED)
find_library(FASTTEXT_LIBRARY fasttext REQUIRED)
target_sources(fbkit_mod_classify PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/adapt.cpp
  ${CMAKE_CURRENT_LIST_DIR}/aspects.cpp
  ${CMAKE_CURRENT_LIST_DIR}/batches.cpp
  ${CMAKE_CURRENT_LIST_DIR}/classify.cpp
  ${CMAKE_CURRENT_LIST_DIR}/coverage.cpp
  ${CMAKE_CURRENT_LIST_DIR}/departments.cpp
  ${CMAKE_CURRENT_LIST_DIR}/learn.cpp
  ${CMAKE_CURRENT_LIST_DIR}/engine.cpp
  ${CMAKE_CURRENT_LIST_DIR}/input_rows.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lint.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loader_layers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loader_urgent.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loader_when.cpp
  ${CMAKE_CURRENT_LIST_DIR}/packs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/matcher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/matcher_cache.cpp
  ${CMAKE_CURRENT_LIST_DIR}/matcher_prefilter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/matcher_scan.cpp
  ${CMAKE_CURRENT_LIST_DIR}/negation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sentiment.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fasttext_train.cpp
  ${CMAKE_CURRENT_LIST_DIR}/verdict.cpp
  ${CMAKE_CURRENT_LIST_DIR}/builtin_model.cpp)
# The built-in sentiment models (the default and food_delivery's), embedded by builtin_model.cpp (.incbin).
set(FBKIT_MODEL "${PROJECT_SOURCE_DIR}/config/models/sentiment_zh.ftz")
set(FBKIT_FOOD_MODEL "${PROJECT_SOURCE_DIR}/config/models/sentiment_food_zh.ftz")
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/builtin_model.cpp PROPERTIES
  COMPILE_DEFINITIONS "FBKIT_MODEL_PATH=\"${FBKIT_MODEL}\";FBKIT_FOOD_MODEL_PATH=\"${FBKIT_FOOD_MODEL}\""
  OBJECT_DEPENDS "${FBKIT_MODEL};${FBKIT_FOOD_MODEL}")
target_include_directories(fbkit_mod_classify SYSTEM PRIVATE ${FASTTEXT_INCLUDE_DIR})
target_link_libraries(fbkit_mod_classify PUBLIC PkgConfig::HS PkgConfig::RE2 ${FASTTEXT_LIBRARY})
target_link_libraries(fbkit_mod_classify PRIVATE PkgConfig::XXHASH)
