#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "report/sections.hpp"

namespace fbkit::report {

Query counts_by(const Periods& p, const std::string& column) {
  Query q;
  q.by = {column};
  q.from = p.current.from;
  q.to = p.current.to;
  q.metrics = {stats::Metric::share};
  return q;
}

std::string department_column(const Context& ctx) {
  return ctx.has("route_department") ? "route_department" : ctx.has("department") ? "department" : "";
}

Query due_in_period_query(const Periods& p, const std::string& column) {
  Query q;
  if (!column.empty()) {
    q.by = {column};
  }
  q.metrics = {stats::Metric::open, stats::Metric::overdue};
  q.and_where = {"due_at>=" + stats::format_seconds(p.current.from), "due_at<=" + stats::format_seconds(p.current.to)};
  return q;
}

Query departments_query(const std::string& column, bool due) {
  Query q;
  q.by = {column};
  q.metrics = {stats::Metric::open};
  if (due) {
    q.metrics.push_back(stats::Metric::overdue);
  }
  return q;
}

namespace {

// The period's closed-loop metrics, against their targets.
Json closed_loop(const Frame& f, const Json& trend, Alerts& alerts) {
  const Json* cur = f.current_row(trend["metrics"]);
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
    // Fewer resolved items than stats' min_n: shown, marked, not alerted.
    const double n = number(cur, "resolution_n");
    fu["resolution_low_n"] = !std::isnan(n) && n < static_cast<double>(f.ctx.settings.min_n);
    if (med > cfg.resolution_target_hours && !fu["resolution_low_n"].get<bool>()) {
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
      rows.push_back({{"department", name},  // the data's value ('' when blank), as in oldest_overdue
                      {"department_label", f.names.department(name)},
                      {"open", r["open"]},
                      {"overdue", r.value("overdue", Json())}});
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Json& a, const Json& b) { return a["overdue"] > b["overdue"]; });
  return rows;
}

std::int64_t sum_overdue(const Json& block) {
  std::int64_t n = 0;
  for (const Json& r : block["metrics"]) {
    n += r.value("overdue", std::int64_t{0});
  }
  return n;
}

// Overdue at the as-of time: the items due in the period apart from the whole
// open backlog (every period's), and the alert on one of them (report.yaml
// targets.overdue_scope; the backlog when there is no period).
void overdue(const Frame& f, const FollowupInput& in, Json& fu, Alerts& alerts) {
  if (in.departments != nullptr) {
    fu["by_department"] = by_department(f, *in.departments, in.department);
  }
  if (!f.ctx.has("due_at")) {
    fu["overdue_note"] = f.cfg.label("overdue") + f.cfg.label("omitted_colon") + f.cfg.label("no_due_column");
    return;
  }
  // The backlog is stats' (every department); the scan lists the oldest of the same items.
  const std::int64_t backlog = in.departments != nullptr ? sum_overdue(*in.departments) : in.facts.overdue.count();
  fu["overdue_total"] = backlog;
  const bool period = f.periods.timed && f.cfg.overdue_scope == "period" && in.due_in_period != nullptr;
  if (in.due_in_period != nullptr) {
    fu["overdue_in_period"] = sum_overdue(*in.due_in_period);
  }
  fu["overdue_scope"] = period ? "period" : "backlog";
  fu["overdue_target"] = f.cfg.overdue_target;
  const std::int64_t alerted = period ? fu["overdue_in_period"].get<std::int64_t>() : backlog;
  if (static_cast<double>(alerted) > f.cfg.overdue_target) {
    const std::string label = f.cfg.label(period ? "overdue_in_period" : "overdue_backlog");
    alerts.add(
        fmt::format("{} overdue items{} > {:.0f}", alerted, period ? " due in the period" : "", f.cfg.overdue_target),
        fmt::format("{} {} > {:.0f}", label, alerted, f.cfg.overdue_target));
  }
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
  overdue(f, in, fu, alerts);
  if (in.improvements != nullptr) {
    fu["improvements"] = *in.improvements;
  }
  Json oldest = Json::array();
  for (const stats::OverdueItem& item : in.facts.overdue.oldest()) {
    oldest.push_back(overdue_json(item, f.ctx.as_of));
    oldest.back()["department_label"] = f.names.department(item.department);  // a blank one as (blank)
  }
  fu["oldest_overdue"] = oldest;
  fu["vague_n"] = in.facts.vague_n;
  fu["vague"] = in.facts.vague;
  return fu;
}

}  // namespace fbkit::report
