# lib/text: encodings, Unicode normalization, Traditional -> Simplified, PII masking, globs.
fbkit_module(text DEPENDS core)
find_package(ICU REQUIRED COMPONENTS uc i18n)
find_package(PkgConfig REQUIRED)
pkg_check_modules(OPENCC REQUIRED IMPORTED_TARGET opencc)
target_sources(fbkit_mod_text PRIVATE ${CMAKE_CURRENT_LIST_DIR}/unicode.cpp ${CMAKE_CURRENT_LIST_DIR}/glob.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pii.cpp ${CMAKE_CURRENT_LIST_DIR}/pii_parts.cpp ${CMAKE_CURRENT_LIST_DIR}/pseudonym.cpp
  ${CMAKE_CURRENT_LIST_DIR}/t2s.cpp ${CMAKE_CURRENT_LIST_DIR}/terms.cpp
  ${CMAKE_CURRENT_LIST_DIR}/language.cpp)
if(EXISTS "${CMAKE_CURRENT_LIST_DIR}/encoding.cpp")
  target_sources(fbkit_mod_text PRIVATE ${CMAKE_CURRENT_LIST_DIR}/encoding.cpp ${CMAKE_CURRENT_LIST_DIR}/detect.cpp
    ${CMAKE_CURRENT_LIST_DIR}/lines.cpp)
endif()
target_link_libraries(fbkit_mod_text PUBLIC ICU::uc ICU::i18n PkgConfig::OPENCC)
