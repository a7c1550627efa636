// The report's workbook backend: each section's table shown in xlsx becomes
// a sheet named after the section (render::write_xlsx keeps the columns shown
// in xlsx, the cells' values and the table's native charts).
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
  sheet.name = m_section.empty() ? table.caption : m_section;  // a table before the first section: the header's
  m_book.sheets.push_back(std::move(sheet));
}

}  // namespace fbkit::report
