#!/usr/bin/env bash
# Fails (exit 1) naming every clang-tidy finding (.clang-tidy) in the C++ files
# of lib/ and cmd/, read with the compile commands of a build:
#   check_tidy.sh [BUILD_DIR]     (default: build; its compile_commands.json)
# One clang-tidy per compile command, as many at once as there are cores
# (TIDY_JOBS=N to change). In a unity build (FBKIT_UNITY) a command is a batch
# of up to 16 sources: their findings are reported under their own names, and
# the headers every source includes (fmt, yaml-cpp, CLI11, the standard
# library) are read and matched once a batch instead of once a file, about 8
# times less work. scripts/test.sh runs it on the release build (unity), and
# checks with scripts/check_alone.sh that each source compiles on its own, which
# a batch cannot show. The headers of lib/ and cmd/ are checked through the
# files that include them.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
build=${1:-build}
db="$build/compile_commands.json"
command -v clang-tidy >/dev/null || { echo "check_tidy.sh: clang-tidy is not installed (scripts/setup.sh installs it)" >&2; exit 1; }
[ -f "$db" ] || { echo "check_tidy.sh: no $db (configure a build first: scripts/build.sh $build)" >&2; exit 1; }
# Each command's file: a source of lib/ or cmd/ (relative), or a unity batch of
# them (absolute, in the build tree); the second column counts the sources.
mapfile -t entries < <(python3 - "$db" "$here" <<'PY'
import json, os, re, sys
root = os.path.realpath(sys.argv[2])
seen = set()
out = []
def ours(path):
    rel = os.path.relpath(os.path.realpath(path), root)
    return rel if rel.split(os.sep)[0] in ("lib", "cmd") else None
for entry in json.load(open(sys.argv[1])):
    f = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
    if f in seen:
        continue
    seen.add(f)
    if "/Unity/unity_" in f:
        sources = [m for m in re.findall(r'#include "([^"]+)"', open(f).read()) if ours(m)]
        if sources:
            out.append((len(sources), f))
    elif ours(f):
        out.append((1, ours(f)))
for n, f in sorted(out, key=lambda e: -e[0]):  # the biggest batches first: no long one last
    print(f"{f}\t{n}")
PY
)
[ ${#entries[@]} -gt 0 ] || { echo "check_tidy.sh: no file of lib/ or cmd/ in $db" >&2; exit 1; }
files=()
sources=0
for e in "${entries[@]}"; do
  files+=("${e%%$'\t'*}")
  sources=$((sources + ${e##*$'\t'}))
done
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$SECONDS
# GCC's own warning flags (-Wno-restrict ...) are unknown to clang: not a finding.
# A batch's sources are "headers" to clang-tidy (the filter: those of lib/ and
# cmd/, not the generated ones of the build tree), and its
# #include of each is not the suspicious include of a .cpp that check is for.
status=0
printf '%s\0' "${files[@]}" |
  xargs -0 -n 1 -P "${TIDY_JOBS:-$(nproc)}" sh -c '
    case "$2" in */Unity/unity_*) set -- "$1" "$2" --checks=-bugprone-suspicious-include ;; esac
    exec clang-tidy -p "$1" --config-file=.clang-tidy --header-filter="^$0/(lib|cmd)/" --quiet \
      --extra-arg=-Wno-unknown-warning-option "$2" ${3:+"$3"}' "$(pwd -P)" "$build" \
    >"$log" 2>&1 || status=$?
grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter|^Error while processing' \
  "$log" >&2 || true
if [ "$status" -ne 0 ]; then
  echo "check_tidy.sh: clang-tidy findings above (.clang-tidy says which checks and why)" >&2
  exit 1
fi
echo "check_tidy.sh: $sources files of lib/ and cmd/ (${#files[@]} clang-tidy runs) pass .clang-tidy ($((SECONDS - start)) s)"
