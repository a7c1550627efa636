// The report's workbook backend: each section's table shown in xlsx becomes
// a sheet named after the section (render::write_xlsx keeps the columns shown
// in xlsx, the cells' values and the table's native charts).
#include <algorithm>
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

void XlsxDocument::start_section(int, const std::string& name) {
  m_section = name;
  m_heading.clear();
  m_section_named = false;
}

void XlsxDocument::heading(int, const std::string& text, unsigned) {
  // "Lowest-rated agents (mean with its 95% interval)": the words before the parenthesis.
  m_heading = text.substr(0, std::min(text.find(" ("), text.find("（")));
}

void XlsxDocument::facts(const std::string& caption, const std::vector<Fact>& facts, unsigned shown) {
  if ((shown & in_xlsx) == 0 || facts.empty()) {
    return;
  }
  Table t;
  t.columns = {{caption.empty() ? m_section : caption}, {""}};
  for (const Fact& f : facts) {
    t.rows.push_back({Cell(f.key), f.value});
  }
  table(t);
}

void XlsxDocument::table(const Table& table) {
  if ((table.shown & in_xlsx) == 0) {
    return;
  }
  render::XlsxSheet sheet;
  static_cast<Table&>(sheet) = table;
  if (m_section.empty()) {
    sheet.name = table.caption;  // a table before the first section: the header's
  } else if (!m_section_named) {
    sheet.name = m_section;
    m_section_named = true;
  } else if (!table.sheet.empty()) {
    sheet.name = table.sheet;
  } else if (!m_heading.empty()) {
    sheet.name = m_heading;
  } else {
    sheet.name = m_section;  // render::write_xlsx numbers a repeated name: "Agents (2)"
  }
  m_heading.clear();
  m_book.sheets.push_back(std::move(sheet));
}

}  // namespace fbkit::report
