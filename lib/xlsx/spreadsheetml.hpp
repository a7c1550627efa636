// Reads one worksheet of an XML Spreadsheet 2003 workbook (SpreadsheetML: the
// "Excel" export of Freshdesk and of many web apps, often named .xls; one XML
// document, <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">)
// as rows of text, as SheetReader reads an .xlsx sheet:
// - String cells as written (rich text: the text of its runs joined);
// - Number cells as written; Boolean 1/0 as TRUE/FALSE; Error cells' text;
// - DateTime cells ("2025-02-04T12:12:00.000") as "YYYY-MM-DDTHH:MM:SS",
//   or "YYYY-MM-DD" at midnight;
// - ss:Index on a cell or a row skips the columns or rows before it, and
//   ss:MergeAcross covers columns: in the first row (the header) the merged
//   value is repeated into them, so every column gets a name (unless the
//   copies would pass 1 MiB); below, they stay empty, as Excel shows them.
// The document is parsed whole (an export of thousands of rows is a few MB).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace fbkit::xlsx {

// True when the first bytes of a file (a KB or so) are an XML Spreadsheet 2003
// document: an XML declaration, then the spreadsheet namespace.
bool looks_like_spreadsheetml(std::string_view first_bytes);

// Errors throw DataError naming the file:
//   "<name>: damaged XML Spreadsheet 2003 workbook (bad XML at byte N: what)"
//   "<name>: no sheet named 'X' (sheets: A, B)"
//   "<name>: XML Spreadsheet 2003 workbook without a worksheet"
class XmlSheetReader {
public:
  // `bytes`: the whole document; `sheet`: a worksheet's name, or "" for the first.
  XmlSheetReader(std::string name, std::string bytes, const std::string& sheet);
  ~XmlSheetReader();
  XmlSheetReader(const XmlSheetReader&) = delete;
  XmlSheetReader& operator=(const XmlSheetReader&) = delete;

  const std::vector<std::string>& sheet_names() const;
  const std::string& sheet() const;
  // The next non-empty row, trailing empty cells trimmed; row_number is the
  // sheet's 1-based row number. False at the end of the sheet.
  bool next(std::vector<std::string>& cells, std::int64_t& row_number);

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace fbkit::xlsx
