# fbkit_warnings(target): warnings on for our own code; -Werror with FBKIT_WERROR.
function(fbkit_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wcast-align -Wunused -Woverloaded-virtual)
  # In a unity build every .cpp of a batch is an included file to GCC, which then
  # warns on each class of it that has a member of a type from an anonymous
  # namespace (meant for headers, where it is a real ODR hazard).
  get_target_property(unity ${target} UNITY_BUILD)
  if(unity AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-subobject-linkage)
  endif()
  if(FBKIT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
