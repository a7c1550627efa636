// The sections of #16's third part: the urgent items (at the top), what
// customers like (after the problems), and the numbering of every section in
// the order drawn.
#include <fmt/core.h>

#include "report/layout.hpp"

namespace fbkit::report {

using namespace layout;
using render::XlsxType;

namespace layout {

namespace {

// "2025-10-03 · 2/5": when a comment was received and its score.
std::string date_score(const Json& e) {
  return fmt::format("{} · {}", str(e["received_at"]).substr(0, 10),
                     e["score"].is_number() ? integer(e["score"]) + "/5" : "–");
}

}  // namespace

void draw_urgent(const Json& m, Document& doc) {
  if (!m.contains("urgent")) {
    return;
  }
  const Json& u = m["urgent"];
  doc.section(1, label(m, "urgent"));  // numbered in the order drawn (Numbered)
  if (u.contains("left_out")) {
    doc.note(str(u["left_out"]));
    return;
  }
  doc.note(fmt::format("n = {} · {}", integer(u["n"]), label(m, "urgent_rows")));
  if (u["items"].empty()) {
    doc.paragraph(label(m, "urgent_none"));
    return;
  }
  Table t;
  t.columns = {{label(m, "date")},   {"ID", XlsxType::text, 0, in_html | in_xlsx},
               {label(m, "issue")},  {label(m, "text")},
               {label(m, "status")}, {label(m, "owner")}};
  for (const Json& x : u["items"]) {
    t.rows.push_back({str(x["received_at"]).substr(0, 10), str(x["feedback_id"]), text_cell(x["label"]),
                      text_cell(x["text"]), text_cell(x.value("status_label", x["status"])),
                      text_cell(x["department"])});
  }
  doc.table(t);
}

void draw_praise(const Json& m, Document& doc) {
  if (!m.contains("praise")) {
    return;
  }
  const Json& p = m["praise"];
  doc.section(1, label(m, "praise"));  // numbered in the order drawn (Numbered)
  if (p.contains("left_out")) {
    doc.note(str(p["left_out"]));
    return;
  }
  doc.note(str(p["rows"]["definition"]));
  if (p["issues"].empty()) {
    doc.paragraph(label(m, "praise_none"));
  }
  Table t;
  t.shown = p["issues"].empty() ? in_xlsx : everywhere;
  t.columns = {{label(m, "issue")},
               {label(m, "count"), XlsxType::number},
               {label(m, "share"), XlsxType::percent, 1},
               {label(m, "examples")},
               {label(m, "date"), XlsxType::text, 0, in_html | in_xlsx}};
  for (const Json& r : p["issues"]) {
    const Json e = r["examples"].empty() ? Json::object() : r["examples"][0];
    t.rows.push_back({text_cell(r["label"]), int_cell(r["n"]), pct_cell(r["share"]),
                      e.empty() ? Cell("–") : text_cell(e["text"]), e.empty() ? std::string("–") : date_score(e)});
  }
  doc.table(t);
}

Numbered::Numbered(Document& doc) : m_doc(doc) {}
void Numbered::title(const std::string& text) {
  m_doc.title(text);
}
void Numbered::section(int number, const std::string& name) {
  m_doc.section(number == 0 ? 0 : ++m_number, name);  // 0: unnumbered (the summary, its tiles)
}
void Numbered::heading(int level, const std::string& text, unsigned shown) {
  m_doc.heading(level, text, shown);
}
void Numbered::paragraph(const std::string& text, unsigned shown) {
  m_doc.paragraph(text, shown);
}
void Numbered::note(const std::string& text, unsigned shown) {
  m_doc.note(text, shown);
}
void Numbered::status(render::Status status, const std::string& badge, const std::string& text, unsigned shown) {
  m_doc.status(status, badge, text, shown);
}
void Numbered::table(const Table& table) {
  m_doc.table(table);
}
void Numbered::facts(const std::string& caption, const std::vector<Fact>& facts, unsigned shown) {
  m_doc.facts(caption, facts, shown);
}
void Numbered::quotes(const std::vector<Quote>& quotes, unsigned shown) {
  m_doc.quotes(quotes, shown);
}
void Numbered::chart(const std::string& svg) {
  m_doc.chart(svg);
}
void Numbered::tiles(const std::vector<Tile>& tiles, unsigned shown) {
  m_doc.tiles(tiles, shown);
}

}  // namespace layout

}  // namespace fbkit::report
