#!/usr/bin/env bash
# Fails (exit 1) naming every C++ source of lib/ and cmd/ that does not compile
# on its own: check_alone.sh BUILD_DIR, a build configured without FBKIT_UNITY
# (its compile commands are read, nothing is built). A unity build compiles
# batches of 16 sources, where one source's missing #include is covered by the
# sources before it; the default build (FBKIT_UNITY=OFF) compiles each alone
# and would fail. Each source is compiled with its own command and
# -fsyntax-only, as many at once as there are cores (JOBS=N to change).
#   check_alone.sh BUILD_DIR [BUILT_DIR]
# BUILT_DIR: a build that compiled some of these sources on their own: a unity
# build's files with SKIP_UNITY_BUILD_INCLUSION or their own compile options
# (10 of the 161 in the release build), and the first source of each unity batch
# (17 more), which its batch includes before anything else. Those, compiled
# there with the same libstdc++ headers, are not compiled again (scripts/test.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$here"
build=${1:?usage: check_alone.sh BUILD_DIR (configured with -DFBKIT_UNITY=OFF) [BUILT_DIR]}
built=${2:-}
[ -z "$built" ] || [ -f "$built/compile_commands.json" ] || { echo "check_alone.sh: no $built/compile_commands.json" >&2; exit 1; }
db="$build/compile_commands.json"
[ -f "$db" ] || { echo "check_alone.sh: no $db (configure it: cmake -S . -B $build -DFBKIT_UNITY=OFF)" >&2; exit 1; }
if grep -q '/Unity/unity_' "$db"; then
  echo "check_alone.sh: $db is a unity build's (FBKIT_UNITY); configure one without it" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# One shell script a source: its compile command, -fsyntax-only, no output file.
python3 - "$db" "$here" "$work" "$built" <<'PY'
import json, os, shlex, sys
db, root, work, built = sys.argv[1:]
def path(entry):
    return os.path.realpath(os.path.join(entry["directory"], entry["file"]))
# The sources BUILT_DIR compiled on their own: those with a command of their own,
# and the first source of each unity batch, which the batch's file includes
# before anything else (CMake writes nothing above it but a comment).
done = set()
for e in json.load(open(os.path.join(built, "compile_commands.json"))) if built else []:
    f = path(e)
    if "/Unity/unity_" not in f:
        done.add(f)
        continue
    for line in open(f, encoding="utf-8"):
        if line.startswith("#include "):
            done.add(os.path.realpath(line.split('"')[1]))
            break
        if line.strip() and not line.startswith("/*"):
            break  # something before the first source: it is not compiled alone
n = skipped = 0
for entry in json.load(open(db)):
    f = path(entry)
    rel = os.path.relpath(f, root)
    if rel.split(os.sep)[0] not in ("lib", "cmd"):
        continue
    if f in done:
        skipped += 1
        continue
    args = entry["arguments"] if "arguments" in entry else shlex.split(entry["command"])
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
        elif a not in ("-c", "-MD", "-MMD"):
            out.append(a)
    out.insert(1, "-fsyntax-only")
    n += 1
    with open(os.path.join(work, f"{n:04d}.sh"), "w") as s:
        s.write(f"# {rel}\ncd {shlex.quote(entry['directory'])} && exec {shlex.join(out)}\n")
with open(os.path.join(work, "skipped"), "w") as s:
    s.write(f"{skipped}\n")
PY
count=$(find "$work" -name '*.sh' | wc -l)
[ "$count" -gt 0 ] || { echo "check_alone.sh: no source of lib/ or cmd/ in $db" >&2; exit 1; }
start=$SECONDS
status=0
find "$work" -name '*.sh' -print0 | sort -z |
  xargs -0 -n 1 -P "${JOBS:-$(nproc)}" sh -c 'bash "$0" >"$0.log" 2>&1 || { head -n 1 "$0" | cut -c3- >"$0.bad"; }' || status=$?
bad=$(find "$work" -name '*.bad' | sort)
if [ -n "$bad" ] || [ "$status" -ne 0 ]; then
  for b in $bad; do
    echo "check_alone.sh: $(cat "$b") does not compile on its own:" >&2
    head -n 20 "${b%.bad}.log" >&2
  done
  exit 1
fi
skipped=$(cat "$work/skipped")
echo "check_alone.sh: $count sources of lib/ and cmd/ compile on their own ($((SECONDS - start)) s)$([ "$skipped" = 0 ] || echo "; $skipped more did in $built")"
