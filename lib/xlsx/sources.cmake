# lib/xlsx: reading .xlsx worksheets (libzip for the archive, pugixml for the XML).
fbkit_module(xlsx DEPENDS core text values)
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
find_package(pugixml CONFIG REQUIRED)
target_sources(fbkit_mod_xlsx PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/archive.cpp
  ${CMAKE_CURRENT_LIST_DIR}/format.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/spreadsheetml.cpp
  ${CMAKE_CURRENT_LIST_DIR}/xml.cpp)
# PUBLIC libzip: the unit tests build small workbooks with it.
target_link_libraries(fbkit_mod_xlsx PUBLIC PkgConfig::LIBZIP PRIVATE pugixml::pugixml)
