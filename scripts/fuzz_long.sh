#!/usr/bin/env bash
# Long fuzzing runs measured in CPU time: fuzz_long.sh CPU_SECONDS [TARGET...]
#
# For the hour-long runs of docs/reliability.md. Each target runs once, at nice
# 19 (so it yields to builds and benchmarks), on a persistent corpus
# (build-fuzz/fuzz-long/<target>/corpus, seeded from tests/fuzz/corpus and the
# saved regressions) until the fuzzer process itself has used CPU_SECONDS of CPU
# time; then it is interrupted and its figures printed: executions, edge
# coverage (cov), features (ft), corpus, CPU and wall seconds. Wall time is not
# the measure because on a shared 2-core machine a niced fuzzer gets what is
# left. FBKIT_FUZZ_JOBS targets run at once (default: the number of cores).
# A unit taking over 30 s (wall clock, libFuzzer's timer: a niced fuzzer on a
# busy machine gets little CPU) counts as a hang; never SIGSTOP a fuzzer, its
# timer runs on. Needs the build of scripts/fuzz.sh (run `bash scripts/fuzz.sh 1` first).
# Exits 1 if any target crashed; the input is under
# build-fuzz/fuzz-long/<target>/artifacts/.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cpu=${1:?usage: fuzz_long.sh CPU_SECONDS [TARGET...]}
shift
build=${FBKIT_FUZZ_BUILD:-$here/build-fuzz}
jobs=${FBKIT_FUZZ_JOBS:-$(nproc)}
source "$here/scripts/fuzz_common.sh"
mapfile -t targets < <(fuzz_targets "$@")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
tick=$(getconf CLK_TCK)

run_one() {
  local t=$1 bin="$build/tests/fuzz/fuzz_$1" run="$build/fuzz-long/$1"
  [ -x "$bin" ] || { echo "fuzz_long.sh: no target fuzz_$t" >&2; return 2; }
  mkdir -p "$run/corpus" "$run/artifacts"
  cp -Rn "$here/tests/fuzz/corpus/$t/." "$run/corpus/"
  cp -Rn "$here/tests/fuzz/regressions/$t/." "$run/corpus/" 2>/dev/null || true
  rm -f "$run/corpus/.gitkeep"
  local start=$SECONDS
  (cd "$run" && exec nice -n 19 "$bin" -max_total_time=$((cpu * 20)) -rss_limit_mb=2048 \
     -max_len="${max_len[$t]:-4096}" -timeout=30 -print_final_stats=1 \
     -artifact_prefix="$run/artifacts/" corpus >log 2>&1) &
  local pid=$! used=0
  while kill -0 "$pid" 2>/dev/null; do
    # utime + stime of the fuzzer (fields 14 and 15 of /proc/PID/stat, after the command name)
    used=$(awk '{ sub(/^.*\) /, ""); print int(($12 + $13) / '"$tick"') }' "/proc/$pid/stat" 2>/dev/null || echo "$used")
    if [ "$used" -ge "$cpu" ]; then kill -INT "$pid" 2>/dev/null || true; break; fi
    sleep 5
  done
  local status=0
  wait "$pid" || status=$?
  # A slow unit (libFuzzer's -report_slow_units, wall clock: a niced fuzzer on a
  # busy machine writes them for ordinary inputs) is listed, not a failure:
  # replay it alone to judge (docs/reliability.md). Crashes, leaks, timeouts
  # and OOMs are failures.
  local slow
  slow=$(grep -c 'Test unit written to .*slow-unit-' "$run/log" || true)
  if grep -qE 'ERROR: libFuzzer|ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error|Test unit written to .*(crash|leak|timeout|oom)-' "$run/log"; then
    echo "fuzz_$t: FAILED after ${used}s CPU; log: $run/log" >&2
    grep -E 'ERROR: |SUMMARY: |Test unit written to' "$run/log" | head -8 >&2 || true
    return 1
  fi
  echo "fuzz_$t: $(fuzz_figures "$run/log") (${used} s CPU, $((SECONDS - start)) s wall, exit $status, slow units ${slow:-0})"
}

pids=() failed=0
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || failed=1; done
  run_one "$t" &
done
while [ "$(jobs -rp | wc -l)" -gt 0 ]; do wait -n || failed=1; done
exit $failed
