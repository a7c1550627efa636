// The presentation's one table, drawn by the HTML page (html.hpp) and the
// workbook (xlsx.hpp) and, in lib/report, as Markdown: typed columns, cells
// holding the text a page shows and the value a workbook stores, and which of
// the forms show a column. (stats::Table is the other table of the project:
// the data a query returns, before it is formatted.)
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace fbkit::render {

// The traffic light of a metric; the badge shows the caller's text, so the
// state is never told by colour alone.
enum class Status { ok, warn, alert };

// A column's alignment on the page; automatic right-aligns columns whose
// non-empty cells all look like numbers ("1,234", "-3.5", "45.6%", "4.12").
enum class Align { automatic, left, right };

// How the workbook shows a column's numbers; text cells are text in any column.
enum class XlsxType {
  text,
  number,   // "0" or "0.00..." by decimals
  percent,  // values are fractions (0.345), shown "34.5%" by decimals
  date,     // values are Excel serial date-times (1 = 1900-01-01), shown "2025-10-03 14:05:00"
};

// A value in the workbook: empty, a number (non-finite = empty) or text.
using XlsxValue = std::variant<std::monostate, double, std::string>;

enum class XlsxChartType { line, column, bar, pie };

// A native chart over a table: categories from one column, one series per
// value column (named by its header; a pie uses the first only).
struct XlsxChart {
  XlsxChartType type = XlsxChartType::column;
  std::string title;
  std::size_t category_column = 0;
  std::vector<std::size_t> value_columns;
};

// The forms that show a table or a column (a bit set).
enum Shown : unsigned {
  in_html = 1,
  in_md = 2,
  in_xlsx = 4,
  in_text = in_html | in_md,  // the html and md forms
  everywhere = in_html | in_md | in_xlsx,
};

struct Column {
  std::string header;
  XlsxType type = XlsxType::text;  // how the workbook stores and shows the values
  int decimals = 0;
  unsigned shown = everywhere;
  Align align = Align::automatic;  // on the page
};

// A cell: the text a page shows (optionally as a status badge) and the value
// a workbook stores (a number stays a number there). A badge: {text, {}, status}.
struct Cell {
  Cell() = default;
  Cell(std::string t) : text(t), value(std::move(t)) {}  // NOLINT: implicit on purpose
  Cell(const char* t) : Cell(std::string(t)) {}          // NOLINT
  Cell(double v) : value(v) {}                           // NOLINT: a workbook's number
  Cell(XlsxValue v) : value(std::move(v)) {}             // NOLINT: a workbook's value
  Cell(std::string t, XlsxValue v, std::optional<Status> s = std::nullopt)
      : text(std::move(t)), value(std::move(v)), status(s) {}
  std::string text;
  XlsxValue value;
  std::optional<Status> status;
  // The workbook's format of this number alone, where a column mixes kinds
  // (a facts sheet of percentages, counts and hours); else the column's.
  std::optional<XlsxType> type;
  int decimals = 0;
};

struct Table {
  std::string caption;  // optional (the page shows it)
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
  // The workbook's native charts over this table; column numbers index `columns`.
  std::vector<XlsxChart> charts;
  unsigned shown = everywhere;  // for documents that choose per form (lib/report)
  // The workbook's sheet name for a table that is not its section's first
  // (lib/report; the first is named after the section): optional, the last
  // heading before the table names it otherwise.
  std::string sheet;
};

}  // namespace fbkit::render
