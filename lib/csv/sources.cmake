# lib/csv: the RFC 4180 reader and writer, and the parallel batch reader.
fbkit_module(csv DEPENDS core)
target_sources(fbkit_mod_csv PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/batch.cpp
  ${CMAKE_CURRENT_LIST_DIR}/raw_export.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/writer.cpp)
find_package(TBB REQUIRED)
target_link_libraries(fbkit_mod_csv PUBLIC TBB::tbb)
