// fast-cpp-csv-parser reading every field of an 18-column file (the generator's
// canonical layout). It cannot read quoted newlines: run it on a file without
// them (bench_csv.sh strips them first) - the comparison is then in its favour.
#include <limits>
#define CSV_IO_NO_THREAD
#include <libfccp/csv.h>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  io::CSVReader<18, io::trim_chars<>, io::double_quote_escape<',', '"'>> in(argv[1]);
  in.next_line();  // header
  in.set_header("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r");
  std::string f[18];
  long long records = 0;
  long long bytes = 0;
  while (in.read_row(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13], f[14],
                     f[15], f[16], f[17])) {
    ++records;
    bytes += static_cast<long long>(f[17].size());
  }
  std::fprintf(stderr, "%lld records, %lld text bytes\n", records, bytes);
  return 0;
}
