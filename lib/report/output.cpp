// The html, md and xlsx forms of the report model (report.hpp). Each reads
// the model only; customer text is escaped (html, md) or written as a string
// cell that can never be a formula (xlsx).
#include <fmt/core.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/strings.hpp"
#include "render/html.hpp"
#include "render/svg.hpp"
#include "render/xlsx.hpp"
#include "report/report.hpp"
#include "stats/period.hpp"

namespace fbkit::report {

namespace {

std::string label(const Json& m, const std::string& key) {
  const Json& l = m["labels"];
  return l.contains(key) ? l[key].get<std::string>() : key;
}

bool is_num(const Json& j) {
  return j.is_number();
}

double num(const Json& j) {
  return j.is_number() ? j.get<double>() : std::nan("");
}

std::string pct(const Json& j, int decimals = 1) {
  return j.is_number() ? fmt::format("{:.{}f}%", j.get<double>() * 100, decimals) : "–";
}

std::string fixed(const Json& j, int decimals = 2) {
  return j.is_number() ? fmt::format("{:.{}f}", j.get<double>(), decimals) : "–";
}

std::string integer(const Json& j) {
  return j.is_number() ? fmt::format("{}", j.get<std::int64_t>()) : "–";
}

std::string str(const Json& j) {
  return j.is_string() ? j.get<std::string>() : "";
}

// "+1.2 pt" for a change of shares, "+0.12" for means.
std::string change_pts(const Json& j) {
  return j.is_number() ? fmt::format("{:+.1f} pt", j.get<double>() * 100) : "–";
}

std::string change_abs(const Json& j) {
  return j.is_number() ? fmt::format("{:+.2f}", j.get<double>()) : "–";
}

std::string sig(const Json& m, const Json& j) {
  if (!j.is_boolean()) {
    return "–";
  }
  return j.get<bool>() ? label(m, "significant") : label(m, "not_significant");
}

std::string title_of(const Json& m) {
  return fmt::format("{} · {}", label(m, "title"), str(m["report"]["period"]["key"]));
}

// ------------------------------------------------------------------ charts

std::string channel_chart(const Json& m) {
  render::BarChart c;
  c.title = label(m, "channel");
  c.with_share = true;
  c.no_data = label(m, "no_data");
  for (const Json& r : m["overview"].value("channels", Json::array())) {
    c.bars.push_back({str(r["label"]), num(r["n"])});
  }
  return render::bar_chart(c);
}

std::string target_chart(const Json& m) {
  render::TargetChart c;
  c.title = label(m, "satisfaction");
  c.no_data = label(m, "no_data");
  for (const Json& d : m["satisfaction"]["dimensions"]) {
    c.rows.push_back({str(d["label"]), num(d["mean"]), num(d["target"])});
  }
  return render::target_chart(c);
}

std::string pareto_chart(const Json& m) {
  render::ParetoChart c;
  c.title = label(m, "problems");
  c.no_data = label(m, "no_data");
  c.value_name = label(m, "count");
  c.cumulative_name = label(m, "share");
  for (const Json& r : m["problems"]["issues"]) {
    c.items.push_back({str(r["label"]), num(r["n"])});
  }
  return render::pareto_chart(c);
}

std::string trend_chart(const Json& m) {
  const Json& t = m["trends"];
  render::LineChart c;
  c.title = label(m, "trends");
  c.no_data = label(m, "no_data");
  for (const Json& p : t["periods"]) {
    c.labels.push_back(str(p));
  }
  c.primary.name = label(m, "volume");
  c.primary.bars = true;
  for (const Json& v : t["n"]) {
    c.primary.values.push_back(num(v));
  }
  c.secondary.name = "CSAT";
  c.secondary.scale = render::Scale::share;
  for (const Json& v : t["csat"]) {
    c.secondary.values.push_back(num(v));
  }
  for (const Json& e : t["events"]) {
    for (std::size_t i = 0; i < c.labels.size(); ++i) {
      if (c.labels[i] == str(e["period"])) {
        c.annotations.push_back({i, str(e["label"])});
      }
    }
  }
  return render::line_chart(c);
}

}  // namespace

// ------------------------------------------------------------------ html

std::string to_html(const Json& m) {
  using render::Status;
  render::Page page(title_of(m), str(m["report"]["lang"]) == "zh" ? "zh-CN" : "en");
  const Json& rep = m["report"];
  page.heading(1, title_of(m));
  std::string inputs;
  for (const Json& i : rep["inputs"]) {
    inputs += inputs.empty() ? "" : ", ";
    inputs += str(i);
  }
  page.paragraph(fmt::format("{}: {} ({} – {}) · {}: {} · {}", label(m, "period"), str(rep["period"]["key"]),
                             str(rep["period"]["from"]).substr(0, 10), str(rep["period"]["to"]).substr(0, 10),
                             label(m, "as_of"), str(rep["as_of"]), inputs));
  if (m["alerts"].empty()) {
    page.status_line(Status::ok, label(m, "alerts"), "0");
  }
  for (const Json& a : m["alerts"]) {
    page.status_line(Status::alert, label(m, "alerts"), str(a));
  }

  // 1. Overview.
  const Json& ov = m["overview"];
  page.begin_section("1. " + label(m, "overview"));
  const double n = num(ov["n"]), pn = num(ov["previous_n"]);
  page.paragraph(fmt::format("{}: {} · {}: {}{}", label(m, "feedback"), integer(ov["n"]), label(m, "previous"),
                             integer(ov["previous_n"]),
                             pn > 0 ? fmt::format(" ({:+.1f}%)", (n - pn) / pn * 100) : std::string()));
  if (ov.contains("channels")) {
    page.begin_charts();
    page.chart(channel_chart(m));
    page.end_charts();
    render::Table t;
    t.header = {label(m, "channel"), label(m, "count"), label(m, "share"), label(m, "previous"),
                label(m, "significant")};
    const bool invited = std::any_of(ov["channels"].begin(), ov["channels"].end(),
                                     [](const Json& r) { return r.contains("response_rate"); });
    if (invited) {
      t.header.push_back(label(m, "invitations"));
      t.header.push_back(label(m, "response_rate"));
    }
    for (const Json& r : ov["channels"]) {
      std::vector<render::Cell> row = {str(r["label"]), integer(r["n"]), pct(r["share"]), pct(r["previous_share"]),
                                       sig(m, r["significant"])};
      if (invited) {
        row.emplace_back(r.contains("invitations") ? fixed(r["invitations"], 0) : "–");
        row.emplace_back(r.contains("response_rate") ? pct(r["response_rate"]) : "–");
      }
      t.rows.push_back(std::move(row));
    }
    page.table(t);
  }
  page.end_section();

  // 2. Satisfaction.
  const Json& sat = m["satisfaction"];
  page.begin_section("2. " + label(m, "satisfaction"));
  if (sat.contains("csat")) {
    const Json& c = sat["csat"];
    const bool met = c.value("met", false);
    page.status_line(met ? Status::ok : Status::alert, met ? label(m, "met") : label(m, "missed"),
                     fmt::format("{} {} ({} {}) · {} {} · {} {} ({})", label(m, "csat"), pct(c["value"]),
                                 label(m, "target"), pct(c["target"], 0), label(m, "previous"), pct(c["previous"]),
                                 label(m, "change"), change_pts(c["change"]), sig(m, c["significant"])));
  }
  for (const char* k : {"low_rate", "nps"}) {
    if (sat.contains(k)) {
      const Json& c = sat[k];
      page.paragraph(fmt::format("{}: {} · {} {} ({})", label(m, k),
                                 std::string(k) == "nps" ? fixed(c["value"], 2) : pct(c["value"]), label(m, "change"),
                                 std::string(k) == "nps" ? change_abs(c["change"]) : change_pts(c["change"]),
                                 sig(m, c["significant"])));
    }
  }
  if (!sat["dimensions"].empty()) {
    page.begin_charts();
    page.chart(target_chart(m));
    page.end_charts();
    render::Table t;
    t.header = {label(m, "dimension"), "n",
                label(m, "mean"),      "95% CI",
                label(m, "target"),    label(m, "previous"),
                label(m, "change"),    label(m, "significant")};
    for (const Json& d : sat["dimensions"]) {
      const bool has_mean = is_num(d["mean"]);
      const bool met = d.value("met", false);
      t.rows.push_back({str(d["label"]), integer(d["n"]),
                        has_mean ? render::Cell(fixed(d["mean"]), met ? Status::ok : Status::alert) : render::Cell("–"),
                        is_num(d["mean_lo"]) ? fmt::format("{} – {}", fixed(d["mean_lo"]), fixed(d["mean_hi"])) : "–",
                        fixed(d["target"]), fixed(d["previous_mean"]), change_abs(d["change"]),
                        sig(m, d["significant"])});
    }
    page.table(t);
    std::string weak;
    for (const Json& w : sat["weakest"]) {
      weak += weak.empty() ? "" : ", ";
      weak += str(w);
    }
    if (!weak.empty()) {
      page.paragraph(label(m, "weakest") + ": " + weak);
    }
  }
  page.end_section();

  // 3. Core problems.
  const Json& pr = m["problems"];
  page.begin_section("3. " + label(m, "problems"));
  if (pr.contains("note")) {
    page.note(str(pr["note"]));
  }
  if (!pr["issues"].empty()) {
    page.begin_charts();
    page.chart(pareto_chart(m));
    page.end_charts();
    render::Table t;
    t.header = {label(m, "issue"),  label(m, "count"),       label(m, "share"),         label(m, "previous"),
                label(m, "change"), label(m, "significant"), label(m, "new_customers"), label(m, "high_value")};
    for (const Json& r : pr["issues"]) {
      t.rows.push_back({str(r["label"]), integer(r["n"]), pct(r["share"]), pct(r["previous_share"]),
                        change_pts(r["change"]), sig(m, r["significant"]), pct(r.value("new_share", Json())),
                        pct(r.value("high_value_share", Json()))});
    }
    page.table(t);
    for (const Json& r : pr["issues"]) {
      if (r["examples"].empty()) {
        continue;
      }
      page.heading(3, fmt::format("{} · {}", str(r["label"]), label(m, "examples")));
      std::vector<render::Quote> quotes;
      for (const Json& e : r["examples"]) {
        quotes.push_back(
            {str(e["text"]), fmt::format("{} · {} · {}", str(e["feedback_id"]), str(e["received_at"]).substr(0, 10),
                                         e["score"].is_number() ? integer(e["score"]) + "/5" : "–")});
      }
      page.quotes(quotes);
    }
  }
  page.end_section();

  // 4. Trends.
  const Json& tr = m["trends"];
  page.begin_section("4. " + label(m, "trends"));
  page.begin_charts();
  page.chart(trend_chart(m));
  page.end_charts();
  {
    render::Table t;
    t.header = {label(m, "period"), label(m, "volume"), "CSAT"};
    const bool per1000 = tr.contains("complaints_per_1000");
    if (per1000) {
      t.header.push_back(label(m, "complaints_per_1000"));
    }
    for (const Json& is : tr["issues"]) {
      t.header.push_back(str(is["label"]));
    }
    t.header.push_back(label(m, "events"));
    for (std::size_t i = 0; i < tr["periods"].size(); ++i) {
      std::vector<render::Cell> row = {str(tr["periods"][i]), integer(tr["n"][i]), pct(tr["csat"][i])};
      if (per1000) {
        row.emplace_back(fixed(tr["complaints_per_1000"][i], 2));
      }
      for (const Json& is : tr["issues"]) {
        row.emplace_back(integer(is["n"][i]));
      }
      std::string ev;
      for (const Json& e : tr["events"]) {
        if (e["period"] == tr["periods"][i]) {
          ev += ev.empty() ? "" : "; ";
          ev += str(e["label"]);
        }
      }
      row.emplace_back(ev);
      t.rows.push_back(std::move(row));
    }
    page.table(t);
  }
  page.end_section();

  // 5. Follow-up.
  const Json& fu = m["followup"];
  page.begin_section("5. " + label(m, "followup"));
  {
    render::Table t;
    t.header = {"", ""};
    for (const char* k : {"closure_rate", "sla_rate", "revisit_rate", "second_sat"}) {
      if (fu.contains(k)) {
        render::Cell value(pct(fu[k]));
        if (std::string(k) == "revisit_rate" && is_num(fu[k])) {
          value = render::Cell(pct(fu[k]), num(fu[k]) >= num(fu["revisit_target"]) ? Status::ok : Status::alert);
        }
        t.rows.push_back({label(m, k), value});
      }
    }
    if (fu.contains("resolution_hours_median")) {
      const bool ok = !is_num(fu["resolution_hours_median"]) ||
                      num(fu["resolution_hours_median"]) <= num(fu["resolution_target_hours"]);
      t.rows.push_back({label(m, "median_resolution"),
                        render::Cell(fixed(fu["resolution_hours_median"], 1), ok ? Status::ok : Status::alert)});
    }
    t.rows.push_back(
        {label(m, "overdue"),
         render::Cell(integer(fu["overdue_total"]),
                      num(fu["overdue_total"]) <= num(fu["overdue_target"]) ? Status::ok : Status::alert)});
    t.rows.push_back({label(m, "vague"), integer(fu["vague_n"])});
    page.table(t);
  }
  if (fu.contains("status")) {
    render::Table t;
    t.header = {label(m, "status"), label(m, "count"), label(m, "share")};
    for (const Json& r : fu["status"]) {
      t.rows.push_back({str(r["label"]), integer(r["n"]), pct(r["share"])});
    }
    page.table(t);
  }
  if (fu.contains("by_department") && !fu["by_department"].empty()) {
    render::Table t;
    t.header = {label(m, "department"), label(m, "open"), label(m, "overdue")};
    for (const Json& r : fu["by_department"]) {
      t.rows.push_back({str(r["department"]), integer(r["open"]), integer(r["overdue"])});
    }
    page.table(t);
  }
  if (fu.contains("improvements") && !fu["improvements"].empty()) {
    page.heading(3, label(m, "improvements"));
    render::Table t;
    t.header = {label(m, "issue"),
                label(m, "date"),
                label(m, "action"),
                label(m, "before") + " n",
                label(m, "before") + " " + label(m, "mean"),
                label(m, "before") + " CSAT",
                label(m, "after") + " n",
                label(m, "after") + " " + label(m, "mean"),
                label(m, "after") + " CSAT",
                label(m, "change"),
                label(m, "significant")};
    for (const Json& r : fu["improvements"]) {
      const Json& b = r["before"];
      const Json& a = r["after"];
      t.rows.push_back({str(r["label"]), str(r["date"]), str(r["action"]), integer(b["n"]),
                        fixed(b["score_overall_mean"]), pct(b["csat"]), integer(a["n"]), fixed(a["score_overall_mean"]),
                        pct(a["csat"]), change_pts(r.value("csat_change", Json())),
                        sig(m, r.value("significant", Json()))});
    }
    page.table(t);
  }
  if (!fu["oldest_overdue"].empty()) {
    page.heading(3, label(m, "oldest_overdue"));
    render::Table t;
    t.header = {"ID", label(m, "department"), label(m, "due"), label(m, "days_overdue"), ""};
    for (const Json& r : fu["oldest_overdue"]) {
      t.rows.push_back({str(r["feedback_id"]), str(r["department"]), str(r["due_at"]).substr(0, 16),
                        fixed(r["days_overdue"], 1), str(r["text"])});
    }
    page.table(t);
  }
  if (!fu["vague"].empty()) {
    page.heading(3, label(m, "vague"));
    std::vector<render::Quote> quotes;
    for (const Json& r : fu["vague"]) {
      quotes.push_back({str(r["text"]), str(r["feedback_id"]) + " · " + str(r["received_at"]).substr(0, 10)});
    }
    page.quotes(quotes);
  }
  page.end_section();

  // 6. Agents.
  if (m.contains("agents")) {
    page.begin_section("6. " + label(m, "agents"));
    render::Table t;
    t.header = {label(m, "rank"), label(m, "agent"), "n", label(m, "mean"), "CSAT", label(m, "low_rate"), ""};
    for (const Json& r : m["agents"]["rows"]) {
      const bool small = r.value("low_n", false);
      t.rows.push_back({r.contains("rank") && r["rank"].is_number() ? integer(r["rank"]) : "–", str(r["agent_id"]),
                        integer(r["n"]), fixed(r.value("score_overall_mean", Json())), pct(r.value("csat", Json())),
                        pct(r.value("low_rate", Json())),
                        small ? render::Cell(label(m, "small_n"), Status::warn) : render::Cell("")});
    }
    page.table(t);
    page.end_section();
  }

  // 7. Actions.
  page.begin_section("7. " + label(m, "actions"));
  {
    render::Table t;
    t.header = {label(m, "issue"), label(m, "owner"), label(m, "action"), label(m, "deadline"), label(m, "expected")};
    for (const Json& a : m["actions"]) {
      t.rows.push_back(
          {str(a["label"]), str(a["department"]), str(a["action"]), str(a["deadline"]), str(a["expected"])});
    }
    page.table(t);
  }
  page.end_section();

  // 8. Method.
  page.begin_section("8. " + label(m, "method"));
  {
    render::Table t;
    t.caption = label(m, "definitions");
    t.header = {"", ""};
    for (const auto& [k, v] : m["method"]["definitions"].items()) {
      t.rows.push_back({k, str(v)});
    }
    page.table(t);
  }
  if (!m["method"]["quality"].empty()) {
    render::Table t;
    t.caption = label(m, "quality");
    t.header = {"file", "command", "read", "written", "rejected / removed", "reasons"};
    for (const Json& q : m["method"]["quality"]) {
      std::string reasons;
      if (q.contains("reasons")) {
        for (const auto& [k, v] : q["reasons"].items()) {
          if (v.is_number() && v.get<std::int64_t>() > 0) {
            reasons += reasons.empty() ? "" : ", ";
            reasons += k + " " + integer(v);
          }
        }
      }
      t.rows.push_back({str(q["file"]), str(q["command"]), integer(q["read"]), integer(q.value("written", Json())),
                        integer(q.contains("rejected") ? q["rejected"] : q.value("removed", Json())), reasons});
    }
    page.table(t);
  }
  page.end_section();
  return page.str();
}

// ------------------------------------------------------------------ markdown

namespace {

// Text safe in a Markdown table cell and inert if the Markdown is turned
// into HTML: no raw tags, no pipes, no line breaks, no control characters
// (ESC, OSC ...) that would act on a terminal showing it (escape_controls).
std::string md(std::string_view s) {
  std::string out;
  for (const char c : escape_controls(s, "\n\r")) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '|':
        out += "\\|";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '`':
        out += "\\`";
        break;
      case '*':
        out += "\\*";
        break;
      case '_':
        out += "\\_";
        break;
      case '[':
        out += "\\[";
        break;
      case ']':
        out += "\\]";
        break;
      case '\n':
        out += ' ';
        break;
      case '\r':
        break;
      default:
        out += c;
    }
  }
  return out;
}

