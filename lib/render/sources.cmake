# lib/render: the report's presentation layer: inline SVG charts, the HTML
# page builder and the xlsx writer (libxlsxwriter).
fbkit_module(render DEPENDS core text)
find_package(PkgConfig REQUIRED)
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
target_sources(fbkit_mod_render PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/canvas.cpp
  ${CMAKE_CURRENT_LIST_DIR}/html.cpp
  ${CMAKE_CURRENT_LIST_DIR}/svg.cpp
  ${CMAKE_CURRENT_LIST_DIR}/svg_bars.cpp
  ${CMAKE_CURRENT_LIST_DIR}/xlsx.cpp)
target_link_libraries(fbkit_mod_render PRIVATE PkgConfig::XLSXWRITER)
