// What the workbook shows that the page says in lines: CSAT, the low-score
// rate and NPS with the previous period, the change and its test, as tables
// (the html's status lines; the md's paragraph).
#include <string>
#include <vector>

#include "report/document.hpp"
#include "report/layout.hpp"

namespace fbkit::report::layout {

using render::XlsxType;

namespace {

// A row of a rate or of NPS: value, previous, year ago, change (points), test.
std::vector<Cell> rate_row(const Json& m, const std::string& key, const Json& c, bool points) {
  const auto num_cell = [&](const Json& j) -> Cell {
    if (!j.is_number()) {
      return Cell(render::XlsxValue{});
    }
    return {points ? layout::points(j) : pct(j), points ? j.get<double>() * 100 : j.get<double>()};
  };
  const Json change = c.value("change", Json());
  return {
      label(m, key),
      num_cell(c.value("value", Json())),
      num_cell(c.value("previous", Json())),
      num_cell(c.value("year_ago", Json())),
      {change_pts(m, change), change.is_number() ? render::XlsxValue{change.get<double>() * 100} : render::XlsxValue{}},
      sig_cell(m, c)};
}

Table rates_table(const Json& m, bool points) {
  Table t;
  t.shown = in_xlsx;
  const XlsxType type = points ? XlsxType::number : XlsxType::percent;
  t.columns = {{label(m, points ? "nps" : "csat_short")},
               {label(m, "current"), type, 1},
               {label(m, "previous"), type, 1, over_time(m, everywhere)},
               {label(m, "year_ago"), type, 1, over_time(m, everywhere)},
               {label(m, "change") + " (" + label(m, "pp") + ")", XlsxType::number, 1, over_time(m, everywhere)},
               {label(m, "significant_column"), XlsxType::text, 0, over_time(m, everywhere)}};
  return t;
}

}  // namespace

void draw_rates(const Json& m, Document& doc) {
  const Json& sat = m["satisfaction"];
  Table rates = rates_table(m, false);
  for (const std::string k : {"csat", "low_rate"}) {
    if (sat.contains(k)) {
      rates.rows.push_back(rate_row(m, k, sat[k], false));
    }
  }
  rates.sheet = label(m, "csat");
  if (!rates.rows.empty()) {
    doc.table(rates);
  }
  if (sat.contains("nps")) {
    Table nps = rates_table(m, true);
    nps.rows.push_back(rate_row(m, "nps", sat["nps"], true));
    nps.sheet = label(m, "nps");
    doc.table(nps);
  }
}

}  // namespace fbkit::report::layout
