// The report's last sections (follow-up, agents, actions, method), each
// written once to a Document.
#include <fmt/core.h>

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "render/html.hpp"
#include "report/document.hpp"
#include "report/layout.hpp"

namespace fbkit::report::layout {

using render::Status;
using render::XlsxType;

namespace {

// Closure, SLA, revisits ... with a badge where a target is set.
std::vector<Fact> followup_facts(const Json& m) {
  const Json& fu = m["followup"];
  std::vector<Fact> facts;
  for (const std::string k : {"closure_rate", "sla_rate", "revisit_rate", "second_sat"}) {
    if (fu.contains(k)) {
      Cell value = pct_cell(fu[k]);
      value.type = XlsxType::percent;
      value.decimals = 1;
      if (k == "revisit_rate" && fu[k].is_number()) {
        value.status = num(fu[k]) >= num(fu["revisit_target"]) ? Status::ok : Status::alert;
      }
      facts.push_back({label(m, k), value});
    }
  }
  if (fu.contains("resolution_hours_median")) {
    const bool ok = !fu["resolution_hours_median"].is_number() ||
                    num(fu["resolution_hours_median"]) <= num(fu["resolution_target_hours"]);
    const bool small = fu.value("resolution_low_n", false);
    Cell hours{fixed(fu["resolution_hours_median"], 1) + (small ? " (" + label(m, "small_n") + ")" : ""),
               value(fu["resolution_hours_median"]),
               small ? Status::warn
               : ok  ? Status::ok
                     : Status::alert};
    hours.type = XlsxType::number;
    hours.decimals = 1;
    facts.push_back({label(m, "median_resolution"), hours});
  }
  // The period's overdue items apart from the whole backlog; the badge on the one alerted (overdue_scope).
  const std::string scope = fu.value("overdue_scope", "backlog");
  for (const auto& [key, name, alerted] : {std::tuple{"overdue_in_period", "overdue_in_period", scope == "period"},
                                           std::tuple{"overdue_total", "overdue_backlog", scope == "backlog"}}) {
    if (fu.contains(key)) {
      const bool ok = num(fu[key]) <= num(fu["overdue_target"]);
      std::optional<Status> badge;
      if (alerted) {
        badge = ok ? Status::ok : Status::alert;
      }
      Cell count{integer(fu[key]), value(fu[key]), badge};
      count.type = XlsxType::number;
      facts.push_back({label(m, name), count});
    }
  }
  if (fu.contains("overdue_note")) {
    facts.push_back({label(m, "overdue"), str(fu["overdue_note"])});
  }
  Cell vague = int_cell(fu["vague_n"]);
  vague.type = XlsxType::number;
  facts.push_back({label(m, "vague"), vague});
  return facts;
}

// Open and overdue items by status and by department (html only).
void backlog_tables(const Json& m, Document& doc) {
  const Json& fu = m["followup"];
  if (fu.contains("status")) {
    Table t;
    t.shown = in_html | in_xlsx;
    t.sheet = label(m, "status");
    t.columns = {
        {label(m, "status")}, {label(m, "count"), XlsxType::number}, {label(m, "share"), XlsxType::percent, 1}};
    for (const Json& r : fu["status"]) {
      t.rows.push_back({str(r["label"]), int_cell(r["n"]), pct_cell(r["share"])});
    }
    doc.table(t);
  }
  if (fu.contains("by_department") && !fu["by_department"].empty()) {
    Table t;
    t.shown = in_html | in_xlsx;
    t.sheet = label(m, "department");
    t.columns = {
        {label(m, "department")}, {label(m, "open"), XlsxType::number}, {label(m, "overdue"), XlsxType::number}};
    for (const Json& r : fu["by_department"]) {
      t.rows.push_back(
          {str(r.value("department_label", r["department"])), int_cell(r["open"]), int_cell(r["overdue"])});
    }
    doc.table(t);
  }
}

// Scores before and after each improvement (--improvements). md has the
// shorter form: the means and CSATs, headed "before", "CSAT", "after", "CSAT".
void improvements_table(const Json& m, Document& doc) {
  const Json& fu = m["followup"];
  if (!fu.contains("improvements") || fu["improvements"].empty()) {
    return;
  }
  doc.heading(3, label(m, "improvements"), in_html);
  Table t;
  t.shown = in_text;
  for (const char* when : {"before", "after"}) {
    t.columns.push_back({label(m, when) + " " + label(m, "n"), XlsxType::text, 0, in_html});
    t.columns.push_back({label(m, when) + " " + label(m, "mean"), XlsxType::text, 0, in_html});
    t.columns.push_back({label(m, when), XlsxType::text, 0, in_md});
    t.columns.push_back({label(m, when) + " " + label(m, "csat_short"), XlsxType::text, 0, in_html});
    t.columns.push_back({label(m, "csat_short"), XlsxType::text, 0, in_md});
  }
  t.columns.insert(t.columns.begin(), {{label(m, "issue")}, {label(m, "date")}, {label(m, "action")}});
  t.columns.push_back({label(m, "change")});
  t.columns.push_back({label(m, "significant_column")});
  for (const Json& r : fu["improvements"]) {
    std::vector<Cell> row = {str(r["label"]), str(r["date"]), str(r["action"])};
    for (const char* when : {"before", "after"}) {
      const Json& s = r[when];
      const std::string mean = fixed(s["score_overall_mean"]), csat = pct(s["csat"]);
      row.insert(row.end(), {integer(s["n"]), mean, mean, csat, csat});
    }
    row.emplace_back(change_pts(m, r.value("csat_change", Json())));
    row.emplace_back(sig(m, r));
    t.rows.push_back(std::move(row));
  }
  doc.table(t);
}

// The oldest overdue items (all three forms; the workbook's follow-up sheet)
// and the vague feedback to call back (html).
void item_lists(const Json& m, Document& doc) {
  const Json& fu = m["followup"];
  const bool any = !fu["oldest_overdue"].empty();
  doc.heading(3, label(m, "oldest_overdue"), any ? in_html : 0u);
  Table t;
  t.shown = any ? everywhere : in_xlsx;
  t.columns = {{label(m, "id")},
               {label(m, "department")},
               {label(m, "due")},
               {label(m, "days_overdue"), XlsxType::number, 1},
               {""}};
  for (const Json& r : fu["oldest_overdue"]) {
    t.rows.push_back({text_cell(r["feedback_id"]),
                      text_cell(r.value("department_label", r["department"])),
                      {str(r["due_at"]).substr(0, 16), value(r["due_at"])},
                      fixed_cell(r["days_overdue"], 1),
                      text_cell(r["text"])});
  }
  doc.table(t);
  if (!fu["vague"].empty()) {
    doc.heading(3, label(m, "vague"), in_html);
    std::vector<Quote> quotes;
    for (const Json& r : fu["vague"]) {
      quotes.push_back(
          {str(r["text"]), str(r["feedback_id"]) + " · " + str(r["received_at"]).substr(0, 10), str(r["feedback_id"])});
    }
    doc.quotes(quotes, in_html);
  }
}

}  // namespace

void draw_followup(const Json& m, Document& doc) {
  doc.section(label(m, "followup"));
  doc.facts("", followup_facts(m));
  backlog_tables(m, doc);
  improvements_table(m, doc);
  item_lists(m, doc);
}

namespace {

// The mean with its interval: "4.12 [3.98, 4.26]".
std::string mean_with_interval(const Json& r) {
  const std::string mean = fixed(r.value("score_overall_mean", Json()));
  const Json lo = r.value("score_overall_mean_lo", Json()), hi = r.value("score_overall_mean_hi", Json());
  return lo.is_number() && hi.is_number() ? fmt::format("{} [{}, {}]", mean, fixed(lo), fixed(hi)) : mean;
}

Table agents_table(const Json& m, const Json& rows, const std::string& caption) {
  Table t;
  t.caption = caption;
  t.columns = {{label(m, "rank"), XlsxType::number},
               {label(m, "agent")},
               {label(m, "n"), XlsxType::number},
               {label(m, "mean"), XlsxType::number, 2},
               {label(m, "csat_short"), XlsxType::percent, 1},
               {label(m, "low_rate"), XlsxType::percent, 1}};
  for (const Json& r : rows) {
    t.rows.push_back({{integer(r["rank"]), value(r["rank"])},
                      text_cell(r["agent_id"]),
                      int_cell(r["n"]),
                      {mean_with_interval(r), value(r.value("score_overall_mean", Json()))},
                      pct_cell(r.value("csat", Json())),
                      pct_cell(r.value("low_rate", Json()))});
  }
  return t;
}

}  // namespace

void draw_agents(const Json& m, Document& doc) {
  if (!m.contains("agents")) {
    return;
  }
  const Json& a = m["agents"];
  doc.section(label(m, "agents"));
  doc.paragraph(fmt::format("{} {} – {} ({} {}): {} {}, {} {}", label(m, "agents_window"), str(a["from"]).substr(0, 10),
                            str(a["to"]).substr(0, 10), a["window_days"].get<int>(), label(m, "days"),
                            a["ranked"].get<std::size_t>(), label(m, "agents_ranked"), label(m, "agents_min_n"),
                            a["min_n"].get<int>()));
  for (const char* end : {"best", "worst"}) {
    if (!a[end].empty()) {
      doc.heading(3, label(m, std::string("agents_") + end));
      doc.table(agents_table(m, a[end], ""));
    }
  }
  if (a["small_count"].get<std::size_t>() > 0) {
    std::string list;
    for (const Json& s : a["small"]) {
      list += fmt::format("{}{} ({})", list.empty() ? "" : ", ", str(s["agent_id"]), integer(s["n"]));
    }
    const std::size_t more = a["small_count"].get<std::size_t>() - a["small"].size();
    doc.note(fmt::format("{} {}: {}{}", a["small_count"].get<std::size_t>(), label(m, "agents_small"), list,
                         more > 0 ? fmt::format(" … (+{})", more) : ""));
  }
}

void draw_actions(const Json& m, Document& doc) {
  doc.section(label(m, "actions"));
  Table t;
  t.columns = {
      {label(m, "issue")}, {label(m, "owner")}, {label(m, "action")}, {label(m, "deadline")}, {label(m, "expected")}};
  for (const Json& a : m["actions"]) {
    t.rows.push_back({text_cell(a["label"]), text_cell(a.value("department_label", a["department"])),
                      text_cell(a["action"]), text_cell(a["deadline"]), text_cell(a["expected"])});
  }
  if (t.rows.empty()) {  // said, not a table of headers alone (as the core problems do)
    doc.paragraph(label(m, "actions_none"));
    t.shown = in_xlsx;
  }
  doc.table(t);
}

}  // namespace fbkit::report::layout
