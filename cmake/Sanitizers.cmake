# FBKIT_SANITIZE=ON: every target of this build gets ASan + UBSan, and any
# undefined behaviour aborts the test that triggered it.
if(FBKIT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=address,undefined)
endif()

# FBKIT_BUILD_FUZZ=ON (clang only): every target is built with ASan + UBSan, lib/
# and tests/fuzz are instrumented for libFuzzer; tests/fuzz links the fuzzer
# into its targets.
if(FBKIT_BUILD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "FBKIT_BUILD_FUZZ needs clang: configure with CC=clang CXX=clang++")
  endif()
  # -gline-tables-only, not -g: file:line in every sanitizer and fuzzer stack
  # trace at about 12% less compile time and half the object size (full debug
  # info mostly slowed the links of the test executables). For a debugger
  # session: -DFBKIT_FUZZ_DEBUG_INFO=-g.
  set(FBKIT_FUZZ_DEBUG_INFO "-gline-tables-only" CACHE STRING "Debug information flag of the fuzz build")
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
                      ${FBKIT_FUZZ_DEBUG_INFO})
  add_link_options(-fsanitize=address,undefined)
  # libFuzzer's coverage instrumentation (edge counters, comparison tracing) only
  # where the fuzz targets' code is: lib/ and tests/fuzz (fbkit_fuzz_coverage() in
  # their CMakeLists.txt). cmd/ and the unit tests, in no fuzz target, are
  # compiled with ASan + UBSan only: cmd/'s unity batch took 47.8 s of CPU with
  # it, 37.7 s without (clang -O2, the ASan build of scripts/test.sh).
  set(FBKIT_FUZZ_COVERAGE -fsanitize=fuzzer-no-link)
endif()

# In the directory that calls it (before its targets): libFuzzer's coverage
# instrumentation with FBKIT_BUILD_FUZZ, nothing otherwise.
macro(fbkit_fuzz_coverage)
  if(FBKIT_BUILD_FUZZ)
    add_compile_options(${FBKIT_FUZZ_COVERAGE})
  endif()
endmacro()
