// The report as an Excel workbook (libxlsxwriter): one sheet per section,
// each a table with a bold, frozen, filterable header row, column widths from
// the text's display width, numbers stored as numbers (percentages as
// fractions with a % format) and native Excel charts over the sheet's ranges.
//
// Safety: every text cell is written with the string API (a shared string,
// t="s"), never as a formula, so "=HYPERLINK(...)" from a customer stays text.
// (libxlsxwriter 1.1.4 has no quotePrefix format, so the cell keeps its text
// unchanged; tests read the XML back to check there is no <f> element.)
// Invalid UTF-8 becomes U+FFFD; text longer than Excel's 32,767 characters is cut.
//
// Determinism: the document's created/modified time is XlsxBook::created
// (never the clock) and libxlsxwriter stamps zip entries with a fixed date, so
// the same book gives byte-identical files.
#pragma once

#include <cstddef>
#include <ctime>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/io.hpp"
#include "render/table.hpp"

namespace fbkit::render {

// A sheet: the table's columns shown in xlsx (Column::shown), their values
// (Cell::value; the text is the page's) and its native charts, placed to the
// right of the table, one under the other. A chart over a column the sheet
// does not show is left out.
struct XlsxSheet : Table {
  std::string name;  // made valid and unique (see sheet_name)
};

struct XlsxBook {
  std::vector<XlsxSheet> sheets;
  std::string title;  // document properties
  std::string author;
  // The document's created/modified time (e.g. the report's as-of date).
  // 0 means 1980-01-01T00:00:00Z, never "now", so output stays reproducible.
  std::time_t created = 0;
};

// Writes the workbook to path ("-" = standard output) atomically: the file
// is either the previous one or the complete new one. Throws IoError.
void write_xlsx(const XlsxBook& book, const std::string& path);

// Writes the workbook to `out` and commits it. Throws IoError.
void write_xlsx(const XlsxBook& book, ByteSink& out);

// The workbook's bytes (via an unlinked temporary file in TMPDIR). Throws IoError.
std::string xlsx_bytes(const XlsxBook& book);

// Excel's sheet-name rules: []:*?/\ become '_', no leading or trailing
// apostrophe, at most 31 characters, "Sheet<n>" when empty, and a " (2)"-style
// suffix when the name is taken (case-insensitively) by one in taken.
std::string sheet_name(std::string_view wanted, const std::vector<std::string>& taken, std::size_t n);

// Whether text would be a formula (or a DDE/operator start) if typed into
// Excel: it starts with = + - @, a tab or a CR. Such cells are the reason for
// the string-only rule above; exposed for the CSV/Markdown writers.
bool looks_like_formula(std::string_view text);

}  // namespace fbkit::render
