// The sections of #16's third part: the urgent items (at the top), what
// customers like (after the problems).
#include <fmt/core.h>

#include <algorithm>

#include "core/strings.hpp"
#include "report/layout.hpp"

namespace fbkit::report {

using namespace layout;
using render::XlsxType;

namespace layout {

namespace {

// "2025-10-03 · 2/5": when a comment was received and its score ("2/5" without a date).
std::string date_score(const Json& e) {
  const std::string date = str(e["received_at"]).substr(0, 10);
  return fmt::format("{}{}", date.empty() ? "" : date + " · ",
                     e["score"].is_number() ? integer(e["score"]) + "/5" : "–");
}

}  // namespace

void no_text_note(const Json& m, const Json& section, const char* key, Document& doc) {
  const Json& rows = section["rows"];
  if (!rows.contains("no_text")) {
    return;
  }
  const Json& nt = rows["no_text"];
  const std::int64_t apart = nt.value("n", std::int64_t{0}), under = nt.value("under_issues", std::int64_t{0});
  if (apart + under == 0) {
    return;
  }
  // Rows of no words that a ticked problem type put under an issue are counted
  // there, and here with the others: none of them is quoted.
  doc.note(fill_in(label(m, std::string(key) + (under == 0   ? ""
                                                : apart == 0 ? "_typed_all"
                                                             : "_typed")),
                   {std::to_string(apart + under), std::to_string(under)}));
}

void draw_urgent(const Json& m, Document& doc) {
  if (!m.contains("urgent")) {
    return;
  }
  const Json& u = m["urgent"];
  doc.section(label(m, "urgent"));
  doc.note(fmt::format("n = {} · {}", integer(u["n"]), label(m, "urgent_rows")));
  if (u["items"].empty()) {
    doc.paragraph(label(m, "urgent_none"));
    return;
  }
  // A column the data does not have is left out, not shown blank (or "(未填)") in every row.
  const Json has = u.value("has", Json::object());
  const auto with = [&](const char* column) { return has.value(column, true) ? everywhere : 0U; };
  Table t;
  t.columns = {{label(m, "date"), XlsxType::text, 0, with("received_at")},
               {"ID", XlsxType::text, 0, in_html | in_xlsx},
               {label(m, "issue")},
               {label(m, "text")},
               {label(m, "status"), XlsxType::text, 0, with("status")},
               {label(m, "owner"), XlsxType::text, 0, with("department")}};
  for (const Json& x : u["items"]) {
    t.rows.push_back({str(x["received_at"]).substr(0, 10), str(x["feedback_id"]), text_cell(x["label"]),
                      text_cell(x["text"]), text_cell(x.value("status_label", x["status"])),
                      text_cell(x.value("department_label", x["department"]))});
  }
  doc.table(t);
}

// What is liked, one row each (an issue or an aspect), with one example.
void liked_table(const Json& m, const Json& rows, const std::string& first, Document& doc) {
  // The example's date and score ("2025-10-03 · 5/5"), a column only when some example has either.
  const bool context = std::any_of(rows.begin(), rows.end(), [](const Json& r) {
    return !r["examples"].empty() && date_score(r["examples"][0]) != "–";
  });
  Table t;
  t.shown = rows.empty() ? in_xlsx : everywhere;
  t.columns = {{first},
               {label(m, "count"), XlsxType::number},
               {label(m, "share"), XlsxType::percent, 1},
               {label(m, "examples")},
               {label(m, "date_score"), XlsxType::text, 0, context ? in_html | in_xlsx : 0U}};
  for (const Json& r : rows) {
    const Json e = r["examples"].empty() ? Json::object() : r["examples"][0];
    t.rows.push_back({text_cell(r["label"]), int_cell(r["n"]), pct_cell(r["share"]),
                      e.empty() ? Cell("–") : text_cell(e["text"]), e.empty() ? std::string("–") : date_score(e)});
  }
  doc.table(t);
}

void draw_praise(const Json& m, Document& doc) {
  if (!m.contains("praise")) {
    return;
  }
  const Json& p = m["praise"];
  doc.section(label(m, "praise"));
  // With praise_aspect: what is liked by aspect (the issue of these rows is mostly just "praise").
  const bool by_aspect = p.contains("aspects");
  doc.note(str(p["rows"]["definition"]));
  no_text_note(m, p, "praise_no_text", doc);
  if (by_aspect && p.value("aspects_unnamed", std::int64_t{0}) > 0) {
    doc.note(fill_in(label(m, "praise_aspects_unnamed"), {integer(p["aspects_unnamed"])}));
  }
  const Json& rows = by_aspect ? p["aspects"] : p["issues"];
  // No praise is no praise row (not an empty list: every praise row may name a problem, listed apart below).
  if (p["rows"].value("n", std::int64_t{rows.empty() ? 0 : 1}) == 0) {
    doc.paragraph(label(m, "praise_none"));
  }
  liked_table(m, rows, label(m, by_aspect ? "aspect" : "issue"), doc);
  // Complaints said in happy reviews: named, not shown as liked.
  std::string mentioned;
  for (const Json& r : p.value("mentioned", Json::array())) {
    mentioned += mentioned.empty() ? "" : label(m, "list_sep");
    mentioned += fmt::format("{} {} ({})", str(r["label"]), integer(r["n"]), pct(r["share"]));
  }
  if (!mentioned.empty()) {
    doc.paragraph(label(m, "praise_mentioned") + mentioned);
  }
}

}  // namespace layout

}  // namespace fbkit::report
