#include <algorithm>

#include "report/sections.hpp"

namespace fbkit::report {

namespace {

bool ranked(const Json& r) {
  return r.contains("rank") && r["rank"].is_number();
}

// The first second of a window of `days` days that ends with the period.
std::int64_t window_from(const Periods& p, int days) {
  if (!p.timed) {
    return p.current.from;
  }
  return std::min(p.current.from, p.current.to + 1 - std::int64_t{days} * 86400);
}

}  // namespace

std::vector<int> agents_windows(const Config& cfg) {
  const int d = cfg.agents_window_days;
  return {d, 2 * d, 4 * d, 8 * d};
}

std::size_t agents_ranked(const Json& agents) {
  std::size_t n = 0;
  for (const Json& r : agents["metrics"]) {
    n += r["agent_id"] != "" && ranked(r) ? 1 : 0;
  }
  return n;
}

Query agents_query(const Periods& p, const Config& cfg, int days) {
  Query q;
  q.by = {"agent_id"};
  q.from = window_from(p, days);
  q.to = p.current.to;
  q.metrics = {stats::Metric::mean, stats::Metric::csat, stats::Metric::low};
  q.rank = "score_overall_mean";
  q.min_n = cfg.agents_min_n;
  return q;
}

// The best and the worst agents by mean score, with their intervals, over a
// window long enough to rank (agents_window_days ending with the period, or
// twice, four or eight times as long when too few agents can be ranked in it:
// a month holds about ten answers an agent, too few to tell anyone apart); the
// agents with fewer than agents_min_n answers listed apart; the rows without
// an agent_id never ranked (stats leaves a blank group unranked).
Json agents_section(const Frame& f, const Json& agents, int days) {
  Json ranked_rows = Json::array(), small = Json::array();
  for (const Json& r : agents["metrics"]) {
    if (r["agent_id"] == "") {
      continue;
    }
    if (ranked(r)) {
      ranked_rows.push_back(r);
    } else {
      small.push_back({{"agent_id", r["agent_id"]}, {"n", r["n"]}});
    }
  }
  std::stable_sort(ranked_rows.begin(), ranked_rows.end(),
                   [](const Json& a, const Json& b) { return a["rank"].get<double>() < b["rank"].get<double>(); });
  const auto listed = static_cast<std::size_t>(f.cfg.agents_listed);
  Json best = Json::array(), worst = Json::array();
  for (std::size_t i = 0; i < ranked_rows.size(); ++i) {
    if (i < listed) {
      best.push_back(ranked_rows[i]);
    } else if (i + listed >= ranked_rows.size()) {
      worst.push_back(ranked_rows[i]);  // the last ones not already among the best
    }
  }
  std::reverse(worst.begin(), worst.end());  // the worst first
  Json out = {{"min_n", f.cfg.agents_min_n},
              {"window_days", days},
              {"from", f.periods.timed ? Json(stats::format_seconds(window_from(f.periods, days))) : Json(nullptr)},
              {"to", f.periods.timed ? Json(stats::format_seconds(f.periods.current.to)) : Json(nullptr)},
              {"ranked", ranked_rows.size()},
              {"best", best},
              {"worst", worst},
              {"small_count", small.size()}};
  if (small.size() > listed * 2) {
    small.erase(small.begin() + static_cast<std::ptrdiff_t>(listed * 2), small.end());
  }
  out["small"] = small;
  return out;
}

}  // namespace fbkit::report
