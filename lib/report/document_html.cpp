// The report's HTML backend: a Document drawn on render::Page.
#include <string>
#include <utility>
#include <vector>

#include "render/html.hpp"
#include "report/document.hpp"

namespace fbkit::report {

HtmlDocument::HtmlDocument(std::string lang) : m_lang(std::move(lang)) {}

void HtmlDocument::title(const std::string& text) {
  m_page.emplace(text, m_lang);
  m_page->heading(1, text);
}

void HtmlDocument::start_section(int number, const std::string& name) {
  m_page->begin_section(number > 0 ? std::to_string(number) + ". " + name : name);
}

void HtmlDocument::heading(int level, const std::string& text, unsigned shown) {
  if ((shown & in_html) != 0) {
    m_page->heading(level, text);
  }
}

void HtmlDocument::paragraph(const std::string& text, unsigned shown) {
  if ((shown & in_html) != 0) {
    m_page->paragraph(text);
  }
}

void HtmlDocument::note(const std::string& text, unsigned shown) {
  if ((shown & in_html) != 0) {
    m_page->note(text);
  }
}

void HtmlDocument::status(render::Status status, const std::string& badge, const std::string& text, unsigned shown) {
  if ((shown & in_html) != 0) {
    m_page->status_line(status, badge, text);
  }
}

void HtmlDocument::table(const Table& table) {
  if ((table.shown & in_html) != 0) {
    m_page->table(table);
  }
}

void HtmlDocument::facts(const std::string& caption, const std::vector<Fact>& facts, unsigned shown) {
  if ((shown & in_html) == 0) {
    return;
  }
  Table t;
  t.caption = caption;
  t.columns = {{""}, {""}};
  for (const Fact& f : facts) {
    t.rows.push_back({Cell(f.key), f.value});
  }
  table(t);
}

void HtmlDocument::quotes(const std::vector<Quote>& quotes, unsigned shown) {
  if ((shown & in_html) == 0) {
    return;
  }
  std::vector<render::Quote> q;
  q.reserve(quotes.size());
  for (const Quote& x : quotes) {
    q.push_back({x.text, x.meta});
  }
  m_page->quotes(q);
}

void HtmlDocument::chart(const std::string& svg) {
  m_page->begin_charts();
  m_page->chart(svg);
  m_page->end_charts();
}

void HtmlDocument::tiles(const std::vector<Tile>& tiles, unsigned shown) {
  if ((shown & in_html) == 0 || tiles.empty()) {
    return;
  }
  std::string out = "<div class=\"tiles\">\n";
  for (const Tile& t : tiles) {
    out += "<div class=\"tile\"><div class=\"tile-label\">" + render::escape(t.label) +
           "</div><div class=\"tile-value\">" + render::escape(t.value) + "</div>";
    for (const std::string& line : t.lines) {
      out += "<div class=\"tile-line\">" + render::escape(line) + "</div>";
    }
    out += "</div>\n";
  }
  m_page->raw(out + "</div>\n");
}

std::string HtmlDocument::str() const {
  return m_page ? m_page->str() : std::string();
}

}  // namespace fbkit::report
