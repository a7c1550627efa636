#!/usr/bin/env bash
# fbkit import against the shell pipeline a user would write instead:
#   iconv -f gb18030 -t utf-8 | mlr --icsv --ocsv rename <18 headers>
# on the generator's --messy GB18030 export (Chinese headers, mixed dates, 4分
# scores, ¥ amounts, CRLF). The peer only transcodes and renames; fbkit also
# parses every date, score and amount. Prints both, the ratio, and fbkit's peak
# memory at 100k and 1M rows (flat memory).
#
#   bench/bench_import.sh [--build DIR] [--runs N]
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
command -v mlr >/dev/null || apt-get install -y --no-install-recommends miller >/dev/null
for n in 100000 1000000; do
  f=$data/fb_${n}_messy_gb18030.csv
  [ -f "$f" ] || python3 "$shared/gen_feedback.py" "$n" --messy -o "$f" 2>/dev/null
done
small=$data/fb_100000_messy_gb18030.csv
large=$data/fb_1000000_messy_gb18030.csv
rename="反馈编号,feedback_id,反馈时间,received_at,渠道,channel,客户编号,customer_id,客户类型,customer_type,处理人工号,agent_id,产品名称,product,责任部门,department,满意度评分,score_overall,服务态度评分,score_attitude,响应速度评分,score_speed,专业能力评分,score_expertise,问题解决评分,score_resolution,处理状态,status,截止时间,due_at,解决时间,resolved_at,年消费额,annual_spend,反馈内容,text"
tsv=$(mktemp)
trap 'rm -f "$tsv"' EXIT
t() { python3 "$shared/timecmd.py" -n "$runs" --warmup 1 --label "$1" --tsv "$tsv" -- bash -c "$2" >/dev/null; }
t "fbkit import 100k" "'$fbkit' import '$small' -o /dev/null 2>/dev/null"
t "iconv | mlr rename 100k" "iconv -f gb18030 -t utf-8 '$small' | mlr --icsv --ocsv rename '$rename' > /dev/null"
t "fbkit import 1M" "'$fbkit' import '$large' -o /dev/null 2>/dev/null"
bytes_small=$(stat -L -c %s "$small")
bytes_large=$(stat -L -c %s "$large")
echo "fbkit import vs iconv | mlr rename ($(nproc) cores, $(date -u +%F))"
awk -F'\t' -v b="$bytes_small" -v B="$bytes_large" 'BEGIN { printf "%-26s %10s %9s %10s\n", "command", "median s", "MB/s", "peak MiB" }
  { printf "%-26s %10.3f %9.1f %10.1f\n", $1, $3, ($1 ~ /1M/ ? B : b) / $3 / 1e6, $8; t[NR] = $3; m[NR] = $8 }
  END { printf "speed ratio fbkit/peer at 100k: %.1fx faster\n", t[2] / t[1];
        printf "fbkit peak memory 100k -> 1M: %.1f -> %.1f MiB\n", m[1], m[3] }' "$tsv"
