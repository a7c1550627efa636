# Metrics of `fbkit stats` (and the report built on them): the query spec, the
# mergeable per-group aggregator, statistics (intervals, tests), the table model
# and its csv/json/md/table renderers.
fbkit_module(stats DEPENDS config core csv text values)
target_sources(fbkit_mod_stats PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/aggregate.cpp
  ${CMAKE_CURRENT_LIST_DIR}/batch.cpp
  ${CMAKE_CURRENT_LIST_DIR}/columns.cpp
  ${CMAKE_CURRENT_LIST_DIR}/compare.cpp
  ${CMAKE_CURRENT_LIST_DIR}/compute.cpp
  ${CMAKE_CURRENT_LIST_DIR}/format.cpp
  ${CMAKE_CURRENT_LIST_DIR}/labels.cpp
  ${CMAKE_CURRENT_LIST_DIR}/layout.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mathstat.cpp
  ${CMAKE_CURRENT_LIST_DIR}/overdue.cpp
  ${CMAKE_CURRENT_LIST_DIR}/options.cpp
  ${CMAKE_CURRENT_LIST_DIR}/period.cpp
  ${CMAKE_CURRENT_LIST_DIR}/quantile.cpp
  ${CMAKE_CURRENT_LIST_DIR}/settings.cpp
  ${CMAKE_CURRENT_LIST_DIR}/spec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/state.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stats.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/watch.cpp)
