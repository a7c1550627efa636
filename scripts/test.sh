#!/usr/bin/env bash
# Everything CI checks: set-up, a release build with warnings as errors, all
# tests, clang-tidy; then an ASan+UBSan build (clang, instrumented for libFuzzer
# too, so the same build runs the tests again and then the fuzzers).
set -euo pipefail
# Each phase's wall time and the CPU time of its processes (user + system, from
# bash's `times`), so a slow CI run says where it went and how busy the cores were.
# (`times` in a pipe or $(...) would run in a subshell, which has no children.)
times_file=$(mktemp)
trap 'rm -f "$times_file"' EXIT
phase_start=$SECONDS
phase_cpu=0
phase() {
  local cpu
  times > "$times_file"
  cpu=$(awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, t, "m"); s += t[1] * 60 + t[2] } } END { printf "%d", s }' "$times_file")
  [ -z "${phase_name:-}" ] || echo "== ($phase_name: $((SECONDS - phase_start)) s, CPU $((cpu - phase_cpu)) s)"
  phase_name=$1
  phase_start=$SECONDS
  phase_cpu=$cpu
  echo "== $1"
}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
phase "set-up (scripts/setup.sh)"
bash scripts/setup.sh

# Unity builds (FBKIT_UNITY: batches of 16 sources a compiler run, about half
# the CPU) of lib/ and cmd/, and of the tests too (FBKIT_UNITY_TESTS: 20 s of
# CPU for test_report's batch of six files against 43 s for them one by one,
# measured one after the other on the same loaded machine); check_alone.sh
# below compiles each file of lib/ and cmd/ alone. Both builds link with lld
# (FBKIT_LLD: an ASan test executable took 2.1 s of CPU and 9 s of wall to link
# with GNU ld, 0.6 s and 2 s with lld).
phase "release build (-Werror; unity)"
bash scripts/build.sh build -DCMAKE_BUILD_TYPE=Release -DFBKIT_WERROR=ON -DFBKIT_UNITY=ON -DFBKIT_UNITY_TESTS=ON -DFBKIT_LLD=ON
phase "tests (release)"
ctest --test-dir build --output-on-failure -j "$(nproc)"
# clang-tidy reads the compile commands of the release build: a unity batch of
# 16 sources is one clang-tidy run, which reads the library headers once for the
# 16 (scripts/check_tidy.sh). A batch hides a source's missing #include behind
# the sources before it, and the default build (FBKIT_UNITY=OFF) compiles each
# source alone: check_alone.sh compiles each with -fsyntax-only, from the compile
# commands of build-alone (the release configuration without unity builds,
# configured only, nothing built). It is configured with clang: the same
# libstdc++ headers, so the same missing #include fails, at about 80% of GCC's
# CPU (137 s against 169 s for the 156 sources on 2 cores).
phase "clang-tidy (.clang-tidy over lib/ and cmd/, the release build's compile commands) and each source alone"
bash scripts/check_tidy.sh build
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
CC=clang CXX=clang++ cmake -S . -B build-alone "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DFBKIT_WERROR=ON -DFBKIT_UNITY=OFF \
  -DFBKIT_BUILD_TESTS=OFF -DFBKIT_BUILD_BENCH=OFF >/dev/null
# The 27 sources the release build compiled on their own (10 out of its unity
# batches, and the first of each of its 17 batches) are not compiled again:
# check_alone.sh's second argument.
bash scripts/check_alone.sh build-alone build

# Unity builds of everything, as in the release build. libFuzzer's coverage
# instrumentation only in lib/ and tests/fuzz (cmake/Sanitizers.cmake): cmd/ and
# the unit tests are in no fuzz target. -O1 instead of RelWithDebInfo's -O2 was
# tried: 4 to 8% less CPU a unity batch (cmd/ 47.8 s against 44.1 s), but every
# third ASan test, run side by side, took 838 s against 785 s: no gain overall.
phase "ASan+UBSan build (clang, unity; FBKIT_BUILD_FUZZ: ASan+UBSan everywhere and the libFuzzer targets)"
# Its tests load classify's compiled patterns from the release pass's folder
# (tests/CMakeLists.txt, FBKIT_TEST_CACHE_DIR): Hyperscan's compile is the same
# library in both builds, ten times dearer here through ASan's allocator.
CC=clang CXX=clang++ bash scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFBKIT_BUILD_FUZZ=ON \
  -DFBKIT_BUILD_BENCH=OFF -DFBKIT_UNITY=ON -DFBKIT_UNITY_TESTS=ON -DFBKIT_LLD=ON -DFBKIT_TEST_CACHE_DIR="$here/build/tests/cli-cache"
# The checks of the source tree (label source), the statistics simulation and
# the headless-Chromium renders (their answer is the same in any build) ran in
# the release pass; so did the 2,000-regex rule file (label hyperscan-compile),
# whose time is Hyperscan's compile, an uninstrumented library: 4 s there, up to
# 60 s here, all of it ASan's allocator.
phase "tests (ASan+UBSan; not the labels source, simulation, browser, hyperscan-compile)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)" -LE 'source|simulation|browser|hyperscan-compile'

phase "fuzzing (libFuzzer + ASan + UBSan, 20 s per target, as many at once as cores; scripts/fuzz_long.sh for the hour-long runs)"
FBKIT_FUZZ_BUILD="$here/build-asan" bash scripts/fuzz.sh 20
phase "all passed in $SECONDS s"
