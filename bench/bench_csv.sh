#!/usr/bin/env bash
# The CSV core against the floors a user could compare it with, on the
# generator's canonical export:
#   fbkit passthrough  read every field, write it back (RFC 4180, quoted newlines)
#   std::getline       a bare line loop: the speed floor (and wrong on quoted newlines)
#   fast-cpp-csv-parser reading all 18 fields (cannot read quoted newlines: it gets a
#                      copy with those newlines replaced by spaces, in its favour)
# Prints median seconds, MB/s and peak memory, the ratios, and the passthrough's
# peak memory at 100k and 1M rows (it must stay flat).
#
#   bench/bench_csv.sh [--build DIR] [--runs N] [--rows N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$root/build
runs=5
rows=1000000
while [ $# -gt 0 ]; do
  case $1 in
    --build) build=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    *) echo "usage: $0 [--build DIR] [--runs N] [--rows N]" >&2; exit 2 ;;
  esac
done
shared=$root/../shared/bench
data=$here/data
mkdir -p "$data"
for b in bench_csv_passthrough bench_getline bench_fccp; do
  [ -x "$build/bench/$b" ] || { echo "build the benchmarks first: bash scripts/build.sh build" >&2; exit 1; }
done
big=$data/fb_$rows.csv
small=$data/fb_100000.csv
[ -f "$big" ] || python3 "$shared/gen_feedback.py" "$rows" -o "$big" 2>/dev/null
[ -f "$small" ] || python3 "$shared/gen_feedback.py" 100000 -o "$small" 2>/dev/null
flat=$data/fb_${rows}_no_quoted_newlines.csv
[ -f "$flat" ] || python3 - "$big" "$flat" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as fi, open(sys.argv[2], "w", newline="", encoding="utf-8") as fo:
    w = csv.writer(fo, lineterminator="\n")
    for row in csv.reader(fi):
        w.writerow([f.replace("\r", " ").replace("\n", " ") for f in row])
PY
# The passthrough must give the input back byte for byte (minimal quoting, LF).
"$build/bench/bench_csv_passthrough" "$big" 2>/dev/null | cmp -s - "$big" \
  && echo "check: passthrough output is byte-identical to the input" \
  || echo "check: passthrough output DIFFERS from the input"
cat "$big" "$flat" > /dev/null  # warm the page cache
tsv=$(mktemp)
out=$(mktemp)
trap 'rm -f "$tsv" "$out"' EXIT
t() { python3 "$shared/timecmd.py" -n "$runs" --warmup 1 --label "$1" --tsv "$tsv" -- bash -c "$2" >/dev/null; }
t "fbkit passthrough > /dev/null" "'$build/bench/bench_csv_passthrough' '$big' > /dev/null 2>&1"
t "fbkit passthrough > file" "'$build/bench/bench_csv_passthrough' '$big' > '$out' 2>/dev/null"
t "std::getline" "'$build/bench/bench_getline' '$big' 2>/dev/null"
t "fast-cpp-csv-parser (flat copy)" "'$build/bench/bench_fccp' '$flat' 2>/dev/null"
t "fbkit passthrough 100k" "'$build/bench/bench_csv_passthrough' '$small' > /dev/null 2>&1"
echo "CSV core, $rows rows ($(stat -L -c %s "$big") bytes), $(nproc) cores, $(date -u +%F), median of $runs runs"
awk -F'\t' -v B="$(stat -L -c %s "$big")" -v F="$(stat -L -c %s "$flat")" -v S="$(stat -L -c %s "$small")" '
  BEGIN { printf "%-34s %9s %9s %9s\n", "program", "median s", "MB/s", "peak MiB" }
  { size = ($1 ~ /flat/) ? F : ($1 ~ /100k/) ? S : B; mbs[NR] = size / $3 / 1e6; peak[NR] = $8
    printf "%-34s %9.3f %9.0f %9.1f\n", $1, $3, mbs[NR], $8 }
  END { printf "passthrough / getline speed: %.2f (target >= 0.5)\n", mbs[1] / mbs[3]
        printf "passthrough / fast-cpp-csv-parser speed: %.2f (target > 1)\n", mbs[1] / mbs[4]
        printf "passthrough peak memory, 100k -> %s rows: %.1f -> %.1f MiB\n", "'"$rows"'", peak[5], peak[1] }' "$tsv"
