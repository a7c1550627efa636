# Sourced by fuzz.sh and fuzz_long.sh: what the fuzz targets are and get.

# The longest input each target gets: enough for its format, small enough to stay fast.
declare -A max_len=([csv_reader]=65536 [encoding]=65536 [xlsx_reader]=32768 [yaml_config]=8192
                    [import_profile]=8192 [classify_rules]=8192 [values]=256 [import]=16384)

# fuzz_targets [TARGET...]: the targets named, else every tests/fuzz/fuzz_*.cpp, one a line.
fuzz_targets() {
  if [ $# -gt 0 ]; then
    printf '%s\n' "$@"
    return
  fi
  local src name
  for src in "$here"/tests/fuzz/fuzz_*.cpp; do
    name=$(basename "$src" .cpp)
    echo "${name#fuzz_}"
  done
}

# fuzz_figures LOG: "execs N cov X ft Y corpus Z" from a libFuzzer log: the
# final stats' executions (else the last status line's), and the coverage,
# features and corpus of the last status line ("#N ... cov: X ft: Y corp: ...").
fuzz_figures() {
  local last execs cov ft corp
  last=$(grep -E '^#[0-9]+' "$1" | tail -1 || true)
  execs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$1" | grep -oE '[0-9]+$' || true)
  [ -n "$execs" ] || execs=$(grep -oE '^#[0-9]+' <<<"$last" | tr -d '#' || true)
  cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || true)
  ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || true)
  corp=$(grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' <<<"$last" | cut -d' ' -f2 || true)
  echo "execs ${execs:-?} cov ${cov:-?} ft ${ft:-?} corpus ${corp:-?}"
}