void md_table(std::string& out, const std::vector<std::string>& header,
              const std::vector<std::vector<std::string>>& rows) {
  out += "|";
  for (const std::string& h : header) {
    out += " " + md(h) + " |";
  }
  out += "\n|";
  for (std::size_t i = 0; i < header.size(); ++i) {
    out += " --- |";
  }
  out += "\n";
  for (const auto& r : rows) {
    out += "|";
    for (const std::string& c : r) {
      out += " " + md(c) + " |";
    }
    out += "\n";
  }
  out += "\n";
}

}  // namespace

std::string to_markdown(const Json& m) {
  std::string out = "# " + md(title_of(m)) + "\n\n";
  const Json& rep = m["report"];
  out += md(fmt::format("{}: {} ({} – {}) · {}: {}", label(m, "period"), str(rep["period"]["key"]),
                        str(rep["period"]["from"]).substr(0, 10), str(rep["period"]["to"]).substr(0, 10),
                        label(m, "as_of"), str(rep["as_of"]))) +
         "\n\n";
  for (const Json& a : m["alerts"]) {
    out += "- **" + md(label(m, "alerts")) + "**: " + md(str(a)) + "\n";
  }
  out += m["alerts"].empty() ? "" : "\n";

  const Json& ov = m["overview"];
  out += "## 1. " + md(label(m, "overview")) + "\n\n";
  out += md(fmt::format("{}: {} · {}: {}", label(m, "feedback"), integer(ov["n"]), label(m, "previous"),
                        integer(ov["previous_n"]))) +
         "\n\n";
  if (ov.contains("channels")) {
    std::vector<std::vector<std::string>> rows;
    for (const Json& r : ov["channels"]) {
      rows.push_back(
          {str(r["label"]), integer(r["n"]), pct(r["share"]), pct(r["previous_share"]), sig(m, r["significant"])});
    }
    md_table(out,
             {label(m, "channel"), label(m, "count"), label(m, "share"), label(m, "previous"), label(m, "significant")},
             rows);
  }

  const Json& sat = m["satisfaction"];
  out += "## 2. " + md(label(m, "satisfaction")) + "\n\n";
  if (sat.contains("csat")) {
    const Json& c = sat["csat"];
    out += md(fmt::format("{}: {} ({} {}, {}) · {} {} · {} {} ({})", label(m, "csat"), pct(c["value"]),
                          label(m, "target"), pct(c["target"], 0),
                          c.value("met", false) ? label(m, "met") : label(m, "missed"), label(m, "previous"),
                          pct(c["previous"]), label(m, "change"), change_pts(c["change"]), sig(m, c["significant"]))) +
           "\n\n";
  }
  {
    std::vector<std::vector<std::string>> rows;
    for (const Json& d : sat["dimensions"]) {
      rows.push_back({str(d["label"]), integer(d["n"]), fixed(d["mean"]), fixed(d["target"]),
                      d.value("met", false) ? label(m, "met") : label(m, "missed"), fixed(d["previous_mean"]),
                      change_abs(d["change"]), sig(m, d["significant"])});
    }
    md_table(out,
             {label(m, "dimension"), "n", label(m, "mean"), label(m, "target"), "", label(m, "previous"),
              label(m, "change"), label(m, "significant")},
             rows);
  }

  const Json& pr = m["problems"];
  out += "## 3. " + md(label(m, "problems")) + "\n\n";
  {
    std::vector<std::vector<std::string>> rows;
    for (const Json& r : pr["issues"]) {
      rows.push_back(
          {str(r["label"]), integer(r["n"]), pct(r["share"]), change_pts(r["change"]), sig(m, r["significant"])});
    }
    md_table(out,
             {label(m, "issue"), label(m, "count"), label(m, "share"), label(m, "change"), label(m, "significant")},
             rows);
    for (const Json& r : pr["issues"]) {
      if (r["examples"].empty()) {
        continue;
      }
      out += "### " + md(str(r["label"])) + "\n\n";
      for (const Json& e : r["examples"]) {
        out += "> " + md(str(e["text"])) + " (" + md(str(e["feedback_id"])) + ")\n>\n";
      }
      out += "\n";
    }
  }

  const Json& tr = m["trends"];
  out += "## 4. " + md(label(m, "trends")) + "\n\n";
  {
    std::vector<std::string> header = {label(m, "period"), label(m, "volume"), "CSAT"};
    for (const Json& is : tr["issues"]) {
      header.push_back(str(is["label"]));
    }
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < tr["periods"].size(); ++i) {
      std::vector<std::string> row = {str(tr["periods"][i]), integer(tr["n"][i]), pct(tr["csat"][i])};
      for (const Json& is : tr["issues"]) {
        row.push_back(integer(is["n"][i]));
      }
      rows.push_back(std::move(row));
    }
    md_table(out, header, rows);
  }

  const Json& fu = m["followup"];
  out += "## 5. " + md(label(m, "followup")) + "\n\n";
  for (const char* k : {"closure_rate", "sla_rate", "revisit_rate", "second_sat"}) {
    if (fu.contains(k)) {
      out += "- " + md(label(m, k)) + ": " + pct(fu[k]) + "\n";
    }
  }
  if (fu.contains("resolution_hours_median")) {
    out += "- " + md(label(m, "median_resolution")) + ": " + fixed(fu["resolution_hours_median"], 1) + "\n";
  }
  out += "- " + md(label(m, "overdue")) + ": " + integer(fu["overdue_total"]) + "\n";
  out += "- " + md(label(m, "vague")) + ": " + integer(fu["vague_n"]) + "\n\n";
  if (fu.contains("improvements") && !fu["improvements"].empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const Json& r : fu["improvements"]) {
      rows.push_back({str(r["label"]), str(r["date"]), str(r["action"]), fixed(r["before"]["score_overall_mean"]),
                      pct(r["before"]["csat"]), fixed(r["after"]["score_overall_mean"]), pct(r["after"]["csat"]),
                      change_pts(r.value("csat_change", Json())), sig(m, r.value("significant", Json()))});
    }
    md_table(out,
             {label(m, "issue"), label(m, "date"), label(m, "action"), label(m, "before"), "CSAT", label(m, "after"),
              "CSAT", label(m, "change"), label(m, "significant")},
             rows);
  }
  if (!fu["oldest_overdue"].empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const Json& r : fu["oldest_overdue"]) {
      rows.push_back({str(r["feedback_id"]), str(r["department"]), str(r["due_at"]).substr(0, 16),
                      fixed(r["days_overdue"], 1), str(r["text"])});
    }
    md_table(out, {"ID", label(m, "department"), label(m, "due"), label(m, "days_overdue"), ""}, rows);
  }

  if (m.contains("agents")) {
    out += "## 6. " + md(label(m, "agents")) + "\n\n";
    std::vector<std::vector<std::string>> rows;
    for (const Json& r : m["agents"]["rows"]) {
      rows.push_back({r.contains("rank") && r["rank"].is_number() ? integer(r["rank"]) : "–", str(r["agent_id"]),
                      integer(r["n"]), fixed(r.value("score_overall_mean", Json())), pct(r.value("csat", Json())),
                      pct(r.value("low_rate", Json())), r.value("low_n", false) ? label(m, "small_n") : ""});
    }
    md_table(out, {label(m, "rank"), label(m, "agent"), "n", label(m, "mean"), "CSAT", label(m, "low_rate"), ""}, rows);
  }

  out += "## 7. " + md(label(m, "actions")) + "\n\n";
  {
    std::vector<std::vector<std::string>> rows;
    for (const Json& a : m["actions"]) {
      rows.push_back({str(a["label"]), str(a["department"]), str(a["action"]), str(a["deadline"]), str(a["expected"])});
    }
    md_table(out,
             {label(m, "issue"), label(m, "owner"), label(m, "action"), label(m, "deadline"), label(m, "expected")},
             rows);
  }
  out += "## 8. " + md(label(m, "method")) + "\n\n";
  for (const auto& [k, v] : m["method"]["definitions"].items()) {
    out += "- " + md(k) + ": " + md(str(v)) + "\n";
  }
  out += "\n";
  return out;
}

