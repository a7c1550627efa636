#!/usr/bin/env bash
# The whole cron pipeline at scale, streamed: for each size N, the generator's
# canonical file of N rows is made on the fly and piped, never stored, through
#
#   gen_feedback.py N | fbkit import | fbkit clean | fbkit classify | fbkit stats
#
# as one pipeline, each stage under /usr/bin/time, so every stage's peak RSS is
# measured on its own. Prints per stage the peak RSS at each size and the
# difference between the last size and the first (a streaming stage is flat),
# the CPU seconds per stage, the wall time, and the exactness checks against the
# generator's truth file: import reads and writes every row, clean removes
# exactly the generated duplicates and test rows (and no spam or survey rows),
# its removed file holds exactly the rows its summary counts, classify writes
# every row clean kept, and stats counts exactly those rows.
#
#   bench/bench_scale.sh [--build DIR] [--stream-clean] [N ...]   (default: 1000000 10000000)
#   bench/bench_scale.sh 100000 1000000                          (a quick first try)
#
# clean keeps its duplicate memory within remove.memory_mib (84 MiB by
# default); past that it decides the later rows through temporary files in
# $TMPDIR (the "written" column shows them, clean.json's spilled_rows counts
# the rows) and writes those rows once its input has ended. --stream-clean
# runs clean with the relative too_fast test off (median_fraction: 0); the
# generator's rows have no survey_duration_s column, so this changes nothing
# for them (before 2026-11-29 clean copied standard input whenever the test
# was on).
#
# The options are those a cron job would use: import detects the canonical
# profile; clean writes its summary JSON and its removed rows (here into a FIFO
# that counts them); classify gets --spend-threshold, so it reads its input
# once (without it, classify copies standard input to $TMPDIR and reads it twice
# to find the top-20% annual_spend, see docs/rules.md), and a fixed threshold
# also keeps a customer's tier the same from one month's run to the next;
# stats --by category --period month. Only small files are written (summaries,
# the truth JSON, the stats table, the per-stage times, and the removed rows
# whose reason the generator does not count) in bench/results/scale/N/.
#
# The generator's truth counts duplicates and test rows only. At 10M rows the
# same 300,000 customers write 10x as often, so a few of them send the same
# short text twice within 24 h: clean removes those as `repeated` (its rule,
# docs/clean.md); they are listed apart, and kept in
# bench/results/scale/N/removed_other.csv to be checked by hand.
# 10M rows take about 5 minutes here (2 cores, shared): the Python generator is
# the slowest stage (2.4 GB of CSV, 140 CPU s). Results: docs/reliability.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$root/build
sizes=()
stream_clean=0
while [ $# -gt 0 ]; do
  case $1 in
    --build) build=$2; shift 2 ;;
    --stream-clean) stream_clean=1; shift ;;
    [0-9]*) sizes+=("$1"); shift ;;
    *) echo "usage: $0 [--build DIR] [--stream-clean] [N ...]" >&2; exit 2 ;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000)
gen=$root/../shared/bench/gen_feedback.py
fbkit=$build/cmd/fbkit
[ -x "$fbkit" ] || { echo "build fbkit first (bash scripts/build.sh build -DCMAKE_BUILD_TYPE=Release)" >&2; exit 1; }
[ -x /usr/bin/time ] || apt-get install -y --no-install-recommends time > /dev/null
# Annual spend from which a customer is high value: the top 20% of the
# generator's customers (3,755 at 100k rows), rounded, as a cron job fixes it once.
spend_threshold=3750

results=$root/bench/results/scale
clean_rules=()
if [ "$stream_clean" = 1 ]; then
  # The relative too_fast test needs every survey duration before the first
  # row: with survey answers, clean copies standard input to $TMPDIR first.
  results=$root/bench/results/scale-stream
  mkdir -p "$results"
  printf 'remove:\n  survey:\n    too_fast:\n      median_fraction: 0\n' > "$results/clean-stream.yaml"
  clean_rules=(--rules "$results/clean-stream.yaml")
fi
mkdir -p "$results"

# The CSV records on standard input, header included: a newline ends a record
# when the quotes before it are balanced (RFC 4180; doubled quotes count twice).
count_records() {
  tr -cd '"\n' | awk '{ q += length($0) } q % 2 == 0 { n++ } END { print n + 0 }'
}

# The removed rows on standard input: prints their count per reason as JSON,
# and keeps those of a reason the generator does not count in FILE.
removed_reasons() {
  python3 -c '
import collections, csv, json, sys
csv.field_size_limit(1 << 30)
rows = csv.reader(sys.stdin)
header = next(rows)
with open(sys.argv[1], "w", newline="") as f:
    out = csv.writer(f)
    out.writerow(header)
    n = collections.Counter()
    for r in rows:
        n[r[0]] += 1
        if r[0] not in ("duplicate", "test"):
            out.writerow(r)
print(json.dumps(n))' "$1"
}

