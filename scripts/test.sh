#!/usr/bin/env bash
# Everything CI checks: set-up, a release build with warnings as errors, all
# tests, clang-tidy; then an ASan+UBSan build (clang, instrumented for libFuzzer
# too, so the same build runs the tests again and then the fuzzers).
set -euo pipefail
# Each phase's wall time, so a slow CI run says where it went.
phase_start=$SECONDS
phase() {
  [ -z "${phase_name:-}" ] || echo "== ($phase_name: $((SECONDS - phase_start)) s)"
  phase_name=$1
  phase_start=$SECONDS
  echo "== $1"
}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
phase "set-up (scripts/setup.sh)"
bash scripts/setup.sh

phase "release build (-Werror)"
bash scripts/build.sh build -DCMAKE_BUILD_TYPE=Release -DFBKIT_WERROR=ON
phase "tests (release)"
ctest --test-dir build --output-on-failure -j "$(nproc)"
phase "clang-tidy (.clang-tidy over lib/ and cmd/, the release build's compile commands)"
bash scripts/check_tidy.sh build

# A unity build (FBKIT_UNITY: batches of 16 sources a compiler run) takes about
# half the CPU of one file a run; the release build above compiles every file on
# its own, so a missing #include still fails there.
phase "ASan+UBSan build (clang, unity; FBKIT_BUILD_FUZZ: ASan+UBSan everywhere and the libFuzzer targets)"
CC=clang CXX=clang++ bash scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFBKIT_BUILD_FUZZ=ON \
  -DFBKIT_BUILD_BENCH=OFF -DFBKIT_UNITY=ON
# The checks of the source tree (label source), the statistics simulation and
# the headless-Chromium renders (their answer is the same in any build) ran in
# the release pass.
phase "tests (ASan+UBSan; not the labels source, simulation, browser)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)" -LE 'source|simulation|browser'

phase "fuzzing (libFuzzer + ASan + UBSan, 30 s per target, as many at once as cores; scripts/fuzz_long.sh for the hour-long runs)"
FBKIT_FUZZ_BUILD="$here/build-asan" bash scripts/fuzz.sh 30
phase "all passed in $SECONDS s"