// ------------------------------------------------------------------ xlsx

render::XlsxBook to_xlsx(const Json& m) {
  using render::XlsxColumn;
  using render::XlsxType;
  using render::XlsxValue;
  render::XlsxBook book;
  book.title = title_of(m);
  book.author = "fbkit";
  // Deterministic: the as-of time is the document's creation time.
  if (const auto t = stats::parse_seconds(str(m["report"]["as_of"]))) {
    book.created = static_cast<std::time_t>(*t);
  }
  auto v = [](const Json& j) -> XlsxValue {
    if (j.is_number()) {
      return j.get<double>();
    }
    if (j.is_string()) {
      return j.get<std::string>();
    }
    if (j.is_boolean()) {
      return std::string(j.get<bool>() ? "yes" : "no");
    }
    return std::monostate{};
  };
  {
    render::XlsxSheet s;
    s.name = label(m, "overview");
    s.columns = {{label(m, "channel")},
                 {label(m, "count"), XlsxType::number},
                 {label(m, "share"), XlsxType::percent, 1},
                 {label(m, "previous"), XlsxType::percent, 1}};
    for (const Json& r : m["overview"].value("channels", Json::array())) {
      s.rows.push_back({v(r["label"]), v(r["n"]), v(r["share"]), v(r["previous_share"])});
    }
    s.charts.push_back({render::XlsxChartType::pie, label(m, "channel"), 0, {1}});
    book.sheets.push_back(std::move(s));
  }
  {
    render::XlsxSheet s;
    s.name = label(m, "satisfaction");
    s.columns = {{label(m, "dimension")},
                 {"n", XlsxType::number},
                 {label(m, "mean"), XlsxType::number, 2},
                 {label(m, "target"), XlsxType::number, 2},
                 {label(m, "previous"), XlsxType::number, 2},
                 {label(m, "significant")}};
    for (const Json& d : m["satisfaction"]["dimensions"]) {
      s.rows.push_back(
          {v(d["label"]), v(d["n"]), v(d["mean"]), v(d["target"]), v(d["previous_mean"]), v(d["significant"])});
    }
    s.charts.push_back({render::XlsxChartType::bar, label(m, "satisfaction"), 0, {2, 3}});
    book.sheets.push_back(std::move(s));
  }
  {
    render::XlsxSheet s;
    s.name = label(m, "problems");
    s.columns = {{label(m, "issue")},
                 {label(m, "count"), XlsxType::number},
                 {label(m, "share"), XlsxType::percent, 1},
                 {label(m, "previous"), XlsxType::percent, 1},
                 {label(m, "examples")}};
    for (const Json& r : m["problems"]["issues"]) {
      std::string ex;
      for (const Json& e : r["examples"]) {
        ex += ex.empty() ? "" : "\n";
        ex += str(e["text"]);
      }
      s.rows.push_back({v(r["label"]), v(r["n"]), v(r["share"]), v(r["previous_share"]), ex});
    }
    s.charts.push_back({render::XlsxChartType::column, label(m, "problems"), 0, {1}});
    book.sheets.push_back(std::move(s));
  }
  {
    const Json& tr = m["trends"];
    render::XlsxSheet s;
    s.name = label(m, "trends");
    s.columns = {{label(m, "period")}, {label(m, "volume"), XlsxType::number}, {"CSAT", XlsxType::percent, 1}};
    for (const Json& is : tr["issues"]) {
      s.columns.push_back({str(is["label"]), XlsxType::number});
    }
    for (std::size_t i = 0; i < tr["periods"].size(); ++i) {
      std::vector<XlsxValue> row = {v(tr["periods"][i]), v(tr["n"][i]), v(tr["csat"][i])};
      for (const Json& is : tr["issues"]) {
        row.push_back(v(is["n"][i]));
      }
      s.rows.push_back(std::move(row));
    }
    s.charts.push_back({render::XlsxChartType::column, label(m, "volume"), 0, {1}});
    s.charts.push_back({render::XlsxChartType::line, "CSAT", 0, {2}});
    book.sheets.push_back(std::move(s));
  }
  {
    const Json& fu = m["followup"];
    render::XlsxSheet s;
    s.name = label(m, "followup");
    s.columns = {
        {"ID"}, {label(m, "department")}, {label(m, "due")}, {label(m, "days_overdue"), XlsxType::number, 1}, {""}};
    for (const Json& r : fu["oldest_overdue"]) {
      s.rows.push_back({v(r["feedback_id"]), v(r["department"]), v(r["due_at"]), v(r["days_overdue"]), v(r["text"])});
    }
    book.sheets.push_back(std::move(s));
  }
  if (m.contains("agents")) {
    render::XlsxSheet s;
    s.name = label(m, "agents");
    s.columns = {{label(m, "rank"), XlsxType::number},
                 {label(m, "agent")},
                 {"n", XlsxType::number},
                 {label(m, "mean"), XlsxType::number, 2},
                 {"CSAT", XlsxType::percent, 1},
                 {label(m, "low_rate"), XlsxType::percent, 1},
                 {label(m, "small_n")}};
    for (const Json& r : m["agents"]["rows"]) {
      s.rows.push_back({v(r.value("rank", Json())), v(r["agent_id"]), v(r["n"]),
                        v(r.value("score_overall_mean", Json())), v(r.value("csat", Json())),
                        v(r.value("low_rate", Json())), v(r.value("low_n", Json()))});
    }
    book.sheets.push_back(std::move(s));
  }
  {
    render::XlsxSheet s;
    s.name = label(m, "actions");
    s.columns = {
        {label(m, "issue")}, {label(m, "owner")}, {label(m, "action")}, {label(m, "deadline")}, {label(m, "expected")}};
    for (const Json& a : m["actions"]) {
      s.rows.push_back({v(a["label"]), v(a["department"]), v(a["action"]), v(a["deadline"]), v(a["expected"])});
    }
    book.sheets.push_back(std::move(s));
  }
  return book;
}

}  // namespace fbkit::report
