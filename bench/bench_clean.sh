#!/usr/bin/env bash
# fbkit clean (default rules: normalization, masking, duplicates, test rows,
# spam, repeated submissions) against DuckDB's exact de-duplication of the same
# file alone: COPY (SELECT DISTINCT * FROM read_csv(...)) TO ..., through the
# npm package @duckdb/node-api, both on this machine's cores. Checks fbkit's
# removed counts against the generator's truth file, and prints peak memory at
# 100k and 1M rows (the duplicate state grows with distinct rows up to
# remove.memory_mib, 84 MiB, then spills to $TMPDIR; nothing else grows).
#
#   bench/bench_clean.sh [--build DIR] [--runs N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$root/build
runs=3
while [ $# -gt 0 ]; do
  case $1 in
    --build) build=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: $0 [--build DIR] [--runs N]" >&2; exit 2 ;;
  esac
done
shared=$root/../shared/bench
data=$here/data
mkdir -p "$data"
fbkit=$build/cmd/fbkit
[ -x "$fbkit" ] || { echo "build fbkit first (bash scripts/build.sh build)" >&2; exit 1; }
for n in 100000 1000000; do
  f=$data/fb_$n.csv
  [ -f "$f" ] || python3 "$shared/gen_feedback.py" "$n" -o "$f" --truth "$data/fb_$n.truth.json" 2>/dev/null
done
small=$data/fb_100000.csv
large=$data/fb_1000000.csv

# DuckDB through node, installed once under bench/data.
mkdir -p "$data/node"
cp "$shared/node/duck.mjs" "$shared/node/package.json" "$data/node/"
[ -d "$data/node/node_modules/@duckdb/node-api" ] || (cd "$data/node" && npm install --silent --no-audit --no-fund > /dev/null)
duck="node $data/node/duck.mjs"

tsv=$(mktemp)
out=$(mktemp -d)
trap 'rm -rf "$tsv" "$out"' EXIT
t() { python3 "$shared/timecmd.py" -n "$runs" --warmup 1 --label "$1" --tsv "$tsv" -- bash -c "$2" >/dev/null; }
t "fbkit clean 1M" "'$fbkit' clean '$large' -o '$out/clean.csv' --removed '$out/removed.csv' 2>/dev/null"
t "duckdb DISTINCT 1M" "$duck \"COPY (SELECT DISTINCT * FROM read_csv('$large', all_varchar = true)) TO '$out/duck.csv' (HEADER, DELIMITER ',')\" > /dev/null"
t "fbkit clean 100k" "'$fbkit' clean '$small' -o '$out/clean_small.csv' 2>/dev/null"

echo "fbkit clean vs DuckDB SELECT DISTINCT ($(nproc) cores, $(date -u +%F))"
# CPU seconds (user + sys) too: on a shared machine the wall time is mostly
# the share the scheduler gives, and the CPU ratio says what the work costs.
awk -F'\t' -v B="$(stat -L -c %s "$large")" -v b="$(stat -L -c %s "$small")" 'BEGIN { printf "%-22s %10s %9s %10s %9s\n", "command", "median s", "MB/s", "peak MiB", "CPU s" }
  { printf "%-22s %10.3f %9.1f %10.1f %9.2f\n", $1, $3, ($1 ~ /1M/ ? B : b) / $3 / 1e6, $8, $6 + $7; t[NR] = $3; m[NR] = $8; c[NR] = $6 + $7 }
  END { printf "speed ratio DuckDB/fbkit: %.2f (above 1: fbkit is faster); CPU time ratio %.2f\n", t[2] / t[1], c[2] / c[1];
        printf "fbkit peak memory 100k -> 1M: %.1f -> %.1f MiB\n", m[3], m[1] }' "$tsv"

# The counts: fbkit's removed rows against the generator's truth, and DuckDB's
# distinct rows against fbkit's (fbkit also removes test rows).
"$fbkit" clean "$large" -o /dev/null --summary "$out/s.json" 2>/dev/null
python3 - "$out/s.json" "$data/fb_1000000.truth.json" "$out/duck.csv" <<'PY'
import csv, json, sys
s, t = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
csv.field_size_limit(1 << 30)
with open(sys.argv[3], newline="") as f:
    duck = sum(1 for _ in csv.reader(f)) - 1
r = s["removed_by_reason"]
others = sum(v for k, v in r.items() if k not in ("duplicate", "test"))
print(f"duplicates: fbkit {r['duplicate']}, truth {t['duplicate_rows']}, DuckDB {t['rows'] - duck}")
print(f"test rows: fbkit {r['test']}, truth {t['test_rows']}; removed for other reasons: {others}")
ok = r["duplicate"] == t["duplicate_rows"] == t["rows"] - duck and r["test"] == t["test_rows"] and others == 0
print("counts:", "match" if ok else "DIFFER")
sys.exit(0 if ok else 1)
PY
