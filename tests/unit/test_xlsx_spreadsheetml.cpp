// xlsx::XmlSheetReader: XML Spreadsheet 2003 documents (lib/xlsx/spreadsheetml.hpp).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "xlsx/spreadsheetml.hpp"

using fbkit::xlsx::XmlSheetReader;

namespace {

std::string workbook(const std::string& rows) {
  return R"(<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" )"
         R"(xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Tickets"><Table>)" +
         rows + "</Table></Worksheet></Workbook>";
}

std::vector<std::vector<std::string>> read_all(const std::string& doc) {
  XmlSheetReader reader("t.xls", doc, "");
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> cells;
  std::int64_t row = 0;
  while (reader.next(cells, row)) {
    out.push_back(cells);
  }
  return out;
}

}  // namespace

TEST_CASE("spreadsheetml: rich text is the text of its runs, in order") {
  const auto rows = read_all(workbook(R"(<Row><Cell><Data ss:Type="String">a<B>b<I>c</I>d</B>e</Data></Cell>)"
                                      R"(<Cell><Data ss:Type="DateTime">2025-02-04T12:12:00.000</Data></Cell></Row>)"));
  REQUIRE(rows.size() == 1);
  CHECK(rows[0] == std::vector<std::string>{"abcde", "2025-02-04T12:12:00"});
}

TEST_CASE("spreadsheetml: runs nested a million deep are read without recursion") {
  constexpr int depth = 1000000;
  std::string data = R"(<Row><Cell><Data ss:Type="String">)";
  for (int i = 0; i < depth; ++i) {
    data += "<B>";
  }
  data += "x";
  for (int i = 0; i < depth; ++i) {
    data += "</B>";
  }
  data += "y</Data></Cell></Row>";
  const auto rows = read_all(workbook(data));
  REQUIRE(rows.size() == 1);
  CHECK(rows[0] == std::vector<std::string>{"xy"});
}

TEST_CASE("spreadsheetml: damaged XML is a DataError naming the file") {
  CHECK_THROWS_AS(read_all(workbook("<Row><Cell>")), fbkit::DataError);
}

TEST_CASE("spreadsheetml: a merged header is repeated into its columns, within 1 MiB of copies") {
  const std::string big(1000, 'h');
  const auto rows = read_all(workbook(
      R"(<Row><Cell ss:MergeAcross="2"><Data ss:Type="String">id</Data></Cell>)"
      R"(<Cell ss:MergeAcross="16000"><Data ss:Type="String">)" +
      big +
      R"(</Data></Cell><Cell><Data ss:Type="String">z</Data></Cell></Row><Row><Cell ss:MergeAcross="1"><Data ss:Type="String">)"
      R"(v</Data></Cell><Cell><Data ss:Type="String">w</Data></Cell></Row>)"));
  REQUIRE(rows.size() == 2);
  REQUIRE(rows[0].size() == 16005);
  CHECK(rows[0][0] == "id");
  CHECK(rows[0][2] == "id");
  CHECK(rows[0][3] == big);
  CHECK(rows[0][4].empty());  // 16,000 copies of 1,000 bytes: not repeated
  CHECK(rows[0][16004] == "z");
  CHECK(rows[1] == std::vector<std::string>{"v", "", "w"});
}
