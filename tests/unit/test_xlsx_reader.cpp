#include <doctest/doctest.h>
#include <unistd.h>
#include <zip.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "xlsx/reader.hpp"

namespace {

namespace fs = std::filesystem;

// The fixtures' folder, from tests/CMakeLists.txt (not __FILE__, which a compiler
// cache such as ccache with base_dir makes relative to the build folder).
const fs::path kFixtures = fs::path(FBKIT_TEST_FIXTURES) / "xlsx";

std::string fixture(const char* name) {
  return (kFixtures / name).lexically_normal().string();
}

struct Row {
  std::int64_t number;
  std::vector<std::string> cells;
  bool operator==(const Row&) const = default;
};

std::vector<Row> read_rows(const std::string& path, const std::string& sheet = {}) {
  fbkit::xlsx::SheetReader reader(path, {sheet});
  std::vector<Row> rows;
  Row row;
  while (reader.next(row.cells, row.number)) {
    rows.push_back(row);
  }
  return rows;
}

std::string error_of(const std::string& path, const std::string& sheet = {}) {
  try {
    read_rows(path, sheet);
  } catch (const fbkit::DataError& e) {
    return e.what();
  }
  return "(no error)";
}

// A small workbook written from XML parts, for the cases no writer at hand makes.
class TempWorkbook {
public:
  explicit TempWorkbook(const std::map<std::string, std::string>& parts) {
    static int counter = 0;
    m_path = (fs::temp_directory_path() /
              ("fbkit_xlsx_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".xlsx"))
                 .string();
    int error = 0;
    zip_t* z = zip_open(m_path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    REQUIRE(z != nullptr);
    for (const auto& [name, xml] : parts) {
      zip_source_t* src = zip_source_buffer(z, xml.data(), xml.size(), 0);
      REQUIRE(zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8) >= 0);
    }
    REQUIRE(zip_close(z) == 0);
  }
  ~TempWorkbook() { fs::remove(m_path); }
  const std::string& path() const { return m_path; }

private:
  std::string m_path;
};

const char* const kWorkbook = R"(<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Data" sheetId="1" r:id="rId1"/><sheet name="Other" sheetId="2" r:id="rId2"/></sheets></workbook>)";

const char* const kWorkbookRels = R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/other.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>)";

std::string sheet_xml(const std::string& sheet_data, const std::string& tail = {}) {
  return R"(<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
         sheet_data + "</sheetData>" + tail + "</worksheet>";
}

// A workbook with sheets Data and Other (empty), no shared strings or styles unless given.
std::map<std::string, std::string> parts_with(const std::string& sheet1, std::map<std::string, std::string> more = {}) {
  more.emplace("xl/workbook.xml", kWorkbook);
  more.emplace("xl/_rels/workbook.xml.rels", kWorkbookRels);
  more.emplace("xl/worksheets/sheet1.xml", sheet1);
  more.emplace("xl/worksheets/other.xml",
               sheet_xml(R"(<row r="3"><c r="B3" t="inlineStr"><is><t>other</t></is></c></row>)"));
  return more;
}

}  // namespace

