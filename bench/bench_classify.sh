#!/usr/bin/env bash
# T4 of ../shared/bench: label each row with the first category (in the order of
# keywords.tsv) that has a keyword occurring literally in `text`, count per
# category. fbkit classify with the 227 keywords as a rule file, against DuckDB's
# fastest formulation (one regexp_matches alternation per category).
#
#   bash bench/bench_classify.sh [DATA.csv] [FBKIT]
# defaults: /tmp/fbdata/fb_1m.csv and build/cmd/fbkit. Needs node + npm for DuckDB
# (installed into a scratch folder, $BENCH_TMP, outside the repository).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-/tmp/fbdata/fb_1m.csv}
fbkit=${2:-$root/build/cmd/fbkit}
shared=${FBKIT_SHARED:-$root/../shared}
bench=$shared/bench
tmp=${BENCH_TMP:-/tmp/fbkit-bench}
runs=${RUNS:-5}
mkdir -p "$tmp"

# The keywords as a rule file: one category + issue + rule per keyword category,
# in file order; literal, case-sensitive substring matching like the peers.
python3 - "$bench/keywords.tsv" > "$tmp/t4_rules.yaml" <<'PY'
import sys, json
cats = {}
for line in open(sys.argv[1], encoding="utf-8").read().splitlines()[1:]:
    c, k = line.split("\t")
    cats.setdefault(c, []).append(k)
print("settings: {high_value_share: 0, ignore_case: false, whole_words: false}")
print("categories:")
for c in cats:
    print(f"  - {{id: {c}, issues: [{{id: {c}}}]}}")
print("rules:")
for c, ks in cats.items():
    print(f"  - {{id: {c}, issue: {c}, any: {json.dumps(ks, ensure_ascii=False)}}}")
# A rule file is laid over the built-in classify.yaml (docs/rules.md): without
# these its keywords would be weighed by the built-in negation cues, masks and
# sentiment lexicon, and the counts would no longer be the literal ones.
print("negation: {cues: [], breaks: []}")
print("masks: []")
print("mask_regex: []")
print("sentiment: {positive: [], negative: [], turns: []}")
print("urgency: []")
PY

# Wall seconds of one run of a command (its output discarded).
wall() { { /usr/bin/time -f %e "$@" > /dev/null; } 2>&1 | tail -1; }
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }

echo "data: $data ($(du -m "$data" | cut -f1) MiB)"
# fbkit: classify to a file through standard output, as in a pipeline or a
# cron job's redirection (the whole CSV plus 8 columns); counted once. With -o
# the file is written atomically and synced to disk before the rename: timed
# too and printed, but the ratio is of the streaming form.
# T4 is keyword labelling, as the peers do it: no sentiment model (--no-model).
fb_stream=(sh -c '"$0" classify --no-model --rules "$1" "$2" > "$3"' "$fbkit" "$tmp/t4_rules.yaml" "$data" "$tmp/t4_out.csv")
fb_sync=("$fbkit" classify --no-model --rules "$tmp/t4_rules.yaml" -o "$tmp/t4_out.csv" "$data")
# What a user runs: the built-in rules (config/classify.yaml, no pack) with the
# built-in sentiment model, clause verdicts and aspects; the same DuckDB query
# is its yardstick (issue #17: at least 2x).
fb_default=(sh -c '"$0" classify "$1" > "$2"' "$fbkit" "$data" "$tmp/default_out.csv")
"${fb_stream[@]}"
python3 - "$tmp/t4_out.csv" > "$tmp/t4_fbkit.csv" <<'PY'
import csv, sys, collections
csv.field_size_limit(1 << 30)
n = collections.Counter(r["category"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
print("category,count")
for c, k in sorted(n.items(), key=lambda x: (-x[1], x[0])):
    print(f"{'未分类' if c == 'other' else c},{k}")
PY

# DuckDB through node, installed in the scratch folder. The runs alternate
# (fbkit, DuckDB, fbkit -o) so that both see the same moments of a shared
# machine; the ratio printed is the median of the paired runs' ratios.
if command -v node > /dev/null && command -v npm > /dev/null; then
  mkdir -p "$tmp/node" "$tmp/gen"
  cp "$bench/node/duck.mjs" "$bench/node/package.json" "$tmp/node/"
  [ -d "$tmp/node/node_modules/@duckdb/node-api" ] || (cd "$tmp/node" && npm install --silent > /dev/null)
  (cd "$bench" && python3 make_queries.py keywords.tsv "$tmp/gen" > /dev/null)
  sql="SELECT $(cat "$tmp/gen/t4_duck_regex.sql") AS category, count(*) AS count FROM read_csv('$data') GROUP BY 1 ORDER BY 2 DESC"
  node "$tmp/node/duck.mjs" "$sql" > "$tmp/t4_duck.csv"
  if diff <(sort "$tmp/t4_fbkit.csv") <(sort "$tmp/t4_duck.csv") > /dev/null; then same=yes; else same=NO; fi
  fb=() duck=() sync=() ratios=() dflt=() dratios=()
  for _ in $(seq "$runs"); do
    # Each fbkit run writes a new file: the previous one is removed first,
    # untimed (truncating 280 MB would put the freeing of its pages in the time).
    rm -f "$tmp/t4_out.csv"
    f=$(wall "${fb_stream[@]}")
    d=$(wall node "$tmp/node/duck.mjs" "$sql")
    rm -f "$tmp/t4_out.csv"
    y=$(wall "${fb_sync[@]}")
    rm -f "$tmp/default_out.csv"
    g=$(wall "${fb_default[@]}")
    fb+=("$f") duck+=("$d") sync+=("$y") ratios+=("$(ratio "$d" "$f")") dflt+=("$g") dratios+=("$(ratio "$d" "$g")")
  done
  fb_time=$(printf '%s\n' "${fb[@]}" | median)
  duck_time=$(printf '%s\n' "${duck[@]}" | median)
  sync_time=$(printf '%s\n' "${sync[@]}" | median)
  echo "runs: fbkit ${fb[*]}   duckdb ${duck[*]}   fbkit -o ${sync[*]}"
  echo "fbkit classify: ${fb_time}s   duckdb regexp_matches: ${duck_time}s   ratio (duckdb/fbkit, median of pairs): $(printf '%s\n' "${ratios[@]}" | median)x   same counts: $same"
  echo "fbkit classify -o FILE (atomic, fsync): ${sync_time}s   ratio: $(ratio "$duck_time" "$sync_time")x"
  echo "fbkit classify, built-in rules + model (no --rules): $(printf '%s\n' "${dflt[@]}" | median)s (runs ${dflt[*]})   ratio (duckdb/fbkit, median of pairs): $(printf '%s\n' "${dratios[@]}" | median)x"
  # CPU seconds of one run each (user + sys): on a shared machine the wall time
  # is partly the scheduler's share.
  cpu() { { /usr/bin/time -f '%U %S' "$@" > /dev/null; } 2>&1 | tail -1 | awk '{printf "%.2f", $1 + $2}'; }
  rm -f "$tmp/default_out.csv"
  echo "CPU s: fbkit default $(cpu "${fb_default[@]}")   fbkit T4 $(cpu "${fb_stream[@]}")   duckdb $(cpu node "$tmp/node/duck.mjs" "$sql")"
else
  fb=()
  for _ in $(seq "$runs"); do fb+=("$(wall "${fb_stream[@]}")"); done
  echo "fbkit classify: $(printf '%s\n' "${fb[@]}" | median)s   (node/npm missing: no DuckDB comparison)"
fi
rm -f "$tmp/t4_out.csv" "$tmp/default_out.csv"
# The sentiment model: its size, and the time of a 1-row classify (median of 5)
# against the same with the model left out (--no-model), the difference
# being the load.
one="$tmp/one.csv"
printf 'feedback_id,text\n1,送餐很快，味道不错\n' > "$one"
m=() r=()
for _ in 1 2 3 4 5; do
  m+=("$(wall "$fbkit" classify "$one")")
  r+=("$(wall "$fbkit" classify --no-model "$one")")
done
size=$(find "$root/config/models" -name '*.ftz' -printf '%s %f\n' 2>/dev/null | head -1)
echo "model: ${size:-none found} bytes; 1-row classify $(printf '%s\n' "${m[@]}" | median)s with it, $(printf '%s\n' "${r[@]}" | median)s with --no-model"
cat "$tmp/t4_fbkit.csv"
