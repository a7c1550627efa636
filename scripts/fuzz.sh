#!/usr/bin/env bash
# Fuzzes every libFuzzer target for a bounded time: fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Builds build-fuzz with clang (FBKIT_BUILD_FUZZ=ON: libFuzzer + ASan + UBSan),
# then runs each target of tests/fuzz on a copy of its seed corpus and saved
# crash inputs (build-fuzz/fuzz-run/<target>/corpus: the committed corpus never
# grows), and prints per target the executions, edge coverage (cov) and
# features (ft) reached. Exits 1 if any target crashed, leaked, ran out of
# memory or hit a timeout; the input that did it is saved under
# build-fuzz/fuzz-run/<target>/ and its path printed: copy it to
# tests/fuzz/regressions/<target>/ and fix the bug (docs/reliability.md).
# FBKIT_FUZZ_BUILD overrides the build folder; FBKIT_FUZZ_JOBS targets run at
# once (default: the number of cores).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true
build=${FBKIT_FUZZ_BUILD:-$here/build-fuzz}

source "$here/scripts/fuzz_common.sh"
mapfile -t targets < <(fuzz_targets "$@")

echo "== fuzz build ($build, clang, libFuzzer + ASan + UBSan)"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S "$here" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DFBKIT_BUILD_FUZZ=ON -DFBKIT_BUILD_TESTS=OFF -DFBKIT_BUILD_BENCH=OFF >/dev/null
fi
cmake --build "$build" --target fuzz -j "$(nproc)"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
jobs=${FBKIT_FUZZ_JOBS:-$(nproc)}

# One target: its figures on stdout, its failure on stderr and in the exit status.
run_target() {
  local t=$1 bin="$build/tests/fuzz/fuzz_$1" run="$build/fuzz-run/$1"
  [ -x "$bin" ] || { echo "fuzz.sh: no target fuzz_$t" >&2; return 2; }
  rm -rf "$run" && mkdir -p "$run/corpus" "$run/artifacts"
  cp -R "$here/tests/fuzz/corpus/$t/." "$run/corpus/"
  cp -R "$here/tests/fuzz/regressions/$t/." "$run/corpus/" 2>/dev/null || true
  rm -f "$run/corpus/.gitkeep"
  local seeds status=0
  seeds=$(ls "$run/corpus" | wc -l)
  (cd "$run" && "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len="${max_len[$t]:-4096}" -timeout=10 \
     -print_final_stats=1 -artifact_prefix="$run/artifacts/" corpus >log 2>&1) || status=$?
  echo "fuzz_$t: $(fuzz_figures "$run/log") (${seconds}s, $seeds seed inputs, max_len ${max_len[$t]:-4096})"
  if [ "$status" != 0 ]; then
    echo "fuzz_$t: FAILED (exit $status); log: $run/log" >&2
    grep -E 'ERROR: |SUMMARY: |fuzz property violated|Test unit written to|artifact_prefix' "$run/log" | head -8 >&2 || true
    return 1
  fi
}

echo "== ${#targets[@]} targets, ${seconds}s each, $jobs at a time"
failed=0
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || failed=1; done
  run_target "$t" &
done
while [ "$(jobs -rp | wc -l)" -gt 0 ]; do wait -n || failed=1; done
if [ "$failed" != 0 ]; then
  echo "fuzz.sh: a target failed (see above)" >&2
  exit 1
fi
echo "fuzz.sh: ${#targets[@]} targets, no crash in ${seconds}s each"