TEST_CASE("xlsx::looks_like_zip and looks_like_ole check the magic bytes") {
  CHECK(fbkit::xlsx::looks_like_zip(std::string_view("PK\x03\x04rest", 8)));
  CHECK_FALSE(fbkit::xlsx::looks_like_zip("PK"));
  CHECK_FALSE(fbkit::xlsx::looks_like_zip("a,b,c\n"));
  CHECK(fbkit::xlsx::looks_like_ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"));
  CHECK_FALSE(fbkit::xlsx::looks_like_ole(std::string_view("PK\x03\x04", 4)));
}

TEST_CASE("xlsx::SheetReader reads the libxlsxwriter workbook as Excel shows it") {
  const std::string path = fixture("xlsxwriter_feedback.xlsx");
  fbkit::xlsx::SheetReader reader(path);
  CHECK(reader.sheet_names() == std::vector<std::string>{"反馈记录", "说明"});
  CHECK(reader.sheet() == "反馈记录");
  const std::vector<Row> expected = {
      // 反馈内容 is merged over F1:G1: repeated into G1.
      {1,
       {"反馈编号", "反馈时间", "渠道", "满意度评分", "年消费额", "反馈内容", "反馈内容", "已解决", "回访日期", "摘要",
        "好评率", "联系电话"}},
      {2,
       {"1001", "2025-10-23T14:05:00", "电话", "5", "12800.5", "客服态度很好，问题当场解决", "", "TRUE", "2025-10-24",
        "电话-1001", "12%", "13800138000"}},
      {3,
       {"1002", "2025-10-23T09:30:00", "App", "3.5", "0", "物流太慢了\n包装也破了", "已补发", "FALSE", "", "App-1002",
        "12.34%"}},
      {4, {"1003", "2025-10-24T18:00:00", "", "4", "3600", "Great product, fast delivery", "", "TRUE"}},
      // 99.98999999999999 in the XML, 99.99 on screen.
      {5, {"1004", "2025-11-01T08:15:00", "电话", "4.25", "99.99", "退款流程太复杂", "", "", "2025-11-03"}},
      // A rich-text string: its two runs joined.
      {6, {"1005", "2025-11-02T23:59:59", "微信", "1", "", "非常不满意，要求赔偿"}},
      {7, {"1006", "", "", "", "", "", "重复反馈, see #1001"}},
  };
  CHECK(read_rows(path) == expected);
}

TEST_CASE("xlsx::SheetReader selects a sheet by name and keeps Excel's row numbers") {
  const std::vector<Row> expected = {
      {1, {"字段", "说明"}},
      {2, {"反馈编号", "唯一编号"}},
      {5, {"", "注：数据截至2025年11月"}},
  };
  CHECK(read_rows(fixture("xlsxwriter_feedback.xlsx"), "说明") == expected);
  fbkit::xlsx::SheetReader reader(fixture("xlsxwriter_feedback.xlsx"), {"说明"});
  CHECK(reader.sheet() == "说明");
}

TEST_CASE("xlsx::SheetReader reads the LibreOffice workbook with its real dates and booleans") {
  const std::string path = fixture("libreoffice_feedback.xlsx");
  fbkit::xlsx::SheetReader reader(path);
  CHECK(reader.sheet_names() == std::vector<std::string>{"libreoffice_feedback"});
  const std::vector<Row> expected = {
      {1, {"反馈编号", "反馈时间", "渠道", "满意度评分", "年消费额", "反馈内容", "回访日期", "已解决"}},
      {2, {"2001", "2025-10-23T14:05:00", "电话", "5", "12800.5", "客服态度很好，问题当场解决", "2025-10-24", "TRUE"}},
      {3, {"2002", "2025-10-23T09:30:00", "App", "3.5", "0", "物流太慢了\n包装也破了", "", "FALSE"}},
      {4, {"2003", "2025-10-24T18:00:00", "", "4", "3600", "Great product, \"fast\" delivery", "2025-10-25", "TRUE"}},
      {5, {"2004", "2025-11-01T08:15:00", "微信", "4.25", "99.99", "退款流程太复杂"}},
      // LibreOffice writes 1E-007.
      {6, {"2005", "2025-11-02T23:59:59", "微博", "1", "0.0000001", "12%的人不满意", "2025-11-03", "FALSE"}},
  };
  CHECK(read_rows(path) == expected);
}

TEST_CASE("xlsx::SheetReader names the file in every error") {
  const std::string truncated = fixture("truncated.xlsx");
  CHECK(error_of(truncated) == truncated + ": damaged xlsx (zip: Not a zip archive)");
  const std::string csv = fixture("csv_named.xlsx");
  CHECK(error_of(csv) ==
        csv + ": not an xlsx workbook (it does not start like a zip archive; a CSV file named .xlsx?)");
  const std::string ole = fixture("encrypted.xlsx");
  CHECK(error_of(ole) ==
        ole + ": the workbook is password-protected or an old .xls; save it as an unprotected .xlsx or as CSV");
  const std::string good = fixture("xlsxwriter_feedback.xlsx");
  CHECK(error_of(good, "Sheet1") == good + ": no sheet named 'Sheet1' (sheets: 反馈记录, 说明)");
}

TEST_CASE("xlsx::SheetReader throws IoError for a missing file") {
  CHECK_THROWS_AS(fbkit::xlsx::SheetReader("/nonexistent/x.xlsx"), fbkit::IoError);
}

TEST_CASE("xlsx::SheetReader reports missing parts and bad XML") {
  {
    auto parts = parts_with(sheet_xml(""));
    parts.erase("xl/worksheets/sheet1.xml");
    TempWorkbook wb(parts);
    CHECK(error_of(wb.path()) == wb.path() + ": damaged xlsx (xl/worksheets/sheet1.xml: missing from the archive)");
    // The other sheet is still readable.
    CHECK(read_rows(wb.path(), "Other") == std::vector<Row>{{3, {"", "other"}}});
  }
  {
    TempWorkbook wb(std::map<std::string, std::string>{{"xl/styles.xml", "<styleSheet/>"}});
    CHECK(error_of(wb.path()) == wb.path() + ": damaged xlsx (xl/workbook.xml: missing from the archive)");
  }
  {
    TempWorkbook wb(parts_with(sheet_xml("<row r=\"1\"><c r=\"A1\"><v>1</v></c>")));
    CHECK(error_of(wb.path()) ==
          wb.path() + ": damaged xlsx (xl/worksheets/sheet1.xml: bad XML at byte 161: Start-end tags mismatch)");
  }
  {
    TempWorkbook wb(parts_with(sheet_xml(R"(<row r="1"><c r="A1" t="s"><v>3</v></c></row>)")));
    CHECK(error_of(wb.path()) ==
          wb.path() + ": damaged xlsx (xl/worksheets/sheet1.xml: row 1 column 1 refers to shared string '3' of 0)");
  }
  {
    TempWorkbook wb(parts_with(sheet_xml(R"(<row r="1"><c r="1A"><v>3</v></c></row>)")));
    CHECK(error_of(wb.path()) == wb.path() + ": damaged xlsx (xl/worksheets/sheet1.xml: bad cell reference '1A')");
  }
}

TEST_CASE("xlsx::SheetReader reads every kind of string") {
  const std::string sst = R"(<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">
<si><t>plain</t></si>
<si><r><rPr><b/></rPr><t>rich </t></r><r><t xml:space="preserve">text </t></r><rPh sb="0" eb="1"><t>フリガナ</t></rPh></si>
<si><t>东京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>
<si><t>line_x000D_
break _x005F_x0041_ &amp; 😀 _xD83D__xDE00_ _xD83D_</t></si>
<si><t xml:space="preserve">  </t></si>
</sst>)";
  TempWorkbook wb(parts_with(sheet_xml(R"(
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>inline</t></is></c><c r="B2" t="inlineStr"><is><r><t>in</t></r><r><t>runs</t></r></is></c>
 <c r="C2" t="str"><f>A2</f><v>formula</v></c><c r="D2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="E2" t="e"><v>#N/A</v></c>
 <c r="F2" t="b"><v>1</v></c><c r="G2" t="b"><v>0</v></c><c r="H2" t="str"><f>""</f><v></v></c></row>)"),
                             {{"xl/sharedStrings.xml", sst}}));
  const std::vector<Row> expected = {
      {1, {"plain", "rich text ", "东京", "line\r\nbreak _x0041_ & 😀 😀 \uFFFD", "  "}},
      {2, {"inline", "inruns", "formula", "#DIV/0!", "#N/A", "TRUE", "FALSE"}},
  };
  CHECK(read_rows(wb.path()) == expected);
}

