// followup.improvements: the seeds verify an improvement by a second survey a
// month or two later; here, the issue's scores in the days before an action and
// after it.
#include <algorithm>

#include "report/sections.hpp"
#include "stats/tests.hpp"

namespace fbkit::report {

Query improvement_query(const Improvement& imp, bool after, int days, std::int64_t as_of) {
  const std::int64_t span = static_cast<std::int64_t>(days) * 86400;
  Query q;
  q.from = after ? imp.day : imp.day - span;
  q.to = after ? std::min(imp.day + span - 1, as_of) : imp.day - 1;
  q.metrics = {stats::Metric::mean, stats::Metric::csat};
  q.where = "issue=" + imp.issue;
  return q;
}

namespace {

// One side's window and figures.
Json side(const Query& q, const Json& block) {
  const Json* m = block["metrics"].empty() ? nullptr : &block["metrics"][0];
  return {{"from", stats::format_seconds(*q.from)},
          {"to", stats::format_seconds(*q.to)},
          {"n", m != nullptr ? (*m)["n"] : Json(0)},
          {"score_overall_n", m != nullptr && m->contains("score_overall_n") ? (*m)["score_overall_n"] : Json(0)},
          {"score_overall_mean", value_or_null(m, "score_overall_mean")},
          {"csat", value_or_null(m, "csat")}};
}

}  // namespace

Json improvement_item(const Frame& f, const Improvement& imp, const Answer& before, const Answer& after) {
  Json item = {{"issue", imp.issue}, {"label", f.names.issue(imp.issue)}, {"date", imp.date}, {"action", imp.action}};
  const int days = f.cfg.improvement_days;
  const Json b = side(improvement_query(imp, false, days, f.ctx.as_of), before.block);
  const Json a = side(improvement_query(imp, true, days, f.ctx.as_of), after.block);
  item["before"] = b;
  item["after"] = a;
  if (b["csat"].is_number() && a["csat"].is_number()) {
    const auto t = stats::csat_test(after.aggregate, before.aggregate);
    item["csat_change"] = a["csat"].get<double>() - b["csat"].get<double>();
    item["p_value"] = t ? t->p_value : 1.0;
    item["significant"] = t && t->p_value < 0.05;
  }
  return item;
}

}  // namespace fbkit::report
