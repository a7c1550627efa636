// The report's workbook backend: each section's table shown in xlsx becomes
// a sheet named after the section, with the cells' values (numbers stay
// numbers) and the table's native charts.
#include <string>
#include <utility>
#include <vector>

#include "render/xlsx.hpp"
#include "report/document.hpp"

namespace fbkit::report {

XlsxDocument::XlsxDocument(std::time_t created) {
  m_book.author = "fbkit";
  m_book.created = created;
}

void XlsxDocument::title(const std::string& text) {
  m_book.title = text;
}

void XlsxDocument::section(int, const std::string& name) {
  m_section = name;
}

void XlsxDocument::table(const Table& table) {
  if ((table.shown & in_xlsx) == 0) {
    return;
  }
  render::XlsxSheet s;
  s.name = m_section;
  // where[i]: column i's place on the sheet (only columns shown in xlsx are there).
  constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
  std::vector<std::size_t> where(table.columns.size(), kAbsent);
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const Column& c = table.columns[i];
    if ((c.shown & in_xlsx) != 0) {
      where[i] = s.columns.size();
      s.columns.push_back({c.header, c.type, c.decimals});
    }
  }
  for (const auto& row : table.rows) {
    std::vector<render::XlsxValue> values;
    for (std::size_t i = 0; i < row.size() && i < table.columns.size(); ++i) {
      if ((table.columns[i].shown & in_xlsx) != 0) {
        values.push_back(row[i].value);
      }
    }
    s.rows.push_back(std::move(values));
  }
  // A chart over a column the sheet does not have is left out.
  const auto place = [&](std::size_t c) { return c < where.size() ? where[c] : kAbsent; };
  for (render::XlsxChart chart : table.charts) {
    chart.category_column = place(chart.category_column);
    bool drawable = chart.category_column != kAbsent;
    for (std::size_t& c : chart.value_columns) {
      c = place(c);
      drawable = drawable && c != kAbsent;
    }
    if (drawable) {
      s.charts.push_back(std::move(chart));
    }
  }
  m_book.sheets.push_back(std::move(s));
}

}  // namespace fbkit::report