stages=(gen import clean classify stats)
for n in "${sizes[@]}"; do
  d=$results/$n
  rm -rf "$d"
  mkdir -p "$d"
  mkfifo "$d/removed.fifo" "$d/classified.fifo"
  removed_reasons "$d/removed_other.csv" < "$d/removed.fifo" > "$d/removed.json" &
  c1=$!
  count_records < "$d/classified.fifo" > "$d/classified.count" &
  c2=$!
  tm() { local s=$1; shift; /usr/bin/time -f '%M %e %U %S %O' -o "$d/$s.time" "$@"; }
  echo "running $n rows ..." >&2
  start=$(date +%s.%N)
  tm gen python3 "$gen" "$n" --truth "$d/truth.json" 2> "$d/gen.err" \
    | tm import "$fbkit" import --summary "$d/import.json" 2> "$d/import.err" \
    | tm clean "$fbkit" clean "${clean_rules[@]}" --summary "$d/clean.json" --removed "$d/removed.fifo" 2> "$d/clean.err" \
    | tm classify "$fbkit" classify --spend-threshold "$spend_threshold" 2> "$d/classify.err" \
    | tee "$d/classified.fifo" \
    | tm stats "$fbkit" stats --by category --period month -o "$d/stats.csv" 2> "$d/stats.err" \
    || { echo "the pipeline failed at $n rows (exit ${PIPESTATUS[*]}):" >&2; tail -n 3 "$d"/*.err >&2; kill "$c1" "$c2" 2> /dev/null; exit 1; }
  end=$(date +%s.%N)
  wait "$c1" "$c2"
  rm -f "$d/removed.fifo" "$d/classified.fifo"
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f\n", b - a }' > "$d/wall"
done

python3 - "$results" "$stream_clean" "${sizes[@]}" <<'PY'
import json, os, sys
from datetime import date
results, stream, sizes = sys.argv[1], sys.argv[2] == "1", sys.argv[3:]
print(f"fbkit pipeline at scale, clean with {'--stream-clean' if stream else 'its default rules'} "
      f"({os.cpu_count()} cores, {date.today()}):\npeak RSS and files written (/usr/bin/time %M, %O) in MiB, "
      f"CPU (user+sys) and wall in s")
def stage(n, s):  # peak KiB, elapsed, user, sys, 512-byte blocks written
    return [float(x) for x in open(f"{results}/{n}/{s}.time").read().split("\n")[-2].split()]
head = ["stage"] + [f"RSS {n}" for n in sizes] + (["difference"] if len(sizes) > 1 else [])
head += [f"CPU {n}" for n in sizes] + [f"written {n}" for n in sizes]
rows = [head]
for s in ("gen", "import", "clean", "classify", "stats"):
    t = [stage(n, s) for n in sizes]
    row = [s] + [f"{x[0] / 1024:.1f}" for x in t]
    row += [f"{(t[-1][0] - t[0][0]) / 1024:+.1f}"] if len(sizes) > 1 else []
    row += [f"{x[2] + x[3]:.1f}" for x in t] + [f"{x[4] * 512 / 2**20:.1f}" for x in t]
    rows.append(row)
rows.append(["wall"] + [open(f"{results}/{n}/wall").read().strip() for n in sizes])
w = [max(len(r[i]) for r in rows if i < len(r)) for i in range(len(head))]
for r in rows:
    print("  ".join(c.ljust(w[i]) if i == 0 else c.rjust(w[i]) for i, c in enumerate(r)).rstrip())
for n in sizes:
    spilled = json.load(open(f"{results}/{n}/clean.json")).get("spilled_rows", 0)
    if spilled:
        print(f"note: at {n} rows clean's duplicate memory reached remove.memory_mib: its last {spilled} rows were "
              f"decided through temporary files ({stage(n, 'clean')[4] * 512 / 2**20:.0f} MiB written) and written "
              "after its input ended")
PY

# Exactness: every count against the generator's truth and the next stage.
echo
ok=0
for n in "${sizes[@]}"; do
  d=$results/$n
  python3 - "$d" "$n" <<'PY' || ok=1
import csv, json, sys
d, n = sys.argv[1], int(sys.argv[2])
t = json.load(open(f"{d}/truth.json"))
imp, cl = json.load(open(f"{d}/import.json")), json.load(open(f"{d}/clean.json"))
removed_file = json.load(open(f"{d}/removed.json"))
classified = int(open(f"{d}/classified.count").read()) - 1
with open(f"{d}/stats.csv", newline="") as f:
    stats_n = sum(int(r["n"]) for r in csv.DictReader(f))
r = cl["removed_by_reason"]
repeated = r["repeated"]
others = sum(v for k, v in r.items() if k not in ("duplicate", "test", "repeated"))
kept = t["rows"] - t["duplicate_rows"] - t["test_rows"] - repeated
checks = [
    ("generated rows", t["rows"], n),
    ("import read", imp["read"], t["rows"]),
    ("import written", imp["written"], t["rows"]),
    ("import rejected", imp["rejected"], 0),
    ("clean read", cl["read"], imp["written"]),
    ("clean duplicates", r["duplicate"], t["duplicate_rows"]),
    ("clean test rows", r["test"], t["test_rows"]),
    ("clean other reasons", others, 0),
    ("clean removed file", removed_file, {k: v for k, v in r.items() if v}),
    ("clean written", cl["written"], kept),
    ("clean pii_masked", cl["flags"].get("pii_masked", 0), t["pii_rows"]),
    ("classify rows out", classified, cl["written"]),
    ("stats total n", stats_n, classified),
]
print(f"{n} rows: {'check':<20} {'fbkit':>10} {'expected':>10}")
bad = 0
for name, got, want in checks:
    bad += got != want
    if isinstance(got, dict):  # the removed file's rows per reason = the summary's
        got, want = sum(got.values()), (sum(want.values()) if got == want else "differs")
    print(f"{'':>{len(str(n)) + 6}}{name:<20} {got:>10} {want:>10}  {'ok' if got == want else 'DIFFER'}")
if repeated:
    print(f"{'':>{len(str(n)) + 6}}clean repeated: {repeated}, not in the generator's truth "
          f"(same customer and text within 24 h; rows in {d}/removed_other.csv)")
sys.exit(1 if bad else 0)
PY
done
[ "$ok" = 0 ] && echo "counts: all exact" || { echo "counts: some DIFFER"; exit 1; }
