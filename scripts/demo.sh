#!/usr/bin/env bash
# The main job: set-up, build, then the pipeline on samples/ into out/.
set -euo pipefail
shopt -s nullglob
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bash scripts/setup.sh
bash scripts/build.sh build -DCMAKE_BUILD_TYPE=Release
fbkit=$here/build/cmd/fbkit
mkdir -p out
echo "== fbkit import: every sample export into one canonical table"
"$fbkit" import samples/*.csv samples/*.xlsx -o out/feedback.csv --rejects out/rejects.csv --summary out/import.json
echo "== fbkit clean: duplicates, test rows and spam out, text normalized, personal data masked"
"$fbkit" clean out/feedback.csv -o out/clean.csv --removed out/removed.csv --summary out/clean.json
echo "== fbkit classify"
"$fbkit" classify out/clean.csv -o out/classified.csv
echo
echo "demo: wrote"
for f in out/*.csv; do
  printf '  %-24s %s records\n' "$f" "$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8-sig"))))' "$f")"
done
echo "  out/import.json          counts per file and reason"
echo "  out/clean.json           counts per reason, flag and masked kind"
