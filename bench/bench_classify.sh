#!/usr/bin/env bash
# T4 of ../shared/bench: label each row with the first category (in the order of
# keywords.tsv) that has a keyword occurring literally in `text`, count per
# category. fbkit classify with the 227 keywords as a rule file, against DuckDB's
# fastest formulation (one regexp_matches alternation per category).
# Then what a user runs: fbkit classify with no --rules (the default pack,
# config/classify.yaml, and the built-in sentiment model) on the same file,
# against the same DuckDB query (#17: at least 2x faster), the model's size
# and load time, and the floor: classify with no rule that can match and no
# model, the CSV pass alone (docs/rules.md, "The floor").
#
#   bash bench/bench_classify.sh [DATA.csv] [FBKIT]
# defaults: /tmp/fbdata/fb_1m.csv and build/cmd/fbkit; RUNS=5 paired runs. Needs
# node + npm for DuckDB (installed into a scratch folder, $BENCH_TMP, outside
# the repository). Times are taken by ../shared/bench/timecmd.py: wall seconds
# and CPU seconds (user + sys, all threads), medians over the runs.
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
# in file order; literal, case-sensitive substring matching like the peers. A
# --rules file is laid over config/classify.yaml: its negation cues, masks,
# lexicon and urgency rules are emptied, and the model is off (--no-model):
# else a keyword after 不 or 没 would be negated, and the counts not the peers'.
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
print("negation: {cues: [], breaks: []}\nmasks: []\nmask_regex: []\nsentiment: {positive: [], negative: [], turns: []}\nurgency: []")
PY