TEST_CASE("xlsx::SheetReader places cells by reference, or in sequence without one") {
  TempWorkbook wb(parts_with(sheet_xml(R"(
<row r="2"><c r="A2"><v>1</v></c><c r="C2"><v>3</v></c><c r="D2"/><c r="E2"><v></v></c></row>
<row r="3"><c r="Z3"><v>26</v></c><c r="AA3"><v>27</v></c></row>
<row><c><v>1</v></c><c><v>2</v></c><c r="E4"><v>5</v></c><c><v>6</v></c></row>
<row r="6"><c r="A6"/></row>
<row><c r="B7" t="inlineStr"><is><t>seven</t></is></c></row>
<row r="9" spans="1:2"><c r="A9"><v>9</v></c></row>)")));
  std::vector<std::string> row3(25, "");
  row3.push_back("26");
  row3.push_back("27");
  const std::vector<Row> expected = {
      {2, {"1", "", "3"}}, {3, row3}, {4, {"1", "2", "", "", "5", "6"}}, {7, {"", "seven"}}, {9, {"9"}},
  };
  CHECK(read_rows(wb.path()) == expected);
}

TEST_CASE("xlsx::SheetReader shows dates, times and percentages by the cell's style") {
  const std::string styles = R"(<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="4">
 <numFmt numFmtId="164" formatCode="[Red]yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>
 <numFmt numFmtId="165" formatCode="&quot;day&quot;\ 0.00"/>
 <numFmt numFmtId="166" formatCode="[$-F800]dddd\,\ mmmm\ dd\,\ yyyy"/>
 <numFmt numFmtId="167" formatCode="0.0%"/>
</numFmts>
<cellXfs count="9">
 <xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="20"/><xf numFmtId="21"/>
 <xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/><xf numFmtId="46"/>
</cellXfs></styleSheet>)";
  const std::string data = R"(
<row r="1"><c r="A1" s="0"><v>45953</v></c><c r="B1" s="1"><v>45953</v></c><c r="C1" s="2"><v>45953.586805555555</v></c>
 <c r="D1" s="3"><v>0.586805555555</v></c><c r="E1" s="4"><v>45953.586805555555</v></c></row>
<row r="2"><c r="A2" s="5"><v>45953</v></c><c r="B2" s="6"><v>45953</v></c><c r="C2" s="7"><v>45953</v></c>
 <c r="D2" s="8"><v>0.125</v></c><c r="E2" s="9"><v>1.25</v></c><c r="F2" s="99"><v>7</v></c></row>)";
  SUBCASE("1900 date system") {
    TempWorkbook wb(parts_with(sheet_xml(data), {{"xl/styles.xml", styles}}));
    const std::vector<Row> expected = {
        // Built-in id 20 is h:mm: the time is still given whole.
        {1, {"45953", "2025-10-23", "2025-10-23T14:05:00", "14:05:00", "14:05:00"}},
        {2, {"2025-10-23", "45953", "2025-10-23", "12.5%", "30:00:00", "7"}},
    };
    CHECK(read_rows(wb.path()) == expected);
  }
  SUBCASE("1904 date system adds 1462 days") {
    std::string workbook = kWorkbook;
    workbook.insert(workbook.find("<sheets>"), R"(<workbookPr date1904="1"/>)");
    auto parts =
        parts_with(sheet_xml(R"(<row r="1"><c r="A1" s="1"><v>44491</v></c><c r="B1" s="2"><v>44491.5</v></c></row>)"),
                   {{"xl/styles.xml", styles}});
    parts["xl/workbook.xml"] = workbook;
    TempWorkbook wb(parts);
    CHECK(read_rows(wb.path()) == std::vector<Row>{{1, {"2025-10-23", "2025-10-23T12:00:00"}}});
  }
}

