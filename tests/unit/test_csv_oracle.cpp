// Differential test: on every file fast-cpp-csv-parser can read (no line break
// inside a field), our reader must return the same fields.
#include <doctest/doctest.h>

#include <limits>  // fccp needs it before its header under CSV_IO_NO_THREAD
#define CSV_IO_NO_THREAD
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#pragma GCC diagnostic ignored "-Wshadow"
#include <libfccp/csv.h>
#pragma GCC diagnostic pop

#include <random>
#include <string>
#include <vector>

#include "helpers.hpp"

using fbkit::test::Rows;

namespace {

std::string random_field(std::mt19937& rng) {
  static const char* const pieces[] = {"a", "b", "7", " ", ",", "\"", "\t", "好", "评", "；", "'", "x y", "-", "="};
  std::string f;
  for (int k = static_cast<int>(rng() % 7); k > 0; --k) {
    f += pieces[rng() % std::size(pieces)];
  }
  return f;
}

// Writes a field as a spreadsheet would: quoted when it must be, sometimes anyway.
std::string encode(const std::string& f, std::mt19937& rng) {
  const bool must =
      f.find_first_of(",\"") != std::string::npos || (!f.empty() && (f.front() == ' ' || f.back() == ' '));
  if (!must && rng() % 4 != 0) {
    return f;
  }
  std::string out = "\"";
  for (const char c : f) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

Rows read_with_fccp(const std::string& text) {
  io::CSVReader<4, io::trim_chars<>, io::double_quote_escape<',', '"'>> in("gen.csv", text.data(),
                                                                           text.data() + text.size());
  in.set_header("a", "b", "c", "d");
  Rows rows;
  std::string a, b, c, d;
  while (in.read_row(a, b, c, d)) {
    rows.push_back({a, b, c, d});
  }
  return rows;
}

struct RandomFile {
  std::string text;
  std::size_t bom = 0;  // bytes of UTF-8 BOM at its start (fccp skips it)
  int nrows = 0;
};

RandomFile random_file(std::mt19937& rng) {
  RandomFile f;
  const std::string eol = (rng() % 2) ? "\r\n" : "\n";
  if (rng() % 5 == 0) {
    f.text = "\xEF\xBB\xBF";
    f.bom = 3;
  }
  f.nrows = 1 + static_cast<int>(rng() % 30);
  for (int r = 0; r < f.nrows; ++r) {
    for (int c = 0; c < 4; ++c) {
      f.text += (c ? "," : "") + encode(random_field(rng), rng);
    }
    f.text += eol;
  }
  return f;
}

}  // namespace

// fccp is run once over the 500 files one after the other (each without its BOM,
// which fccp skips at the start of its input only): it reads a file line by line,
// no field holds a line break, and every file ends with one, so file i's rows are
// the slice of its answer after the rows of the files before. One fccp reader per
// file cost 24 s of the ASan+UBSan tests (its 48 MB buffer, 1<<24 * 3, allocated
// and poisoned 500 times: 1.5 million page faults), 0.2 s in the release build.
TEST_CASE("csv::Reader agrees with fast-cpp-csv-parser on 500 random files") {
  std::mt19937 rng(20251023);
  std::vector<RandomFile> files;
  std::string all;
  for (int file = 0; file < 500; ++file) {
    files.push_back(random_file(rng));
    all += files.back().text.substr(files.back().bom);
  }
  const Rows expected_all = read_with_fccp(all);
  std::size_t first = 0;
  for (const RandomFile& f : files) {
    const std::string& text = f.text;
    CAPTURE(text);
    REQUIRE(expected_all.size() >= first + static_cast<std::size_t>(f.nrows));
    const Rows expected(expected_all.begin() + static_cast<std::ptrdiff_t>(first),
                        expected_all.begin() + static_cast<std::ptrdiff_t>(first) + f.nrows);
    first += static_cast<std::size_t>(f.nrows);
    CHECK(fbkit::test::read_all(text) == expected);
  }
  CHECK(first == expected_all.size());
}
