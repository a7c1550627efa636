#!/usr/bin/env bash
# Runs one CLI case: run_case.sh FBKIT CASE_DIR WORK_DIR
#
# A case folder holds:
#   cmd          the command line, run by bash in WORK_DIR with `fbkit` on PATH
#                (so quoting, pipes and redirections work)
#   input/       optional: copied into WORK_DIR first
#   stdin        optional: standard input (default: empty)
#   exit         optional: expected exit code (default 0)
#   stdout       optional: expected standard output, byte for byte (default: empty)
#   stderr       optional: extended regexes, one per line, each must match some line
#                of standard error; without this file standard error must be empty
#   files/       optional: expected files, compared byte for byte with WORK_DIR's
#   needs        optional: what the case needs beyond the repository, one per line;
#                when it is absent the case is skipped (exit 77, "SKIP: reason").
#                real-exports: the folder $FBKIT_REAL_EXPORTS (tests/data/real/README.md)
#                shared-data: the public datasets, $FBKIT_SHARED/data (../shared/data, its SOURCES.md)
#                shared-bench: the feedback generator's folder, $FBKIT_SHARED/bench (gen_feedback.py)
# The actual outputs stay in WORK_DIR (out.stdout, out.stderr) for inspection.
# A case may skip itself by printing "SKIP: reason" as its only output and exiting 77
# (for a tool it needs that is not installed: chromium, GNU parallel).
set -u
fbkit=$1 case_dir=$2 work=$3

# What a case needs beyond the repository (its `needs` file), checked before it runs.
skip() { echo "SKIP: $*"; exit 77; }
if [ -f "$case_dir/needs" ]; then
  while IFS= read -r need; do
    case "$need" in
      '' | '#'*) ;;
      real-exports) [ -d "${FBKIT_REAL_EXPORTS:-}" ] ||
        skip "no real exports at ${FBKIT_REAL_EXPORTS:-(FBKIT_REAL_EXPORTS unset)} (tests/data/real/README.md)" ;;
      shared-data) [ -n "${FBKIT_SHARED:-}" ] && [ -d "$FBKIT_SHARED/data" ] ||
        skip "no public datasets at ${FBKIT_SHARED:-(FBKIT_SHARED unset)}/data (../shared/data beside the repository)" ;;
      shared-bench) [ -n "${FBKIT_SHARED:-}" ] && [ -d "$FBKIT_SHARED/bench" ] ||
        skip "no feedback generator at ${FBKIT_SHARED:-(FBKIT_SHARED unset)}/bench (../shared/bench beside the repository)" ;;
      *) echo "$case_dir/needs: unknown need '$need' (known: real-exports, shared-data, shared-bench)" >&2; exit 1 ;;
    esac
  done < "$case_dir/needs"
fi
rm -rf "$work" && mkdir -p "$work/bin"
ln -s "$fbkit" "$work/bin/fbkit"
# python3 as the interpreter tests/CMakeLists.txt found (no version manager's shim in between)
[ -z "${FBKIT_TEST_PYTHON:-}" ] || [ ! -x "$FBKIT_TEST_PYTHON" ] || ln -s "$FBKIT_TEST_PYTHON" "$work/bin/python3"
[ -d "$case_dir/input" ] && cp -R "$case_dir/input/." "$work/"
stdin=/dev/null
[ -f "$case_dir/stdin" ] && stdin="$case_dir/stdin"
expected_exit=0
[ -f "$case_dir/exit" ] && expected_exit=$(tr -d '[:space:]' < "$case_dir/exit")

# Cases never see the user's configuration or pseudonym key (clean makes one in
# $XDG_CONFIG_HOME on first use): a fixed test key, a configuration home of their own
# (and no FBKIT_CONFIG, which would name another user configuration). They run in UTC
# whatever the machine's zone (import --explain-mapping and --summary name it); a case sets TZ itself.
# classify's compiled patterns are cached in the build tree (FBKIT_TEST_CACHE_DIR, set by
# tests/CMakeLists.txt), never in the user's ~/.cache.
(cd "$work" && PATH="$work/bin:$PATH" CASE_DIR="$case_dir" XDG_CONFIG_HOME="$work/.config" TZ=UTC \
   FBKIT_CACHE_DIR="${FBKIT_TEST_CACHE_DIR:-$work/.cache}" XDG_CACHE_HOME="$work/.cache" \
   FBKIT_CONFIG= FBKIT_PSEUDONYM_KEY=5a17e3c2b4d6f8091a2b3c4d5e6f7081 bash -o pipefail -c "$(cat "$case_dir/cmd")" \
   < "$stdin" > out.stdout 2> out.stderr)
actual_exit=$?
fail=0
say() { printf '%s\n' "$*" >&2; fail=1; }

if [ "$actual_exit" = 77 ] && grep -q '^SKIP:' "$work/out.stdout"; then
  cat "$work/out.stdout"; exit 77
fi
[ "$actual_exit" = "$expected_exit" ] || say "exit code $actual_exit, expected $expected_exit"
if [ -f "$case_dir/stdout" ]; then
  cmp -s "$case_dir/stdout" "$work/out.stdout" || { say "stdout differs:"; diff "$case_dir/stdout" "$work/out.stdout" | head -40 >&2; }
elif [ -s "$work/out.stdout" ]; then
  say "unexpected stdout:"; head -c 2000 "$work/out.stdout" >&2
fi
if [ -f "$case_dir/stderr" ]; then
  while IFS= read -r pattern; do
    [ -z "$pattern" ] && continue
    grep -Eq -- "$pattern" "$work/out.stderr" || say "stderr does not match: $pattern"
  done < "$case_dir/stderr"
elif [ -s "$work/out.stderr" ]; then
  say "unexpected stderr:"; head -c 2000 "$work/out.stderr" >&2
fi
if [ -d "$case_dir/files" ]; then
  while IFS= read -r -d '' f; do
    rel=${f#"$case_dir/files/"}
    if [ ! -f "$work/$rel" ]; then say "missing output file $rel"
    elif ! cmp -s "$f" "$work/$rel"; then say "file $rel differs:"; diff "$f" "$work/$rel" | head -40 >&2
    fi
  done < <(find "$case_dir/files" -type f -print0)
fi
[ "$fail" = 0 ] || { echo "--- stderr was:" >&2; head -c 3000 "$work/out.stderr" >&2; echo "(outputs kept in $work)" >&2; }
exit "$fail"
