#!/usr/bin/env bash
# fbkit stats against DuckDB (node @duckdb/node-api, 2 threads) and Miller on the
# generator's file, for T2 and T3 of ../shared/bench (see RESULTS.md there):
#   T2: the channel frequency table (count, share)
#   T3: count, mean score_overall and CSAT per channel x month
# First checks that the answers are equal (6 decimals), then times each command
# (median of $RUNS runs after one warm-up; whole process, start-up included) and
# prints every ratio.
#
#   bash bench/bench_stats.sh [DATA.csv] [FBKIT]
# defaults: /tmp/fbdata/fb_1m.csv and build/cmd/fbkit. Needs node + npm for DuckDB
# (installed into $BENCH_TMP, outside the repository) and mlr (Debian `miller`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-/tmp/fbdata/fb_1m.csv}
fbkit=${2:-$root/build/cmd/fbkit}
shared=${FBKIT_SHARED:-$root/../shared}
bench=$shared/bench
tmp=${BENCH_TMP:-/tmp/fbkit-bench}
runs=${RUNS:-5}
mkdir -p "$tmp"
[ -f "$data" ] || { mkdir -p "$(dirname "$data")"; python3 "$bench/gen_feedback.py" 1000000 -o "$data"; }

# DuckDB through node, installed in the scratch folder (as bench_classify.sh does).
mkdir -p "$tmp/node"
cp "$bench/node/duck.mjs" "$bench/node/package.json" "$tmp/node/"
[ -d "$tmp/node/node_modules/@duckdb/node-api" ] || (cd "$tmp/node" && npm install --silent > /dev/null)
duck() { node "$tmp/node/duck.mjs" "SET threads = 2" "$1"; }
command -v mlr > /dev/null || apt-get install -y --no-install-recommends miller > /dev/null

# The commands, one shell function each, writing CSV to stdout (queries as in peers.sh).
t2_fbkit() { "$fbkit" stats --by channel --metrics share --pareto "$data"; }
t2_duckdb() {
  duck "SELECT channel, count(*) AS count, round(count(*) / sum(count(*)) OVER (), 6) AS share
        FROM read_csv('$data') GROUP BY channel ORDER BY count DESC"
}
t2_mlr() {
  mlr --icsv --ocsv count-distinct -f channel then fraction -f count then sort -nr count \
      then rename count_fraction,share "$data"
}
t3_fbkit() { "$fbkit" stats --by channel --period month --metrics mean,csat --no-ci "$data"; }
t3_duckdb() {
  duck "SELECT channel, left(CAST(received_at AS VARCHAR), 7) AS month, count(*) AS rows,
          round(avg(score_overall), 6) AS mean_overall,
          round(avg(CASE WHEN score_overall >= 4 THEN 1.0 WHEN score_overall IS NOT NULL THEN 0.0 END), 6) AS csat
        FROM read_csv('$data') GROUP BY ALL ORDER BY 1, 2"
}
t3_mlr() {
  mlr --icsv --ocsv put '$month = substr0($received_at, 0, 6); $rows = 1;
        if ($score_overall == "") { unset $score_overall } else { $csat = $score_overall >= 4 ? 1 : 0 }' \
    then stats1 -a sum,mean -f rows,score_overall,csat -g channel,month \
    then cut -o -f channel,month,rows_sum,score_overall_mean,csat_mean \
    then sort -f channel,month "$data"
}

# Correctness: the same rows, numbers compared at 6 decimals. fbkit's columns are
# picked by name (channel,n,share / channel,period,n,score_overall_mean,csat).
normalize() {  # normalize TASK < csv
  python3 -c '
import csv, sys
task = sys.argv[1]
rows = list(csv.reader(sys.stdin))
head, body = rows[0], rows[1:]
want = {"t2": [["channel", "n", "share"], ["channel", "count", "share"]],
        "t3": [["channel", "period", "n", "score_overall_mean", "csat"],
               ["channel", "month", "rows", "mean_overall", "csat"],
               ["channel", "month", "rows_sum", "score_overall_mean", "csat_mean"]]}[task]
cols = next(c for c in want if all(x in head for x in c))
idx = [head.index(x) for x in cols]
def fmt(v):
    for conv in (lambda s: str(int(s)), lambda s: "%.6f" % float(s)):
        try:
            return conv(v)
        except ValueError:
            pass
    return v
for r in sorted(tuple(fmt(r[i]) for i in idx) for r in body):
    print(",".join(r))' "$1"
}
ok=1
for t in t2 t3; do
  "${t}_fbkit" | normalize $t > "$tmp/${t}_fbkit.txt"
  for peer in duckdb mlr; do
    "${t}_$peer" | normalize $t > "$tmp/${t}_$peer.txt"
    if cmp -s "$tmp/${t}_fbkit.txt" "$tmp/${t}_$peer.txt"; then
      echo "$t: fbkit = $peer ($(wc -l < "$tmp/${t}_fbkit.txt") rows, 6 decimals)"
    else
      echo "$t: fbkit differs from $peer:"; diff "$tmp/${t}_fbkit.txt" "$tmp/${t}_$peer.txt" | head -10; ok=0
    fi
  done
done

# Median wall seconds of a function, after one warm-up run.
median_time() {
  local times=() t start
  "$1" > /dev/null
  for _ in $(seq "$runs"); do
    start=$(date +%s.%N)
    "$1" > /dev/null
    t=$(echo "$(date +%s.%N) - $start" | bc)
    times+=("$t")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END{printf "%.3f", a[int((NR+1)/2)]}'
}
echo "data: $data ($(du -m "$data" | cut -f1) MiB), median of $runs runs, $(nproc) cores"
printf '%-4s %10s %10s %10s %16s %16s\n' task fbkit duckdb mlr duckdb/fbkit mlr/fbkit
for t in t2 t3; do
  f=$(median_time "${t}_fbkit"); d=$(median_time "${t}_duckdb"); m=$(median_time "${t}_mlr")
  printf '%-4s %9ss %9ss %9ss %15sx %15sx\n' "$t" "$f" "$d" "$m" \
    "$(awk -v a="$d" -v b="$f" 'BEGIN{printf "%.2f", a/b}')" "$(awk -v a="$m" -v b="$f" 'BEGIN{printf "%.1f", a/b}')"
done
peak=$( { /usr/bin/time -f %M "$fbkit" stats --by channel --period month --metrics mean,csat --no-ci "$data" > /dev/null; } 2>&1 | tail -1 )
echo "fbkit t3 peak RSS: $((peak / 1024)) MiB"
[ "$ok" = 1 ]
