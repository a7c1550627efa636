#include <fmt/core.h>

#include <algorithm>

#include "report/sections.hpp"

namespace fbkit::report {

Query status_query(const Periods& p) {
  Query q;
  q.by = {"status"};
  q.from = p.current.from;
  q.to = p.current.to;
  q.metrics = {stats::Metric::share};
  return q;
}

std::string department_column(const Context& ctx) {
  return ctx.has("route_department") ? "route_department" : ctx.has("department") ? "department" : "";
}

Query departments_query(const std::string& column) {
  Query q;
  q.by = {column};
  q.metrics = {stats::Metric::open, stats::Metric::overdue};
  return q;
}

namespace {

// The period's closed-loop metrics, against their targets.
Json closed_loop(const Frame& f, const Json& trend, Alerts& alerts) {
  const Json* cur = find_row(trend["metrics"], "period", f.periods.current.key);
  Json fu = Json::object();
  for (const char* m : {"closure_rate", "sla_rate", "revisit_rate", "second_sat", "fcr_rate", "resolution_hours_median",
                        "resolution_hours_mean", "open", "overdue"}) {
    if (cur != nullptr && cur->contains(m)) {
      fu[m] = (*cur)[m];
    }
  }
  const Config& cfg = f.cfg;
  if (fu.contains("resolution_hours_median") && fu["resolution_hours_median"].is_number()) {
    const double med = fu["resolution_hours_median"].get<double>();
    fu["resolution_target_hours"] = cfg.resolution_target_hours;
    if (med > cfg.resolution_target_hours) {
      alerts.add(fmt::format("median resolution {:.1f} h > {:.0f} h", med, cfg.resolution_target_hours),
                 fmt::format("{} {:.1f} > {:.0f}", cfg.label("median_resolution"), med, cfg.resolution_target_hours));
    }
  }
  if (fu.contains("revisit_rate") && fu["revisit_rate"].is_number()) {
    const double rate = fu["revisit_rate"].get<double>();
    fu["revisit_target"] = cfg.revisit_target;
    if (rate < cfg.revisit_target) {
      alerts.add(fmt::format("revisit rate {} < {}", percent(rate), percent(cfg.revisit_target)),
                 fmt::format("{} {} < {}", cfg.label("revisit_rate"), percent(rate), percent(cfg.revisit_target)));
    }
  }
  return fu;
}

Json by_department(const Frame& f, const Json& departments, const std::string& column) {
  Json rows = Json::array();
  for (const Json& r : departments["metrics"]) {
    if (r.value("overdue", std::int64_t{0}) > 0 || r.value("open", std::int64_t{0}) > 0) {
      const std::string name = r[column].get<std::string>();
      rows.push_back(
          {{"department", name.empty() ? f.names.blank : name}, {"open", r["open"]}, {"overdue", r["overdue"]}});
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Json& a, const Json& b) { return a["overdue"] > b["overdue"]; });
  return rows;
}

}  // namespace

Json followup_section(const Frame& f, const FollowupInput& in, Alerts& alerts) {
  Json fu = closed_loop(f, in.trend, alerts);
  if (in.status != nullptr) {
    Json counts = Json::array();
    for (const Json& r : (*in.status)["metrics"]) {
      const std::string code = r["status"].get<std::string>();
      counts.push_back(
          {{"status", code}, {"label", f.names.code("status", code)}, {"n", r["n"]}, {"share", r["share"]}});
    }
    fu["status"] = counts;
  }
  // The total is stats' (every department); the scan lists the oldest of the same items.
  std::int64_t overdue_total = in.facts.overdue.count();
  if (in.departments != nullptr) {
    fu["by_department"] = by_department(f, *in.departments, in.department);
    overdue_total = 0;
    for (const Json& r : (*in.departments)["metrics"]) {
      overdue_total += r.value("overdue", std::int64_t{0});
    }
  }
  fu["overdue_total"] = overdue_total;
  fu["overdue_target"] = f.cfg.overdue_target;
  if (static_cast<double>(overdue_total) > f.cfg.overdue_target) {
    alerts.add(fmt::format("{} overdue items > {:.0f}", overdue_total, f.cfg.overdue_target),
               fmt::format("{} {} > {:.0f}", f.cfg.label("overdue"), overdue_total, f.cfg.overdue_target));
  }
  if (in.improvements != nullptr) {
    fu["improvements"] = *in.improvements;
  }
  Json oldest = Json::array();
  for (const stats::OverdueItem& item : in.facts.overdue.oldest()) {
    oldest.push_back(overdue_json(item, f.ctx.as_of));
  }
  fu["oldest_overdue"] = oldest;
  fu["vague_n"] = in.facts.vague_n;
  fu["vague"] = in.facts.vague;
  return fu;
}

}  // namespace fbkit::report
