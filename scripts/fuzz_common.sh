# Sourced by fuzz.sh and fuzz_long.sh: what the fuzz targets are and get.

# The longest input each target gets: enough for its format, small enough to stay fast.
declare -A max_len=([csv_reader]=65536 [encoding]=65536 [xlsx_reader]=32768 [yaml_config]=8192
                    [import_profile]=8192 [classify_rules]=8192 [values]=256)

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