TEST_CASE("xlsx::SheetReader repeats a merged header cell across its columns, and only there") {
  TempWorkbook wb(parts_with(sheet_xml(R"(
<row r="1"><c r="A1" t="inlineStr"><is><t>title</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>id</t></is></c><c r="B2" t="inlineStr"><is><t>联系方式</t></is></c><c r="C2"/>
 <c r="D2" t="inlineStr"><is><t>内容</t></is></c></row>
<row r="3"><c r="A3"><v>1</v></c><c r="B3"><v>2</v></c><c r="D3" t="inlineStr"><is><t>merged data</t></is></c></row>
<row r="4"><c r="A4"><v>3</v></c></row>)",
                                       R"(<mergeCells count="4"><mergeCell ref="B2:C2"/><mergeCell ref="D2:F2"/>
<mergeCell ref="D3:E3"/><mergeCell ref="A3:A4"/></mergeCells>)")));
  // Row 1 has no merge; row 2 is the first with merges spanning columns.
  const std::vector<Row> expected = {
      {1, {"title"}},
      {2, {"id", "联系方式", "联系方式", "内容", "内容", "内容"}},
      {3, {"1", "2", "", "merged data"}},
      {4, {"3"}},
  };
  CHECK(read_rows(wb.path()) == expected);
}

TEST_CASE("xlsx::SheetReader reads prefixed elements and finds the workbook through _rels/.rels") {
  const std::string root_rels = R"(<?xml version="1.0"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/book/main.xml"/>
</Relationships>)";
  const std::string workbook = R"(<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<x:sheets><x:sheet name="S" sheetId="1" r:id="R9"/></x:sheets></x:workbook>)";
  const std::string rels = R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="R9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="../sheets/s.xml"/>
</Relationships>)";
  const std::string sheet = R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>ok</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>)";
  TempWorkbook wb(std::map<std::string, std::string>{{"_rels/.rels", root_rels},
                                                     {"book/main.xml", workbook},
                                                     {"book/_rels/main.xml.rels", rels},
                                                     {"sheets/s.xml", sheet}});
  CHECK(read_rows(wb.path()) == std::vector<Row>{{1, {"ok"}}});
}

