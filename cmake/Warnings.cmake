# fbkit_warnings(target): warnings on for our own code; -Werror with FBKIT_WERROR.
function(fbkit_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wcast-align -Wunused -Woverloaded-virtual)
  if(FBKIT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
