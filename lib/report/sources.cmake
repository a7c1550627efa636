# `fbkit report`: the report model on the stats library, and its html, md and xlsx forms.
fbkit_module(report DEPENDS classify config core csv render stats text values)
target_sources(fbkit_mod_report PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/config.cpp
  ${CMAKE_CURRENT_LIST_DIR}/context.cpp
  ${CMAKE_CURRENT_LIST_DIR}/document_html.cpp
  ${CMAKE_CURRENT_LIST_DIR}/document_md.cpp
  ${CMAKE_CURRENT_LIST_DIR}/document_xlsx.cpp
  ${CMAKE_CURRENT_LIST_DIR}/language.cpp
  ${CMAKE_CURRENT_LIST_DIR}/layout.cpp
  ${CMAKE_CURRENT_LIST_DIR}/layout_followup.cpp
  ${CMAKE_CURRENT_LIST_DIR}/needs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/layout_xlsx.cpp
  ${CMAKE_CURRENT_LIST_DIR}/output.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plan.cpp
  ${CMAKE_CURRENT_LIST_DIR}/query.cpp
  ${CMAKE_CURRENT_LIST_DIR}/detail.cpp
  ${CMAKE_CURRENT_LIST_DIR}/report.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scope.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rows.cpp
  ${CMAKE_CURRENT_LIST_DIR}/section_actions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/section_agents.cpp
  ${CMAKE_CURRENT_LIST_DIR}/section_followup.cpp
  ${CMAKE_CURRENT_LIST_DIR}/section_header.cpp
  ${CMAKE_CURRENT_LIST_DIR}/section_improvements.cpp
  ${CMAKE_CURRENT_LIST_DIR}/section_method.cpp
  ${CMAKE_CURRENT_LIST_DIR}/section_overview.cpp
  ${CMAKE_CURRENT_LIST_DIR}/section_problems.cpp
  ${CMAKE_CURRENT_LIST_DIR}/section_satisfaction.cpp
  ${CMAKE_CURRENT_LIST_DIR}/section_trends.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sections.cpp
  ${CMAKE_CURRENT_LIST_DIR}/user_files.cpp
  # #16: problem and praise rows, example ranking, urgent items
  ${CMAKE_CURRENT_LIST_DIR}/examples.cpp
  ${CMAKE_CURRENT_LIST_DIR}/layout_tone.cpp
  ${CMAKE_CURRENT_LIST_DIR}/section_praise.cpp
  ${CMAKE_CURRENT_LIST_DIR}/section_urgent.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tone.cpp)
# GCC 12 reports a false -Wrestrict inside std::string's operator+ for
# "literal" + std::string (GCC bug 105329); the page text is built that way.
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/output.cpp PROPERTIES COMPILE_OPTIONS "$<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>")
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/document_md.cpp ${CMAKE_CURRENT_LIST_DIR}/layout.cpp
                            ${CMAKE_CURRENT_LIST_DIR}/layout_followup.cpp PROPERTIES COMPILE_OPTIONS "$<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>")
find_package(nlohmann_json CONFIG REQUIRED)
target_link_libraries(fbkit_mod_report PUBLIC nlohmann_json::nlohmann_json)
# The summary, the KPI tiles and the sentiment mix.
target_sources(fbkit_mod_report PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/layout_summary.cpp
  ${CMAKE_CURRENT_LIST_DIR}/section_kpi.cpp
  ${CMAKE_CURRENT_LIST_DIR}/section_summary.cpp)
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/layout_summary.cpp PROPERTIES COMPILE_OPTIONS "$<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>")
