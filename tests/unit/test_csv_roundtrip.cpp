// Property: csv::Writer then csv::Reader gives back exactly the fields written,
// for any fields (quotes, delimiters, CR, LF, NUL, BOM bytes, invalid UTF-8,
// formula-like text), any delimiter, with or without a BOM, and however the
// input arrives (the reader's "need more input" paths at every offset). The
// generator is a seeded PRNG: a failure prints the round and the text, and
// reruns identically.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "csv/reader.hpp"
#include "csv/writer.hpp"
#include "helpers.hpp"

namespace csv = fbkit::csv;
using fbkit::test::Rows;
using fbkit::test::write_rows;

namespace {

// Hands out its text in pieces of 1..max_piece bytes (a pipe, a slow disk).
class PieceSource : public fbkit::ByteSource {
public:
  PieceSource(std::string data, std::size_t max_piece, std::uint32_t seed)
      : m_data(std::move(data)), m_max(max_piece), m_rng(seed) {}
  std::size_t read(char* buf, std::size_t n) override {
    const std::size_t piece = 1 + m_rng() % m_max;
    const std::size_t k = std::min({n, piece, m_data.size() - m_pos});
    std::memcpy(buf, m_data.data() + m_pos, k);
    m_pos += k;
    return k;
  }
  const std::string& name() const override { return m_name; }

private:
  std::string m_data;
  std::size_t m_pos = 0;
  std::size_t m_max;
  std::mt19937 m_rng;
  std::string m_name = "roundtrip.csv";
};

const std::string kTokens[] = {"a",
                               "Z",
                               "7",
                               " ",
                               ",",
                               "\t",
                               ";",
                               "|",
                               "\"",
                               "\"\"",
                               "\n",
                               "\r",
                               "\r\n",
                               "\n\r",
                               std::string(1, '\0'),
                               "\xEF\xBB\xBF",
                               "\xFF",
                               "\xC3",
                               "\x80",
                               "\xE5\xA5\xBD",
                               "\xF0\x9F\x98\x80",
                               "=",
                               "+",
                               "-",
                               "@",
                               "'",
                               "\\",
                               "#"};

std::string random_field(std::mt19937& rng) {
  std::string f;
  const unsigned kind = rng() % 16;
  const int tokens = kind == 0 ? 0 : kind == 1 ? 200 + static_cast<int>(rng() % 2000) : static_cast<int>(rng() % 9);
  for (int k = 0; k < tokens; ++k) {
    f += kTokens[rng() % std::size(kTokens)];
  }
  return f;
}

Rows random_rows(std::mt19937& rng) {
  Rows rows(1 + rng() % 12);
  const bool ragged = rng() % 4 == 0;
  const std::size_t width = 1 + rng() % 6;
  for (auto& row : rows) {
    row.resize(ragged ? 1 + rng() % 6 : width);
    for (auto& f : row) {
      f = random_field(rng);
    }
  }
  return rows;
}

Rows read_rows(fbkit::ByteSource& src, char delimiter) {
  csv::ReaderOptions opt;
  opt.delimiter = delimiter;
  opt.check_width = false;  // ragged on purpose
  csv::Reader reader(src, opt);
  Rows rows;
  csv::Record rec;
  while (reader.next(rec)) {
    REQUIRE(rec.problem == csv::Problem::none);
    rows.emplace_back(rec.fields.begin(), rec.fields.end());
  }
  return rows;
}

}  // namespace

TEST_CASE("csv roundtrip: any fields, any delimiter, BOM or not, any read sizes") {
  const char delimiters[] = {',', '\t', ';', '|'};
  int rounds = 0;
  for (const char delim : delimiters) {
    for (const bool bom : {false, true}) {
      std::mt19937 rng(static_cast<std::uint32_t>(1000 * delim + bom));
      for (int round = 0; round < 1000; ++round, ++rounds) {
        const Rows rows = random_rows(rng);
        csv::WriterOptions wopt;
        wopt.delimiter = delim;
        wopt.bom = bom;
        wopt.neutralize_formulas = false;
        const std::string text = write_rows(rows, wopt);
        CAPTURE(round);
        CAPTURE(static_cast<int>(delim));
        CAPTURE(bom);
        CAPTURE(text);
        fbkit::StringSource whole(text, "roundtrip.csv");
        REQUIRE(read_rows(whole, delim) == rows);
        const std::size_t max_piece = 1 + rng() % 64;
        PieceSource pieces(text, max_piece, rng());
        REQUIRE(read_rows(pieces, delim) == rows);
      }
    }
  }
  CHECK(rounds == 8000);
}

TEST_CASE("csv roundtrip: files of one or two bytes are not lost") {
  for (const std::string field : {"a", "7", "\xC3", "\"", ""}) {
    for (const bool piecewise : {false, true}) {
      const Rows rows = {{field}};
      const std::string text = write_rows(rows, {});
      CAPTURE(text);
      fbkit::StringSource whole(text, "t.csv");
      PieceSource pieces(text, 1, 7);
      CHECK(read_rows(piecewise ? static_cast<fbkit::ByteSource&>(pieces) : whole, ',') == rows);
    }
  }
  // Without the final line end too: "a" and "ab" are one record.
  for (const std::string text : {"a", "ab", "\"\""}) {
    fbkit::StringSource src(text, "t.csv");
    CHECK(read_rows(src, ',').size() == 1);
  }
}

TEST_CASE("csv roundtrip: a first field that starts with BOM bytes keeps them") {
  // Only the file's own BOM is dropped on reading; text that begins with
  // U+FEFF must be quoted so that it is not taken for one.
  const Rows rows = {{"\xEF\xBB\xBFid", "x"}, {"\xEF\xBB\xBF", ""}};
  for (const bool bom : {false, true}) {
    csv::WriterOptions wopt;
    wopt.bom = bom;
    const std::string text = write_rows(rows, wopt);
    CAPTURE(text);
    fbkit::StringSource src(text, "t.csv");
    CHECK(read_rows(src, ',') == rows);
  }
}

TEST_CASE("csv roundtrip: fields larger than the reader's first buffer") {
  std::mt19937 rng(99);
  for (int round = 0; round < 4; ++round) {
    // 1 MiB is the reader's first buffer; these force it to grow, with the
    // record split across many reads.
    std::string big;
    while (big.size() < (std::size_t{3} << 20) / (round + 1)) {
      big += kTokens[rng() % std::size(kTokens)];
    }
    const Rows rows = {{"id", "text"}, {"1", big}, {big, ""}};
    const std::string text = write_rows(rows, {});
    fbkit::StringSource whole(text, "big.csv");
    CHECK(read_rows(whole, ',') == rows);
    PieceSource pieces(text, 70000, rng());
    CHECK(read_rows(pieces, ',') == rows);
  }
}
