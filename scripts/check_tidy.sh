#!/usr/bin/env bash
# Fails (exit 1) naming every clang-tidy finding (.clang-tidy) in the C++ files
# of lib/ and cmd/, read with the compile commands of a build:
#   check_tidy.sh [BUILD_DIR]     (default: build; its compile_commands.json)
# One clang-tidy per file, as many at once as there are cores (TIDY_JOBS=N to
# change). scripts/test.sh runs it on build-tidy (the release configuration
# without unity builds, configured only); the headers of lib/
# and cmd/ are checked through the files that include them.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
build=${1:-build}
db="$build/compile_commands.json"
command -v clang-tidy >/dev/null || { echo "check_tidy.sh: clang-tidy is not installed (scripts/setup.sh installs it)" >&2; exit 1; }
[ -f "$db" ] || { echo "check_tidy.sh: no $db (configure a build first: scripts/build.sh $build)" >&2; exit 1; }
# A unity build's compile commands name its batches, not the files in them.
if grep -q '/Unity/unity_' "$db"; then
  echo "check_tidy.sh: $db is a unity build's (FBKIT_UNITY); configure one without it (scripts/test.sh: build-tidy)" >&2
  exit 1
fi
mapfile -t files < <(python3 - "$db" "$here" <<'PY'
import json, os, sys
root = os.path.realpath(sys.argv[2])
seen = set()
for entry in json.load(open(sys.argv[1])):
    f = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
    rel = os.path.relpath(f, root)
    if rel.split(os.sep)[0] in ("lib", "cmd") and rel not in seen:
        seen.add(rel)
        print(rel)
PY
)
[ ${#files[@]} -gt 0 ] || { echo "check_tidy.sh: no file of lib/ or cmd/ in $db" >&2; exit 1; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$SECONDS
# GCC's own warning flags (-Wno-restrict ...) are unknown to clang: not a finding.
status=0
printf '%s\0' "${files[@]}" |
  xargs -0 -n 1 -P "${TIDY_JOBS:-$(nproc)}" clang-tidy -p "$build" --quiet --extra-arg=-Wno-unknown-warning-option \
    >"$log" 2>&1 || status=$?
grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter|^Error while processing' \
  "$log" >&2 || true
if [ "$status" -ne 0 ]; then
  echo "check_tidy.sh: clang-tidy findings above (.clang-tidy says which checks and why)" >&2
  exit 1
fi
echo "check_tidy.sh: ${#files[@]} files of lib/ and cmd/ pass .clang-tidy ($((SECONDS - start)) s)"
