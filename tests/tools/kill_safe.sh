#!/usr/bin/env bash
# SIGKILL in the middle of a run: kill_safe.sh OUT COMMAND... (COMMAND reads
# standard input and writes OUT). The input is a pipe that never ends, so the
# command is mid-run (mid-write where it streams) when it is killed. Prints
# what OUT holds after the kill and how many temporary files are left, then
# runs the command again on a small whole input and prints the same.
set -u
out=$1; shift
header='feedback_id,received_at,channel,customer_id,status,score_overall,text'
{
  echo "$header"
  for i in $(seq 1 60000); do
    printf 'id%d,2025-10-%02dT10:00:00,app,C%d,completed,%d,"some feedback text, line %d"\n' \
      "$i" $((i % 28 + 1)) "$i" $((i % 5 + 1)) "$i"
  done
} > part.csv
printf 'previous output\n' > "$out"
mkfifo pipe
"$@" < pipe > /dev/null 2>&1 &
pid=$!
exec 3> pipe
cat part.csv >&3
# Streaming commands: wait until their temporary output has bytes in it.
for _ in $(seq 1 40); do
  [ -n "$(find . -maxdepth 1 -name ".$out.fbkit-tmp-*" -size +0)" ] && break
  sleep 0.05
done
kill -9 "$pid"; wait "$pid" 2>/dev/null
exec 3>&-
echo "after kill: $(head -c 40 "$out"); temporary files: $(ls -A | grep -c fbkit-tmp)"
head -200 part.csv | "$@" > /dev/null 2>&1
case $out in
  *.html) whole="whole: $(tail -c 8 "$out" | grep -c '</html>')" ;;
  *) whole="$(grep -c . "$out") lines" ;;
esac
echo "after next run: $whole; temporary files: $(ls -A | grep -c fbkit-tmp || true)"
