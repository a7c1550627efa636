// fbkit's CSV core: read every field of FILE and write it back to stdout.
// Usage: bench_csv_passthrough FILE > out.csv   (prints records to stderr)
#include <cstdio>

#include "core/io.hpp"
#include "csv/reader.hpp"
#include "csv/writer.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  fbkit::FileSource src(argv[1]);
  fbkit::csv::Reader reader(src);
  fbkit::OutputFile out("-");
  fbkit::csv::Writer writer(out);
  fbkit::csv::Record rec;
  long long records = 0;
  while (reader.next(rec)) {
    writer.record(rec.fields);
    ++records;
  }
  writer.finish();
  std::fprintf(stderr, "%lld records\n", records - 1);
  return 0;
}
