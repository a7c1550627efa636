#include <algorithm>

#include "report/sections.hpp"

namespace fbkit::report {

Query agents_query(const Periods& p, const Config& cfg) {
  Query q;
  q.by = {"agent_id"};
  q.from = p.current.from;
  q.to = p.current.to;
  q.metrics = {stats::Metric::mean, stats::Metric::csat, stats::Metric::low};
  q.rank = "score_overall_mean";
  q.min_n = cfg.agents_min_n;
  return q;
}

Json agents_section(const Frame& f, const Json& agents) {
  Json rows = Json::array();
  for (const Json& r : agents["metrics"]) {
    if (r["agent_id"] != "") {
      rows.push_back(r);
    }
  }
  // Ranked rows first (by rank), then the small ones.
  std::stable_sort(rows.begin(), rows.end(), [](const Json& a, const Json& b) {
    const bool ra = a.contains("rank") && a["rank"].is_number();
    const bool rb = b.contains("rank") && b["rank"].is_number();
    if (ra != rb) {
      return ra;
    }
    return ra && a["rank"].get<double>() < b["rank"].get<double>();
  });
  if (rows.size() > static_cast<std::size_t>(f.cfg.agents_listed)) {
    rows.erase(rows.begin() + f.cfg.agents_listed, rows.end());
  }
  return {{"min_n", f.cfg.agents_min_n}, {"rows", rows}};
}

}  // namespace fbkit::report
