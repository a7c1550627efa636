#!/usr/bin/env bash
# Fails (exit 1) naming every C++ file of the repository that clang-format
# would change: check_format.sh [--fix]. CTest runs it as the test `format`;
# `--fix` (or `cmake --build build --target format`) rewrites them.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
command -v clang-format >/dev/null || { echo "check_format.sh: clang-format is not installed (scripts/setup.sh installs it)" >&2; exit 1; }
mapfile -t files < <(git ls-files 'lib/*.cpp' 'lib/*.hpp' 'cmd/*.cpp' 'cmd/*.hpp' 'tests/unit/*.cpp' 'tests/unit/*.hpp' \
                     'tests/fuzz/*.cpp' 'tests/fuzz/*.hpp' 'tests/render/*.cpp' 'bench/*.cpp' 2>/dev/null ||
                     find lib cmd tests/unit tests/fuzz tests/render bench -name '*.cpp' -o -name '*.hpp')
if [ "${1:-}" = --fix ]; then
  clang-format -i "${files[@]}"
  exit 0
fi
# One clang-format for every file (a process a file took 30 times longer); the
# files one at a time only to name those that drift.
drift=()
if ! clang-format --dry-run --Werror "${files[@]}" >/dev/null 2>&1; then
  for f in "${files[@]}"; do
    clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || drift+=("$f")
  done
  [ ${#drift[@]} -gt 0 ] || { echo "check_format.sh: clang-format failed on the files together, and on none alone" >&2; exit 1; }
fi
if [ ${#drift[@]} -gt 0 ]; then
  printf 'check_format.sh: not formatted as .clang-format says (run scripts/check_format.sh --fix): %s\n' "${drift[@]}" >&2
  exit 1
fi
echo "check_format.sh: ${#files[@]} files formatted as .clang-format says"
