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

}  // namespace

TEST_CASE("csv::Reader agrees with fast-cpp-csv-parser on 500 random files") {
  std::mt19937 rng(20251023);
  for (int file = 0; file < 500; ++file) {
    const std::string eol = (rng() % 2) ? "\r\n" : "\n";
    std::string text = (rng() % 5 == 0) ? "\xEF\xBB\xBF" : "";
    const int nrows = 1 + static_cast<int>(rng() % 30);
    for (int r = 0; r < nrows; ++r) {
      for (int c = 0; c < 4; ++c) {
        text += (c ? "," : "") + encode(random_field(rng), rng);
      }
      text += eol;
    }
    CAPTURE(text);
    const Rows expected = read_with_fccp(text);
    REQUIRE(expected.size() == static_cast<std::size_t>(nrows));
    CHECK(fbkit::test::read_all(text) == expected);
  }
}
