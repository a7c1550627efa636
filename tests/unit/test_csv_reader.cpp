#include <doctest/doctest.h>

#include <string>

#include "core/error.hpp"
#include "helpers.hpp"

using fbkit::test::read_all;
using fbkit::test::Rows;
namespace csv = fbkit::csv;

TEST_CASE("csv::Reader splits plain records on LF, CRLF and lone CR") {
  CHECK(read_all("a,b\n1,2\n") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(read_all("a,b\r\n1,2\r\n") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(read_all("a,b\r1,2\r") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(read_all("a,b\n1,2") == Rows{{"a", "b"}, {"1", "2"}});
}

TEST_CASE("csv::Reader keeps delimiters, doubled quotes and newlines in quoted fields") {
  const std::string text = "id,text\n1,\"说\"\"好\"\",a,b\nline 2\r\nline 3\"\n2,x\n";
  CHECK(read_all(text) == Rows{{"id", "text"}, {"1", "说\"好\",a,b\nline 2\r\nline 3"}, {"2", "x"}});
}

TEST_CASE("csv::Reader reports the physical line each record starts on") {
  fbkit::StringSource src("h\n\"a\nb\nc\"\nd\r\n\r\ne\n", "t.csv");
  csv::Reader reader(src);
  csv::Record rec;
  std::vector<std::int64_t> lines;
  while (reader.next(rec)) {
    lines.push_back(rec.line);
  }
  CHECK(lines == std::vector<std::int64_t>{1, 2, 5, 7});
}

TEST_CASE("csv::Reader drops a UTF-8 BOM and skips blank lines") {
  CHECK(read_all("\xEF\xBB\xBFid\n\n1\n\n") == Rows{{"id"}, {"1"}});
}

TEST_CASE("csv::Reader keeps empty fields, a trailing delimiter and a quoted empty field") {
  CHECK(read_all("a,b,c\n,,\n\"\",x,\n") == Rows{{"a", "b", "c"}, {"", "", ""}, {"", "x", ""}});
}

TEST_CASE("csv::Reader reads tab, semicolon and pipe delimiters") {
  for (const char d : {'\t', ';', '|'}) {
    csv::ReaderOptions opt;
    opt.delimiter = d;
    std::string text = "a,1";
    text[1] = d;
    CHECK(read_all(text + "\n\"x" + d + "y\"" + d + "2\n", opt) == Rows{{"a", "1"}, {std::string("x") + d + "y", "2"}});
  }
}

TEST_CASE("csv::Reader reads a field of several MB across buffer refills") {
  const std::string big(5 * 1024 * 1024 + 17, 'x');
  const Rows rows = read_all("a,b\n\"" + big + "\n\"\"\",2\n3,4\n");
  REQUIRE(rows.size() == 3);
  CHECK(rows[1][0] == big + "\n\"");
  CHECK(rows[2] == std::vector<std::string>{"3", "4"});
}

TEST_CASE("csv::Reader gives header access by name") {
  fbkit::StringSource src("id,text\n1,x\n", "t.csv");
  csv::Reader reader(src);
  reader.read_header();
  CHECK(reader.column("text") == 1u);
  CHECK_FALSE(reader.column("nope").has_value());
}

static std::string error_of(const std::string& text, csv::ReaderOptions opt = {}) {
  try {
    fbkit::StringSource src(text, "in.csv");
    csv::Reader reader(src, opt);
    reader.read_header();
    csv::Record rec;
    while (reader.next(rec)) {
    }
  } catch (const fbkit::DataError& e) {
    return e.what();
  }
  return "";
}

TEST_CASE("csv::Reader names file, line and column of malformed input") {
  CHECK(error_of("a,b\n1,\"open\n2,3\n") ==
        "in.csv:2:3: unterminated quoted field (the quote opened here is never closed)");
  CHECK(error_of("a,b\n1,x\"y\n") == "in.csv:2:4: quote inside an unquoted field (quote the field and double it)");
  CHECK(error_of("a,b\n1,\"x\"y\n") == "in.csv:2:6: unexpected text after a closing quote");
  CHECK(error_of(std::string("a,b\n1,x\0y\n", 10)) == "in.csv:2:4: NUL byte in a field (a binary or UTF-16 file?)");
  CHECK(error_of("a,b\n1,2,3\n") == "in.csv:2: record has 3 fields, the header has 2");
  CHECK(error_of("a,b\n1\n") == "in.csv:2: record has 1 field, the header has 2");
  CHECK(error_of("") == "in.csv: empty input: no header row");
  CHECK(error_of("a,b\n\"多字节\",\"x\"y\n") == "in.csv:2:10: unexpected text after a closing quote");
}

TEST_CASE("csv::Reader in lenient mode salvages and says what it did") {
  csv::ReaderOptions opt;
  opt.lenient = true;
  fbkit::StringSource src("a,b\n1,\"open\n2,3\n", "in.csv");
  csv::Reader reader(src, opt);
  reader.read_header();
  csv::Record rec;
  REQUIRE(reader.next(rec));
  CHECK(rec.fields == std::vector<std::string_view>{"1", "\"open"});
  CHECK(rec.problem == csv::Problem::malformed);
  CHECK(rec.message == "in.csv:2:3: unterminated quoted field; the quote was kept as text");
  REQUIRE(reader.next(rec));
  CHECK(rec.fields == std::vector<std::string_view>{"2", "3"});
  CHECK(rec.problem == csv::Problem::none);
  CHECK(rec.line == 3);
  CHECK_FALSE(reader.next(rec));

  fbkit::StringSource src2("a,b\n1,x\"y\n1,2,3\n", "in.csv");
  csv::Reader reader2(src2, opt);
  reader2.read_header();
  REQUIRE(reader2.next(rec));
  CHECK(rec.fields == std::vector<std::string_view>{"1", "x\"y"});
  CHECK(rec.problem == csv::Problem::malformed);
  REQUIRE(reader2.next(rec));
  CHECK(rec.problem == csv::Problem::width);
  CHECK(rec.message == "in.csv:3: record has 3 fields, the header has 2");
}

TEST_CASE("csv::Reader bounds a record's size") {
  csv::ReaderOptions opt;
  opt.max_record_bytes = 2 << 20;
  const std::string text = "a\n\"" + std::string(3 << 20, 'x');
  CHECK(error_of(text, opt) == "in.csv:2: record is longer than 2 MiB (an unterminated quote, or not a CSV file?)");
}

TEST_CASE("csv::Reader parses a runaway quote in linear time") {
  // An unterminated quote makes the rest of the input one record that needs
  // more bytes after every read. Parsing it again from its start after each
  // 64 KiB read was quadratic (17 s in a release build for 77 MB); the reader
  // reads until the record has doubled before it parses again. Counted in
  // bytes parsed, not timed.
  std::string text = "id,text\n1,\"open\n";
  while (text.size() < (std::size_t{12} << 20)) {
    text += "2,filler text\n";
  }
  fbkit::test::Chunked src(text, std::size_t{64} << 10);  // reads of 64 KiB, as from a pipe
  csv::Reader reader(src);
  csv::Record rec;
  std::string error;
  try {
    while (reader.next(rec)) {
    }
  } catch (const fbkit::DataError& e) {
    error = e.what();
  }
  CHECK(error.find("unterminated quoted field") != std::string::npos);
  CHECK(reader.bytes_parsed() < 4 * text.size());
  CHECK(reader.bytes_parsed() >= text.size());
}

TEST_CASE("csv::sniff_delimiter finds the delimiter that splits lines evenly") {
  CHECK(csv::sniff_delimiter("a,b,c\n1,2,3\n") == ',');
  CHECK(csv::sniff_delimiter("a\tb\tc\n1\t2,5\t3\n") == '\t');
  CHECK(csv::sniff_delimiter("a;b\n\"1;x\";2\n") == ';');
  CHECK(csv::sniff_delimiter("a|b\n1|2\n") == '|');
  CHECK(csv::sniff_delimiter("just text\n") == ',');
}
