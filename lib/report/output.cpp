// The report's three forms (report.hpp): the sections (layout.cpp) drawn
// on an html, md or xlsx Document (document.hpp); and what the sections share:
// the model's values as text and cells, and the SVG charts.
#include <fmt/core.h>

#include <cmath>
#include <string>
#include <variant>

#include "render/svg.hpp"
#include "report/document.hpp"
#include "report/layout.hpp"
#include "report/report.hpp"
#include "stats/period.hpp"
#include "stats/spec.hpp"

namespace fbkit::report {

namespace layout {

std::string label(const Json& m, const std::string& key) {
  const Json& l = m["labels"];
  return l.contains(key) ? l[key].get<std::string>() : key;
}

double num(const Json& j) {
  return j.is_number() ? j.get<double>() : std::nan("");
}

std::string pct(const Json& j, int decimals) {
  return j.is_number() ? fmt::format("{:.{}f}%", j.get<double>() * 100, decimals) : "–";
}

std::string fixed(const Json& j, int decimals) {
  return j.is_number() ? fmt::format("{:.{}f}", j.get<double>(), decimals) : "–";
}

std::string integer(const Json& j) {
  return j.is_number() ? fmt::format("{}", j.get<std::int64_t>()) : "–";
}

std::string str(const Json& j) {
  return j.is_string() ? j.get<std::string>() : "";
}

std::string change_pts(const Json& m, const Json& j) {
  return j.is_number() ? fmt::format("{:+.1f} {}", j.get<double>() * 100, label(m, "pp")) : "–";
}

std::string points(const Json& j, bool sign) {
  if (!j.is_number()) {
    return "–";
  }
  return sign ? fmt::format("{:+.1f}", j.get<double>() * 100) : fmt::format("{:.1f}", j.get<double>() * 100);
}

std::string change_abs(const Json& j) {
  return j.is_number() ? fmt::format("{:+.2f}", j.get<double>()) : "–";
}

std::string sig(const Json& m, const Json& x) {
  const Json j = x.value("significant", Json());
  if (!j.is_boolean()) {
    return "–";  // no test: too few answers, too few events or no variance (stats' test_note)
  }
  std::string out = j.get<bool>() ? label(m, "significant") : label(m, "not_significant");
  if (const Json q = x.value("q_value", Json()); q.is_number()) {
    out += fmt::format(", q {:.3f}", q.get<double>());  // the corrected p the verdict rests on
  }
  return out;
}

std::string title_of(const Json& m) {
  std::string scope;  // --where department=售后服务部: "· 售后服务部"; other conditions as written
  for (const Json& w : m["report"].value("where", Json::array())) {
    const stats::Filter f = stats::parse_filter(str(w));
    const Json shown = m["report"].value("where_labels", Json::object());  // a department's label
    std::string values;
    for (const std::string& v : f.values) {
      values += (values.empty() ? "" : ", ") + shown.value(f.column + "=" + v, v);
    }
    scope += " · " + (f.op == stats::Filter::Op::in ? values : str(w));
  }
  if (m["report"].contains("no_period")) {  // no time column: no month to name, and "all" is no word of a zh page
    return label(m, "title_no_period") + scope;
  }
  return fmt::format("{} · {}{}", label(m, "title"), str(m["report"]["period"]["key"]), scope);
}

bool has_previous(const Json& m) {
  return !m["report"].contains("no_period");
}

unsigned over_time(const Json& m, unsigned shown) {
  return has_previous(m) ? shown : 0U;
}

render::XlsxValue value(const Json& j) {
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
}

Cell text_cell(const Json& j) {
  return {str(j), value(j)};
}

Cell int_cell(const Json& j) {
  return {integer(j), value(j)};
}

Cell pct_cell(const Json& j) {
  return {pct(j), value(j)};
}

Cell fixed_cell(const Json& j, int decimals) {
  return {fixed(j, decimals), value(j)};
}

Cell pts_cell(const Json& m, const Json& j) {
  return {change_pts(m, j), value(j)};
}

Cell abs_cell(const Json& j) {
  return {change_abs(j), value(j)};
}

Cell sig_cell(const Json& m, const Json& x) {
  return {sig(m, x), value(x.value("significant", Json()))};
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
  c.cumulative_name = label(m, "cumulative_share");
  for (const Json& r : m["problems"]["issues"]) {
    c.items.push_back({str(r["label"]), num(r["n"])});
  }
  // Cumulative over every problem row, not only the listed issues' (stats' shares add up to it).
  c.total = num(m["problems"].value("rows_n", Json()));
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
  c.secondary.name = label(m, "csat_short");
  c.secondary.scale = render::Scale::share;
  for (const Json& v : t.value("csat", Json::array())) {
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

}  // namespace layout

std::string to_html(const Json& m) {
  HtmlDocument doc(layout::str(m["report"]["lang"]) == "zh" ? "zh-CN" : "en");
  draw_report(m, doc);
  return doc.str();
}

std::string to_markdown(const Json& m) {
  MarkdownDocument doc;
  draw_report(m, doc);
  return doc.str();
}

render::XlsxBook to_xlsx(const Json& m, const render::Table* detail) {
  // Deterministic: the as-of time is the document's creation time.
  std::time_t created = 0;
  if (const auto t = stats::parse_seconds(layout::str(m["report"]["as_of"]))) {
    created = static_cast<std::time_t>(*t);
  }
  XlsxDocument doc(created);
  draw_report(m, doc);
  render::XlsxBook book = doc.book();
  if (detail != nullptr && !detail->columns.empty()) {
    render::XlsxSheet sheet;
    static_cast<render::Table&>(sheet) = *detail;
    sheet.name = layout::label(m, "detail");
    book.sheets.push_back(std::move(sheet));
  }
  return book;
}

}  // namespace fbkit::report
