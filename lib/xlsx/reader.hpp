// Reads one worksheet of an .xlsx workbook as rows of text, each cell as Excel
// shows it, for the importer to parse further:
// - strings: shared (rich-text runs joined, phonetic <rPh> guides left out),
//   inline, formula results (t="str"); _xHHHH_ escapes decoded;
// - TRUE / FALSE for booleans, the error text (#N/A) for errors, the ISO text
//   of t="d" cells as written;
// - numbers: the shortest decimal of the value rounded to Excel's 15 digits
//   ("45953", "0.1", "0.0000001"); other decorations (currency, thousands,
//   fixed decimals) are dropped, the importer parses plain numbers;
// - percent formats: value x 100 in the same shortest form plus "%" ("12%",
//   "12.34%"): never rounded to the format's decimals, so nothing is lost;
// - date/time formats (built-in ids and custom codes, see format.hpp):
//   "YYYY-MM-DDTHH:MM:SS", "YYYY-MM-DD" or "HH:MM:SS"; the 1904 date system too.
// Merged cells: in the first row that is the top row of a merge spanning
// columns (a merged header cell), the top-left value is repeated into the
// covered columns of that row, so every column gets a header name. Merges in
// later (data) rows, and the rows under a merge spanning rows, are left as
// Excel stores them: the value in the top-left cell, the rest empty.
// Memory: the worksheet's XML is parsed whole with pugixml (in place), so a
// sheet costs about 6-7x its uncompressed XML: measured, 200,000 rows x 4 cells
// = 33 MB of XML (4 MB zipped) took 213 MB and 0.75 s. Shared strings are held
// as strings. Fine for feedback exports; a sheet of GBs would want streaming
// (expat). No part is inflated past Options::max_part_bytes (1 GiB by default).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "xlsx/archive.hpp"

namespace fbkit::xlsx {

struct Options {
  std::string sheet;  // empty: the first sheet in workbook order (hidden or not)
  // The inflated size of any part read (archive.hpp).
  std::uint64_t max_part_bytes = kDefaultMaxPartBytes;
};

// Errors throw DataError naming the file:
//   "<path>: not an xlsx workbook (it does not start like a zip archive; a CSV file named .xlsx?)"
//   "<path>: the workbook is password-protected or an old .xls; save it as an unprotected .xlsx or as CSV"
//   "<path>: damaged xlsx (zip: <libzip message>)"
//   "<path>: damaged xlsx (<part>: <what>)"
//   "<path>: no sheet named 'X' (sheets: A, B)"
//   "<path>: xl/worksheets/sheet1.xml inflates past 1 GiB (a zip bomb, or a sheet too large for memory): ..."
class SheetReader {
public:
  // Opens the workbook and reads workbook.xml, its relationships, the shared
  // strings, the styles and the chosen sheet.
  explicit SheetReader(const std::string& path, Options options = {});
  ~SheetReader();
  SheetReader(const SheetReader&) = delete;
  SheetReader& operator=(const SheetReader&) = delete;

  // The workbook's sheet names, in workbook order.
  const std::vector<std::string>& sheet_names() const;
  // The sheet being read.
  const std::string& sheet() const;

  // The next non-empty row: "" for empty or missing cells (a row with A and C
  // has 3 cells), trailing empty cells trimmed; row_number is Excel's 1-based
  // row number. False at the end of the sheet.
  bool next(std::vector<std::string>& cells, std::int64_t& row_number);

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace fbkit::xlsx
