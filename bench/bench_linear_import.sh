#!/usr/bin/env bash
# Scaling checks for fbkit import: time and memory against the number of input
# files and the number of header columns, each expected linear in time and, for
# files, flat in memory (issue #20 items 6 and 7).
#
#   bench/bench_linear_import.sh [--build DIR] [--runs N] [--quick]
#
# Sizes: 10, 100, 1,000 and 5,000 files (each a header and 10 rows, read under
# `ulimit -n 256`); 1k, 10k, 100k and 1M distinct header columns (one data
# row); 1k to 1M columns all named alike (renamed a, a_2, a_3 ...). --quick
# stops at 1,000 files and 100k columns. Each size runs N times (default 3);
# the table gives the fastest wall time (and that run's user + system CPU
# time, steadier on a shared machine), the largest peak RSS (/usr/bin/time
# %M), the wall time per unit, and the marginal time per unit: (wall - the previous
# size's wall) / (size - the previous size), the first row's being its time per
# unit, start-up included. The last column divides the marginal time by the
# previous size's (from the third size on): about 1 means linear; a quadratic
# step makes it about the size step (x10), an n log n one a little over 1.
# Generated inputs live in a temporary folder, removed at exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$root/build
runs=3
quick=0
while [ $# -gt 0 ]; do
  case $1 in
    --build) build=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    *) echo "usage: $0 [--build DIR] [--runs N] [--quick]" >&2; exit 2 ;;
  esac
done
fbkit=$build/cmd/fbkit
[ -x "$fbkit" ] || { echo "build fbkit first (bash scripts/build.sh build)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-linear-import-XXXXXX")
trap 'rm -rf "$work"' EXIT

# measure LABEL SIZE UNIT DIR CMD...: runs CMD in DIR `runs` times; prints a table row.
# Wall time by the shell's clock (microseconds), peak RSS by /usr/bin/time.
prev_label=""
prev_size=0
prev_wall=0
prev_marginal=""
measure() {
  local label=$1 size=$2 unit=$3 dir=$4
  shift 4
  local best="" peak=0 cpu="" i t0 t1 wall rss user sys
  for ((i = 0; i < runs; i++)); do
    t0=$EPOCHREALTIME
    (cd "$dir" && /usr/bin/time -o "$work/time" -f "%M %U %S" "$@" >/dev/null 2>"$work/err") ||
      { echo "bench: $label $size failed:" >&2; tail -3 "$work/err" >&2; exit 1; }
    t1=$EPOCHREALTIME
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
    read -r rss user sys <"$work/time"
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$wall
      cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    fi
    [ "$rss" -gt "$peak" ] && peak=$rss
  done
  if [ "$prev_label" != "$label" ]; then
    prev_label=$label
    prev_size=0
    prev_wall=0
    prev_marginal=""
  fi
  # The marginal time per unit, from the previous size (from nothing for the
  # first, start-up included): constant when linear, growing with the size when not.
  local marginal
  marginal=$(awk -v w="$best" -v pw="$prev_wall" -v n="$size" -v pn="$prev_size" \
    'BEGIN { printf "%.3f", (w - pw) * 1e6 / (n - pn) }')
  awk -v l="$label" -v n="$size" -v pn="$prev_size" -v w="$best" -v c="$cpu" -v m="$peak" -v mg="$marginal" \
    -v pm="$prev_marginal" -v u="$unit" 'BEGIN {
    ratio = pm == "" || pm <= 0 ? "-" : sprintf("%.2f (size x%d)", mg / pm, n / pn)
    printf "| %s | %\047d | %.3f | %s | %.1f | %.2f us/%s | %.2f us/%s | %s |\n", l, n, w, c, m / 1024, w * 1e6 / n, u,
      mg, u, ratio }'
  # The first row's marginal time holds the start-up: not a base for the next.
  [ "$prev_size" = 0 ] && prev_marginal="" || prev_marginal=$marginal
  prev_size=$size
  prev_wall=$best
}

echo "fbkit import scaling checks: $(date -u +%Y-%m-%d), $(nproc) cores, fastest of $runs runs"
echo
echo "| input | size | wall s | CPU s | peak RSS MiB | time per unit | marginal time per unit | marginal / previous marginal |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"

# Files: `fbkit import f*.csv` with 256 descriptors.
file_sizes=(10 100 1000 5000)
[ "$quick" = 1 ] && file_sizes=(10 100 1000)
for n in "${file_sizes[@]}"; do
  d=$work/files-$n
  mkdir -p "$d"
  python3 - "$d" "$n" <<'EOF'
import sys
d, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    with open('%s/f%05d.csv' % (d, i), 'w') as f:
        f.write('feedback_id,received_at,channel,score_overall,text\n')
        for r in range(10):
            f.write('F%d-%d,2025-03-%02d 10:00:00,app,%d,delivery was slow %d\n' % (i, r, r + 1, r % 5 + 1, r))
EOF
  measure "files (10 rows each, ulimit -n 256)" "$n" file "$d" bash -c 'ulimit -n 256 && exec "$0" import f*.csv -o /dev/null' "$fbkit"
  rm -rf "$d"
done

# Header columns: one header and one row; distinct names, then one name repeated.
col_sizes=(1000 10000 100000 1000000)
[ "$quick" = 1 ] && col_sizes=(1000 10000 100000)
for kind in distinct repeated; do
  for n in "${col_sizes[@]}"; do
    python3 - "$work/wide.csv" "$n" "$kind" <<'EOF'
import sys
path, n, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, 'w') as f:
    f.write(','.join(('c%d' % i if kind == 'distinct' else 'a') for i in range(n)) + '\n')
    f.write(','.join(str(i) for i in range(n)) + '\n')
EOF
    measure "header columns, $kind names" "$n" column "$work" "$fbkit" import wide.csv -o /dev/null
  done
done
rm -f "$work/wide.csv"