# One timed run of a command (no shell; output discarded), appended to $tsv as
# timecmd.py's line: label, runs, wall, min, max, user, sys, peak MiB, exit.
tsv=$tmp/times.tsv
timed() {
  local label=$1
  shift
  python3 "$bench/timecmd.py" -n 1 --warmup 0 --label "$label" --tsv "$tsv" -- "$@" > /dev/null
}
: > "$tsv"
echo "data: $data ($(du -mL "$data" | cut -f1) MiB)"
# fbkit: classify to a file through standard output, as in a pipeline or a
# cron job's redirection (the whole CSV plus 8 columns); counted once. With -o
# the file is written atomically and synced to disk before the rename: timed
# too and printed, but the ratio is of the streaming form.
fb_stream=(sh -c '"$0" classify --no-model --rules "$1" "$2" > "$3"' "$fbkit" "$tmp/t4_rules.yaml" "$data" "$tmp/t4_out.csv")
fb_sync=("$fbkit" classify --no-model --rules "$tmp/t4_rules.yaml" -o "$tmp/t4_out.csv" "$data")
"${fb_stream[@]}"
python3 - "$tmp/t4_out.csv" > "$tmp/t4_fbkit.csv" <<'PY'
import csv, sys, collections
csv.field_size_limit(1 << 30)
n = collections.Counter(r["category"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
print("category,count")
for c, k in sorted(n.items(), key=lambda x: (-x[1], x[0])):
    print(f"{'未分类' if c == 'other' else c},{k}")
PY

# The default pack as a user runs it: no --rules, the built-in model.
fb_default=(sh -c '"$0" classify "$1" > "$2"' "$fbkit" "$data" "$tmp/default_out.csv")

# The floor of any classify: one rule whose keyword never occurs, no model, no
# negation, no lexicon. What is left is reading the CSV, writing it back with
# the 8 added columns (no spend pass: high_value_share 0): the time no rule
# set can go below.
# T4's settings and emptied lists, with one rule in place of its categories.
{
  grep '^settings:' "$tmp/t4_rules.yaml"
  printf '%s\n' 'categories:' '  - {id: none, issues: [{id: none}]}' 'rules:' \
    '  - {id: none, issue: none, any: ["\u0001\u0002"]}'
  sed -n '/^negation:/,$p' "$tmp/t4_rules.yaml"
} > "$tmp/floor_rules.yaml"
fb_floor=(sh -c '"$0" classify --no-model --rules "$1" "$2" > "$3"' "$fbkit" "$tmp/floor_rules.yaml" "$data" "$tmp/floor_out.csv")

# DuckDB through node, installed in the scratch folder. The runs alternate
# (fbkit T4, DuckDB, fbkit default pack, the floor, fbkit T4 -o) so that all see the same
# moments of a shared machine; a ratio is printed of the medians and as the
# median of the runs' ratios.
have_duck=no
if command -v node > /dev/null && command -v npm > /dev/null; then
  have_duck=yes
  mkdir -p "$tmp/node" "$tmp/gen"
  cp "$bench/node/duck.mjs" "$bench/node/package.json" "$tmp/node/"
  [ -d "$tmp/node/node_modules/@duckdb/node-api" ] || (cd "$tmp/node" && npm install --silent > /dev/null)
  (cd "$bench" && python3 make_queries.py keywords.tsv "$tmp/gen" > /dev/null)
  sql="SELECT $(cat "$tmp/gen/t4_duck_regex.sql") AS category, count(*) AS count FROM read_csv('$data') GROUP BY 1 ORDER BY 2 DESC"
  node "$tmp/node/duck.mjs" "$sql" > "$tmp/t4_duck.csv"
  if diff <(sort "$tmp/t4_fbkit.csv") <(sort "$tmp/t4_duck.csv") > /dev/null; then same=yes; else same=NO; fi
fi
for _ in $(seq "$runs"); do
  # Each fbkit run writes a new file: the previous one is removed first,
  # untimed (truncating 280 MB would put the freeing of its pages in the time).
  rm -f "$tmp/t4_out.csv"
  timed t4 "${fb_stream[@]}"
  [ "$have_duck" = no ] || timed duckdb node "$tmp/node/duck.mjs" "$sql"
  rm -f "$tmp/default_out.csv"
  timed default "${fb_default[@]}"
  rm -f "$tmp/floor_out.csv"
  timed floor "${fb_floor[@]}"
  rm -f "$tmp/t4_out.csv" "$tmp/default_out.csv"
  timed t4_sync "${fb_sync[@]}"
done

# The model: its size as shipped (config/models/sentiment_zh.ftz, embedded in
# the binary by lib/classify/builtin_model.cpp) and its load time: classify of a
# one-row input with the model and with --no-model, the difference being the
# model's share (decoding its quantized rows, indexing its dictionary).
model=$root/config/models/sentiment_zh.ftz
head -2 "$data" > "$tmp/one.csv"
for _ in 1 2 3 4 5; do
  timed one_model "$fbkit" classify "$tmp/one.csv"
  timed one_rules "$fbkit" classify --no-model "$tmp/one.csv"
done

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)   cores: $(nproc)   runs: $runs"
python3 - "$tsv" "$have_duck" "${same:-}" "$(stat -L -c %s "$model")" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    rows.setdefault(f[0], []).append((float(f[2]), float(f[5]) + float(f[6])))
wall = {k: [w for w, _ in v] for k, v in rows.items()}
cpu = {k: [c for _, c in v] for k, v in rows.items()}
med = statistics.median
def line(label, key):
    print(f"{label:<44} wall {med(wall[key]):7.3f} s   CPU {med(cpu[key]):7.2f} s   (runs: {' '.join(f'{w:.2f}' for w in wall[key])})")
line("fbkit classify --rules T4 (227 keywords)", "t4")
line("fbkit classify (default pack + model)", "default")
line("fbkit classify --rules T4 -o FILE (fsync)", "t4_sync")
line("fbkit classify, CSV pass alone (floor)", "floor")
if sys.argv[2] == "yes":
    line("duckdb regexp_matches", "duckdb")
    for label, key in (("T4 rules", "t4"), ("default pack + model", "default"), ("T4 rules -o FILE", "t4_sync"),
                       ("CSV pass alone", "floor")):
        pairs = med([d / f for d, f in zip(wall["duckdb"], wall[key])])
        print(f"ratio duckdb/fbkit, {label:<21} wall {med(wall['duckdb']) / med(wall[key]):5.2f}x "
              f"(median of pairs {pairs:.2f}x)   CPU {med(cpu['duckdb']) / med(cpu[key]):5.2f}x")
    print(f"same counts as duckdb (T4): {sys.argv[3]}")
else:
    print("node/npm missing: no DuckDB comparison")
print(f"model: {int(sys.argv[4])} bytes ({int(sys.argv[4]) / 1e6:.2f} MB, embedded in the binary)")
for what, t in (("wall", wall), ("CPU", cpu)):
    m, r = med(t["one_model"]), med(t["one_rules"])
    print(f"classify of 1 row, {what:<4} (median of 5): {m * 1000:4.0f} ms with the model, {r * 1000:4.0f} ms with "
          f"--no-model: the model's load {max(m - r, 0) * 1000:3.0f} ms, {max(m - r, 0) / m * 100:2.0f}% of it")
PY
rm -f "$tmp/t4_out.csv" "$tmp/default_out.csv" "$tmp/floor_out.csv"
cat "$tmp/t4_fbkit.csv"
