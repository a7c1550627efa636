#include <algorithm>
#include <cmath>
#include <optional>

#include "report/sections.hpp"

namespace fbkit::report {

namespace {

// The rows of `issue` in each period of `keys`.
Json issue_counts(const Json& issues, const std::string& issue, const std::vector<std::string>& keys) {
  Json counts = Json::array();
  for (const std::string& k : keys) {
    std::int64_t n = 0;
    for (const Json& x : issues["metrics"]) {
      if (x["period"] == k && x["issue"] == issue) {
        n = x["n"].get<std::int64_t>();
      }
    }
    counts.push_back(n);
  }
  return counts;
}

// The trend's periods from the one the data starts in: those that end before
// the data's first received_at (`first`; none: no dated row) are no zero bars,
// while an empty period after it (an export outage) stays one. The report
// period itself always stays.
std::vector<std::string> from_data_start(stats::PeriodKind kind, const std::vector<std::string>& keys,
                                         std::optional<std::int64_t> first) {
  auto start = keys.begin();
  while (start + 1 < keys.end()) {
    const auto bounds = stats::period_bounds(kind, *start);
    if (first && bounds && bounds->to >= *first) {
      break;
    }
    ++start;
  }
  return {start, keys.end()};
}

}  // namespace

Json trends_section(const Frame& f, const Json& trend, const Json* issues, const std::vector<std::string>& top,
                    const std::vector<Event>& events, bool volumes, std::optional<std::int64_t> first) {
  const std::vector<std::string> keys = from_data_start(f.periods.current.kind, f.periods.trend, first);
  Json tr = Json::object();
  Json periods = Json::array(), vol = Json::array(), csat = Json::array(), per1000 = Json::array();
  for (const std::string& k : keys) {
    const Json* r = find_row(trend["metrics"], "period", k);
    periods.push_back(k);
    vol.push_back(r != nullptr ? (*r)["n"] : Json(0));
    const double c = number(r, "csat");
    csat.push_back(std::isnan(c) ? Json(nullptr) : Json(c));
    const double v = number(r, "complaints_per_1000");
    per1000.push_back(std::isnan(v) ? Json(nullptr) : Json(v));
  }
  tr["periods"] = periods;
  tr["n"] = vol;
  if (f.ctx.has("score_overall")) {  // without scores no CSAT column or line, rather than one of dashes
    tr["csat"] = csat;
  }
  if (volumes) {
    tr["complaints_per_1000"] = per1000;
  }
  Json series = Json::array();
  for (std::size_t i = 0; issues != nullptr && i < top.size() && static_cast<int>(i) < f.cfg.trend_issues; ++i) {
    series.push_back({{"issue", top[i]}, {"label", f.names.issue(top[i])}, {"n", issue_counts(*issues, top[i], keys)}});
  }
  tr["issues"] = series;
  Json marks = Json::array();
  for (const Event& e : events) {
    int y = 0, m = 0, d = 0;
    stats::civil_from_days(e.when / 86400, y, m, d);
    const std::string k = stats::period_key(f.periods.current.kind, y, m, d);
    if (std::find(keys.begin(), keys.end(), k) != keys.end()) {
      marks.push_back({{"period", k}, {"date", e.date}, {"label", e.label}});
    }
  }
  tr["events"] = marks;
  return tr;
}

}  // namespace fbkit::report
