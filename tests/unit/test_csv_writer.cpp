#include <doctest/doctest.h>

#include <random>
#include <string>

#include "csv/writer.hpp"
#include "helpers.hpp"

namespace csv = fbkit::csv;
using fbkit::test::Rows;
using fbkit::test::write_rows;

TEST_CASE("csv::Writer quotes only when needed and doubles quotes") {
  CHECK(write_rows({{"a", "b c", "d,e", "f\"g", "h\ni", "j\rk", ""}}) ==
        "a,b c,\"d,e\",\"f\"\"g\",\"h\ni\",\"j\rk\",\n");
}

TEST_CASE("csv::Writer keeps a record of one empty field visible") {
  CHECK(write_rows({{"x"}, {""}}) == "x\n\"\"\n");
  CHECK(fbkit::test::read_all(write_rows({{"x"}, {""}})) == Rows{{"x"}, {""}});
}

TEST_CASE("csv::Writer adds a BOM and neutralizes formulas when asked") {
  csv::WriterOptions opt;
  opt.bom = true;
  opt.neutralize_formulas = true;
  CHECK(write_rows({{"=HYPERLINK(\"x\")", "+86 138", "-12.5", "@SUM(A1)", "ok", "-"}}, opt) ==
        "\xEF\xBB\xBF\"'=HYPERLINK(\"\"x\"\")\",'+86 138,-12.5,'@SUM(A1),ok,'-\n");
}

TEST_CASE("csv::Writer then csv::Reader gives back any fields") {
  std::mt19937 rng(42);
  const std::string alphabet[] = {
      "a",  "Z", "0", " ", ",", "\"", "\n", "\r", "\r\n", std::string(1, '\0'), "\xff", "\xe4\xbd\xa0",
      "\t", ";", "'", "="};
  for (int round = 0; round < 300; ++round) {
    const std::size_t ncols = 1 + rng() % 5;
    Rows rows;
    for (int r = 0; r < 1 + static_cast<int>(rng() % 6); ++r) {
      std::vector<std::string> row;
      for (std::size_t c = 0; c < ncols; ++c) {
        std::string f;
        for (int k = static_cast<int>(rng() % 8); k > 0; --k) {
          f += alphabet[rng() % std::size(alphabet)];
        }
        row.push_back(f);
      }
      rows.push_back(row);
    }
    const std::string text = write_rows(rows);
    CAPTURE(text);
    REQUIRE(fbkit::test::read_all(text) == rows);
  }
}

TEST_CASE("csv passthrough keeps a file byte for byte, minus the BOM") {
  const std::string body =
      "feedback_id,text,score\n"
      "1,\"他说\"\"很好\"\", 然后\r\n又说\nOK\",5\n"
      "2,,\n"
      "3,\"a,b\",\"\"\"\"\n";
  fbkit::StringSource src("\xEF\xBB\xBF" + body, "t.csv");
  csv::Reader reader(src);
  fbkit::StringSink sink;
  csv::Writer writer(sink);
  csv::Record rec;
  while (reader.next(rec)) {
    writer.record(rec.fields);
  }
  writer.finish();
  CHECK(sink.str() == body);
}
