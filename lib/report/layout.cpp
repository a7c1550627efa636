// The report's header and its first four sections (overview, satisfaction,
// problems, trends), each written once to a Document.
#include "report/layout.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/strings.hpp"
#include "render/html.hpp"
#include "render/svg.hpp"
#include "report/document.hpp"

namespace fbkit::report {

using namespace layout;
using render::Status;
using render::XlsxType;

namespace {

// Met or missed, "no data" when there is no value (n = 0), marked when n is
// below min_n (then no alert is raised).
std::string verdict(const Json& m, const Json& x) {
  if (!x.contains("met")) {
    return label(m, "no_data");
  }
  const std::string v = x.value("met", false) ? label(m, "met") : label(m, "missed");
  return x.value("low_n", false) ? v + " (" + label(m, "small_n") + ")" : v;
}

void draw_header(const Json& m, Document& doc) {
  const Json& rep = m["report"];
  doc.title(title_of(m));
  std::string inputs;
  for (const Json& i : rep["inputs"]) {
    inputs += inputs.empty() ? "" : ", ";
    inputs += str(i);
  }
  const Json& p = rep["period"];
  const std::string rule = p.contains("rule") ? label(m, "list_sep") + str(p["rule"]) : "";  // a default period's
  // The as-of time (overdue is counted at it; now by default), and the data's own last date.
  const std::string as_of =
      fmt::format("{}: {}", label(m, "as_of"), str(rep["as_of"])) +
      (rep.contains("data_last") ? fmt::format(" · {}: {}", label(m, "data_last"), str(rep["data_last"]).substr(0, 10))
                                 : "");
  const std::string period = rep.contains("no_period")
                                 ? fmt::format("{} · {}", str(rep["no_period"]), as_of)
                                 : fmt::format("{}: {} ({} – {}{}) · {} · {}: {}", label(m, "period"), str(p["key"]),
                                               str(p["from"]).substr(0, 10), str(p["to"]).substr(0, 10), rule, as_of,
                                               label(m, "rows_in_period"), integer(rep.value("rows", Json())));
  doc.paragraph(period + " · " + inputs, in_html);
  doc.paragraph(period, in_md);
  // What was chosen and what this data cannot show, one line each (the workbook's first sheet).
  Table about;
  about.shown = in_xlsx;
  // Without dates the sheet is the data's scope, not a period (数据范围 / Scope).
  const char* about_name = rep.contains("no_period") ? "scope" : "period";
  about.caption = label(m, about_name);
  about.columns = {{label(m, about_name)}};
  about.rows.push_back({period});
  for (const Json& o : m.value("omitted", Json::array())) {
    doc.note(str(o["line"]), in_html | in_md);
    about.rows.push_back({str(o["line"])});
  }
  doc.table(about);
  if (m["alerts"].empty()) {
    doc.status(Status::ok, label(m, "alerts"), "0", in_html);
  }
  for (const Json& a : m["alerts"]) {
    doc.status(Status::alert, label(m, "alerts"), str(a));
  }
}

void draw_overview(const Json& m, Document& doc) {
  const Json& ov = m["overview"];
  doc.section(label(m, "overview"));
  const double n = num(ov["n"]), pn = num(ov["previous_n"]);
  const std::string counts =
      fmt::format("{}: {}", label(m, "feedback"), integer(ov["n"])) +
      (has_previous(m) ? fmt::format(" · {}: {}", label(m, "previous"), integer(ov["previous_n"])) : "");
  doc.paragraph(counts + (pn > 0 ? fmt::format(" ({:+.1f}%)", (n - pn) / pn * 100) : std::string()), in_html);
  doc.paragraph(counts, in_md);
  const Json channels = ov.value("channels", Json::array());
  const bool invited =
      std::any_of(channels.begin(), channels.end(), [](const Json& r) { return r.contains("response_rate"); });
  Table t;
  t.shown = ov.contains("channels") ? everywhere : in_xlsx;
  t.columns = {{label(m, "channel")},
               {label(m, "count"), XlsxType::number},
               {label(m, "share"), XlsxType::percent, 1},
               {label(m, "previous"), XlsxType::percent, 1, over_time(m, everywhere)},
               {label(m, "significant_column"), XlsxType::text, 0, over_time(m, in_text)},
               {label(m, "invitations"), XlsxType::text, 0, invited ? in_html : 0u},
               {label(m, "response_rate"), XlsxType::text, 0, invited ? in_html : 0u}};
  for (const Json& r : channels) {
    t.rows.push_back({text_cell(r["label"]), int_cell(r["n"]), pct_cell(r["share"]), pct_cell(r["previous_share"]),
                      sig_cell(m, r), r.contains("invitations") ? fixed(r["invitations"], 0) : "–",
                      r.contains("response_rate") ? pct(r["response_rate"]) : "–"});
  }
  t.charts.push_back({render::XlsxChartType::pie, label(m, "channel"), 0, {1}});
  if (ov.contains("channels")) {
    doc.chart(channel_chart(m));
  }
  doc.table(t);
  draw_sentiment(m, doc);
}

void satisfaction_lines(const Json& m, Document& doc) {
  const Json& sat = m["satisfaction"];
  if (sat.contains("csat")) {
    const Json& c = sat["csat"];
    const bool met = c.value("met", false);
    const std::string met_text = verdict(m, c);
    const std::string then = has_previous(m)
                                 ? fmt::format(" · {} {} · {} {} ({})", label(m, "previous"), pct(c["previous"]),
                                               label(m, "change"), change_pts(m, c["change"]), sig(m, c))
                                 : "";
    doc.status(met ? Status::ok : Status::alert, met_text,
               fmt::format("{} {} ({} {}){}", label(m, "csat"), pct(c["value"]), label(m, "target"),
                           pct(c["target"], 0), then),
               in_html);
    doc.paragraph(fmt::format("{}: {} ({} {}, {}){}", label(m, "csat"), pct(c["value"]), label(m, "target"),
                              pct(c["target"], 0), met_text, then),
                  in_md);
  }
  for (const std::string k : {"low_rate", "nps"}) {
    if (sat.contains(k)) {
      const Json& c = sat[k];
      const bool nps = k == "nps";
      const std::string change =
          has_previous(m) ? fmt::format(" · {} {} ({})", label(m, "change"),
                                        nps ? points(c["change"], true) : change_pts(m, c["change"]), sig(m, c))
                          : "";
      doc.paragraph(fmt::format("{}: {}{}", label(m, k), nps ? points(c["value"]) : pct(c["value"]), change), in_html);
    }
  }
}

void draw_satisfaction(const Json& m, Document& doc) {
  const Json& sat = m["satisfaction"];
  doc.section(label(m, "satisfaction"));
  satisfaction_lines(m, doc);
  const bool any = !sat["dimensions"].empty();
  Table t;
  t.shown = any ? everywhere : in_md | in_xlsx;
  t.columns = {{label(m, "dimension")},
               {label(m, "n"), XlsxType::number},
               {label(m, "mean"), XlsxType::number, 2},
               {label(m, "ci95"), XlsxType::text, 0, in_html},
               {label(m, "target"), XlsxType::number, 2},
               {"", XlsxType::text, 0, in_md},
               {label(m, "previous"), XlsxType::number, 2, over_time(m, everywhere)},
               {label(m, "change"), XlsxType::text, 0, over_time(m, in_text)},
               {label(m, "significant_column"), XlsxType::text, 0, over_time(m, everywhere)}};
  for (const Json& d : sat["dimensions"]) {
    const bool met = d.value("met", false);
    Cell mean = fixed_cell(d["mean"]);
    if (d["mean"].is_number()) {
      mean.status = met ? Status::ok : Status::alert;
    }
    t.rows.push_back({text_cell(d["label"]), int_cell(d["n"]), mean,
                      d["mean_lo"].is_number() ? fmt::format("{} – {}", fixed(d["mean_lo"]), fixed(d["mean_hi"])) : "–",
                      fixed_cell(d["target"]), verdict(m, d), fixed_cell(d["previous_mean"]), abs_cell(d["change"]),
                      sig_cell(m, d)});
  }
  t.charts.push_back({render::XlsxChartType::bar, label(m, "satisfaction"), 0, {2, 4}});
  if (any) {
    doc.chart(target_chart(m));
  }
  doc.table(t);
  draw_rates(m, doc);  // the lines above as workbook tables
  std::string weak;
  for (const Json& w : sat["weakest"]) {
    weak += weak.empty() ? "" : ", ";
    weak += str(w);
  }
  if (any && !weak.empty()) {
    doc.paragraph(label(m, "weakest") + ": " + weak, in_html);
  }
}

void draw_problems(const Json& m, Document& doc) {
  const Json& pr = m["problems"];
  doc.section(label(m, "problems"));
  if (pr.contains("note")) {
    doc.note(str(pr["note"]), in_html);
  }
  if (pr.contains("rows")) {  // which rows count, how examples are chosen (#16)
    doc.note(str(pr["rows"]["definition"]) + " " + str(pr["rows"]["examples_order"]));
    no_text_note(m, pr, "problem_no_text", doc);
  }
  const bool any = !pr["issues"].empty();
  if (!any && pr.contains("rows")) {  // said, not an empty table (as what customers like does)
    std::string under;                // problem rows under no problem issue (other, praise): said, not "none"
    for (const Json& u : pr.value("unlisted", Json::array())) {
      under += fmt::format("{}{} {}", under.empty() ? "" : label(m, "list_sep"), str(u["label"]), integer(u["n"]));
    }
    doc.paragraph(under.empty() ? label(m, "problems_none")
                                : fill_in(label(m, "problems_unlisted"), {integer(pr["rows_n"]), under}));
  }
  // Who the rows come from, where the data can tell (customer_type, annual_spend): not a
  // column of 0% that only means "unknown".
  const auto told = [&](const char* key) {
    return std::any_of(pr["issues"].begin(), pr["issues"].end(), [&](const Json& r) { return r.contains(key); });
  };
  Table t;
  t.shown = any ? everywhere : in_xlsx;
  t.columns = {{label(m, "issue")},
               {label(m, "count"), XlsxType::number},
               {label(m, "share"), XlsxType::percent, 1},
               {label(m, "previous"), XlsxType::percent, 1, over_time(m, in_html | in_xlsx)},
               {label(m, "change"), XlsxType::text, 0, over_time(m, in_text)},
               {label(m, "significant_column"), XlsxType::text, 0, over_time(m, in_text)},
               {label(m, "new_customers"), XlsxType::text, 0, told("new_share") ? in_html : 0U},
               {label(m, "high_value"), XlsxType::text, 0, told("high_value_share") ? in_html : 0U},
               {label(m, "examples"), XlsxType::text, 0, in_xlsx}};
  for (const Json& r : pr["issues"]) {
    std::string examples;
    for (const Json& e : r["examples"]) {
      examples += examples.empty() ? "" : "\n";
      examples += str(e["text"]);
    }
    t.rows.push_back({text_cell(r["label"]), int_cell(r["n"]), pct_cell(r["share"]), pct_cell(r["previous_share"]),
                      pts_cell(m, r["change"]), sig_cell(m, r), pct(r.value("new_share", Json())),
                      pct(r.value("high_value_share", Json())), examples});
  }
  t.charts.push_back({render::XlsxChartType::column, label(m, "problems"), 0, {1}});
  if (any) {
    doc.chart(pareto_chart(m));
  }
  doc.table(t);
  for (const Json& r : pr["issues"]) {
    if (r["examples"].empty()) {
      continue;
    }
    doc.heading(3, fmt::format("{} · {}", str(r["label"]), label(m, "examples")), in_html);
    doc.heading(3, str(r["label"]), in_md);
    std::vector<Quote> quotes;
    for (const Json& e : r["examples"]) {
      // Its id, date and score, in md too (#16: an example shows its score and date).
      // (no date without a time column: "id · 2/5", not "id ·  · 2/5")
      const std::string date = str(e["received_at"]).substr(0, 10);
      const std::string context = fmt::format("{} · {}{}", str(e["feedback_id"]), date.empty() ? "" : date + " · ",
                                              e["score"].is_number() ? integer(e["score"]) + "/5" : "–");
      quotes.push_back({str(e["text"]), context, context});
    }
    doc.quotes(quotes);
  }
}

void draw_trends(const Json& m, Document& doc) {
  const Json& tr = m["trends"];
  doc.section(label(m, "trends"));
  doc.chart(trend_chart(m));
  Table t;
  t.columns = {{label(m, "period")}, {label(m, "volume"), XlsxType::number}};
  const bool csat = tr.contains("csat");  // no score_overall: no CSAT column
  if (csat) {
    t.columns.push_back({label(m, "csat_short"), XlsxType::percent, 1});
  }
  const bool per1000 = tr.contains("complaints_per_1000");
  if (per1000) {
    t.columns.push_back({label(m, "complaints_per_1000"), XlsxType::text, 0, in_html});
  }
  for (const Json& is : tr["issues"]) {
    t.columns.push_back({str(is["label"]), XlsxType::number});
  }
  t.columns.push_back({label(m, "events"), XlsxType::text, 0, in_html});
  for (std::size_t i = 0; i < tr["periods"].size(); ++i) {
    std::vector<Cell> row = {text_cell(tr["periods"][i]), int_cell(tr["n"][i])};
    if (csat) {
      row.push_back(pct_cell(tr["csat"][i]));
    }
    if (per1000) {
      row.emplace_back(fixed(tr["complaints_per_1000"][i], 2));
    }
    for (const Json& is : tr["issues"]) {
      row.push_back(int_cell(is["n"][i]));
    }
    std::string events;
    for (const Json& e : tr["events"]) {
      if (e["period"] == tr["periods"][i]) {
        events += events.empty() ? "" : "; ";
        events += str(e["label"]);
      }
    }
    row.emplace_back(events);
    t.rows.push_back(std::move(row));
  }
  t.charts.push_back({render::XlsxChartType::column, label(m, "volume"), 0, {1}});
  if (csat) {
    t.charts.push_back({render::XlsxChartType::line, label(m, "csat_short"), 0, {2}});
  }
  doc.table(t);
}

}  // namespace

void draw_report(const Json& m, Document& doc) {
  draw_header(m, doc);
  // A section the data cannot make is not in the model (its line is in the header).
  const auto drawn = [&](const char* section, void (*draw)(const Json&, Document&)) {
    if (m.contains(section)) {
      draw(m, doc);
    }
  };
  drawn("summary", draw_summary);
  drawn("urgent", draw_urgent);
  drawn("overview", draw_overview);
  drawn("satisfaction", draw_satisfaction);
  drawn("problems", draw_problems);
  drawn("praise", draw_praise);
  drawn("trends", draw_trends);
  drawn("followup", draw_followup);
  drawn("agents", draw_agents);
  drawn("actions", draw_actions);
  drawn("method", draw_method);
}

}  // namespace fbkit::report