TEST_CASE("xlsx::SheetReader refuses a part that inflates past the limit (a zip bomb)") {
  const std::string row = R"(<row r="1"><c r="A1" t="inlineStr"><is><t>text</t></is></c></row>)";
  TempWorkbook wb(parts_with(sheet_xml(row + std::string(200000, ' '))));
  const auto read_with = [&](std::uint64_t limit) {
    fbkit::xlsx::SheetReader reader(wb.path(), {"", limit});
    std::vector<std::string> cells;
    std::int64_t number = 0;
    reader.next(cells, number);
    return cells;
  };
  CHECK(read_with(fbkit::xlsx::kDefaultMaxPartBytes) == std::vector<std::string>{"text"});
  CHECK(read_with(300000) == std::vector<std::string>{"text"});
  CHECK_THROWS_WITH_AS(read_with(100 * 1024),
                       (wb.path() + ": xl/worksheets/sheet1.xml inflates past 100 KiB (a zip bomb, or a sheet too "
                                    "large for memory): its zip header declares 195.5 KiB; save the sheet as CSV, or "
                                    "raise FBKIT_XLSX_MAX_MEMBER_BYTES")
                           .c_str(),
                       fbkit::DataError);
  // Every part counts, not only the sheet.
  CHECK_THROWS_WITH_AS(read_with(100),
                       (wb.path() + ": xl/workbook.xml inflates past 100 bytes (a zip bomb, or a sheet too large for "
                                    "memory): its zip header declares 312 bytes; save the sheet as CSV, or raise "
                                    "FBKIT_XLSX_MAX_MEMBER_BYTES")
                           .c_str(),
                       fbkit::DataError);
}

TEST_CASE("xlsx::human_bytes writes sizes as people read them") {
  CHECK(fbkit::xlsx::human_bytes(1) == "1 byte");
  CHECK(fbkit::xlsx::human_bytes(1000) == "1000 bytes");
  CHECK(fbkit::xlsx::human_bytes(1024) == "1 KiB");
  CHECK(fbkit::xlsx::human_bytes(std::uint64_t{1} << 30) == "1 GiB");
  CHECK(fbkit::xlsx::human_bytes(std::uint64_t{5} << 29) == "2.5 GiB");
  CHECK(fbkit::xlsx::human_bytes(std::uint64_t{3} << 40) == "3 TiB");
}
