#!/usr/bin/env bash
# Scaling checks of classify (issue #20, items 8 and 9): time and peak memory
# against the length of one text full of hits, and against the number of rules.
# Each should grow linearly: the "per" columns should stay flat.
#
#   bash bench/bench_linear_classify.sh [FBKIT]
# FBKIT defaults to build/cmd/fbkit. Environment: SIZES (text bytes, default
# "10000 100000 1000000 10000000"), RULES (rule counts, default "250 500 1000
# 2000 4000"), TIMEOUT (seconds per run, default 600; a run cut off shows as
# "> TIMEOUT"), BENCH_TMP (scratch folder, default /tmp/fbkit-bench-linear).
# Prints markdown tables. CPU is user + system seconds (steadier than wall
# time on a shared machine); RSS is the peak resident set.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fbkit=${1:-$root/build/cmd/fbkit}
sizes=${SIZES:-10000 100000 1000000 10000000}
rules=${RULES:-250 500 1000 2000 4000}
limit=${TIMEOUT:-600}
tmp=${BENCH_TMP:-/tmp/fbkit-bench-linear}
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT

# "wall cpu rss_kib" of one run (output discarded), or "- - -" when cut off.
measure() {
  if /usr/bin/time -o "$tmp/time" -f '%e %U %S %M' timeout "$limit" "$@" > /dev/null 2> /dev/null; then
    tail -1 "$tmp/time" | awk '{printf "%s %.2f %d\n", $1, $2 + $3, $4}'
  else
    echo "- - -"
  fi
}

# One row, feedback_id 1, whose text is `shape` repeated to `bytes` bytes
# (or, for "cues", a third of 不 then 好吃: one clause of cues, then phrases).
text_file() {
  local shape=$1 bytes=$2 file=$3
  {
    printf 'feedback_id,text\n1,'
    case $shape in
      cues)
        yes 不 | tr -d '\n' | head -c $((bytes / 3 / 3 * 3)) || true  # yes ends on SIGPIPE
        yes 好吃 | tr -d '\n' | head -c $((bytes * 2 / 3 / 6 * 6)) || true ;;
      *)
        local unit
        unit=$(printf %s "$shape" | wc -c)
        yes "$shape" | tr -d '\n' | head -c $((bytes / unit * unit)) || true ;;
    esac
    printf '\n'
  } > "$file"
}

# The CPU of a start (loading the default rules), taken off before dividing by the length.
text_file 不好 60 "$tmp/text.csv"
read -r _ base _ < <(measure "$fbkit" classify "$tmp/text.csv" --explain "$tmp/explain.json")
echo "### Text length (one row; fbkit classify with the default rules, --explain)"
echo
echo "CPU s per MB: (CPU - $base s, a run on a 60-byte text) / MB."
echo
echo "| text | bytes | wall s | CPU s | CPU s per MB | peak RSS MiB |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for shape in 不好 不好吃 cues; do
  for bytes in $sizes; do
    text_file "$shape" "$bytes" "$tmp/text.csv"
    read -r wall cpu rss < <(measure "$fbkit" classify "$tmp/text.csv" --explain "$tmp/explain.json")
    if [ "$wall" = - ]; then
      echo "| $shape | $bytes | > $limit | | | |"
    else
      awk -v s="$shape" -v b="$bytes" -v w="$wall" -v c="$cpu" -v r="$rss" -v z="$base" \
        'BEGIN{d = c - z; printf "| %s | %d | %.2f | %.2f | %.3f | %.1f |\n", s, b, w, c, (d > 0 ? d : 0) / (b / 1e6), r / 1024}'
    fi
  done
done
echo

# n regex rules: every 10th one Hyperscan's parser refuses ((?U)), one more it
# finds too large when compiled (with start offsets); those run on RE2.
regex_rules() {
  awk -v n="$1" 'BEGIN {
    print "categories: [{id: c, issues: [{id: i}]}]"
    print "rules:"
    for (k = 0; k < n; k++) {
      if (k == 1) {
        printf "  - {id: r%d, issue: i, regex: [\x27x%d.{1,200}y\x27]}\n", k, k
      } else if (k % 10 == 9) {
        printf "  - {id: r%d, issue: i, regex: [\x27(?U)order%d[a-z]+ (late|lost)\x27]}\n", k, k
      } else {
        printf "  - {id: r%d, issue: i, regex: [\x27(?i)order%d[a-z]+ (late|lost)\x27]}\n", k, k
      }
    }
  }'
}
# n phrase rules of three phrases each, over n / 10 issues in n / 100 categories.
phrase_rules() {
  awk -v n="$1" 'BEGIN {
    print "categories:"
    for (c = 0; c < n / 100; c++) {
      printf "  - id: cat%d\n    issues:\n", c
      for (j = 0; j < 10; j++) printf "      - {id: issue%d}\n", c * 10 + j
    }
    print "rules:"
    for (k = 0; k < n; k++) printf "  - {id: p%d, issue: issue%d, any: [词%d甲, 词%d乙, word%d]}\n", k, int(k / 10), k, k, k
  }'
}
# 1,000 rows that hit some of the rules.
awk 'BEGIN { print "feedback_id,text"; for (i = 0; i < 1000; i++) printf "%d,order%dabc late 词%d甲 word%d x%d--y\n", i, i * 7 % 4000, i, i * 3, i }' \
  > "$tmp/rows.csv"

echo "### Rule count (fbkit classify --rules FILE over 1,000 rows)"
echo
echo "| rules | count | wall s | CPU s | CPU ms per rule | peak RSS MiB |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for kind in regex phrase; do
  for n in $rules; do
    "${kind}_rules" "$n" > "$tmp/rules.yaml"
    read -r wall cpu rss < <(measure "$fbkit" classify --rules "$tmp/rules.yaml" "$tmp/rows.csv")
    if [ "$wall" = - ]; then
      echo "| $kind | $n | > $limit | | | |"
    else
      awk -v k="$kind" -v n="$n" -v w="$wall" -v c="$cpu" -v r="$rss" \
        'BEGIN{printf "| %s | %d | %.2f | %.2f | %.2f | %.1f |\n", k, n, w, c, c * 1000 / n, r / 1024}'
    fi
  done
done
