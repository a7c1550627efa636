#include "report/plan.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "report/tone.hpp"
#include "stats/aggregate.hpp"

namespace fbkit::report {

namespace {

// Fits the planned queries to the data: only the metrics it has the columns
// for (stats' rule, as its default --metrics), so an export without scores or
// without status/due_at gets its report; without received_at, every row.
void fit_to_data(std::vector<Query>& queries, const Context& ctx, bool timed) {
  const stats::Layout answerable = stats::make_layout(stats::Query{}, ctx.settings, ctx.header, "");
  for (Query& q : queries) {
    if (q.metrics.empty()) {
      continue;  // stats' default: every metric it can answer
    }
    const auto missing = [&](stats::Metric m) {
      return std::find(answerable.metrics.begin(), answerable.metrics.end(), m) == answerable.metrics.end();
    };
    q.metrics.erase(std::remove_if(q.metrics.begin(), q.metrics.end(), missing), q.metrics.end());
    if (q.metrics.empty()) {
      q.metrics = {stats::Metric::share};  // the counts (none asked would mean every metric)
    }
  }
  if (!timed) {
    // No received_at: every query over every row, nothing compared over time.
    for (Query& q : queries) {
      q.period = stats::PeriodKind::none;
      q.from.reset();
      q.to.reset();
      q.compare = false;
      q.family_per_period = false;
    }
  }
}

}  // namespace

Plan plan_queries(const Frame& f, const Options& options, const std::vector<Improvement>& improvements) {
  const Context& ctx = f.ctx;
  Plan plan;
  plan.trend = plan.add(trend_query(f.periods, options.volumes));
  if (ctx.has("channel")) {
    plan.channels = plan.add(channels_query(f.periods));
  }
  const bool sentiment = ctx.has("sentiment"), score = ctx.has("score_overall");
  if (ctx.has("issue")) {
    plan.issues = plan.add(issues_query(f.periods, tone_where(Tone::problem, sentiment, score, f.names.no_text)));
  }
  if (ctx.has("status")) {
    plan.status = plan.add(counts_by(f.periods, "status"));
    plan.department = department_column(ctx);
    if (!plan.department.empty()) {
      plan.departments = plan.add(departments_query(plan.department, ctx.has("due_at")));
    }
    if (ctx.has("due_at") && f.periods.timed) {
      plan.due_in_period = plan.add(due_in_period_query(f.periods, plan.department));
    }
  }
  for (const Improvement& imp : f.periods.timed ? improvements : std::vector<Improvement>{}) {
    for (const bool after : {false, true}) {
      plan.improvements.push_back(plan.add(improvement_query(imp, after, f.cfg.improvement_days, ctx.as_of)));
    }
  }
  if (ctx.has("agent_id") && ctx.has("score_overall")) {
    for (const int days : agents_windows(f.cfg)) {
      plan.agent_windows.push_back(plan.add(agents_query(f.periods, f.cfg, days)));
      if (!f.periods.timed) {
        break;  // one window: every row
      }
    }
  }
  // summary, kpi and sentiment mix
  if (ctx.has("sentiment")) {
    plan.sentiment = plan.add(sentiment_query(f));
  }
  if (ctx.has("urgency")) {
    plan.urgency = plan.add(counts_by(f.periods, "urgency"));
  }
  // #16: what customers like, and the urgent items.
  if (ctx.has("issue") && (sentiment || score)) {
    plan.praise = plan.add(praise_query(f.periods, tone_where(Tone::praise, sentiment, score, f.names.no_text)));
    if (ctx.has("praise_aspect")) {
      plan.praise_aspects = plan.add(
          praise_query(f.periods, tone_where(Tone::praise, sentiment, score, f.names.no_text), "praise_aspect"));
    }
  }
  if (ctx.has("issue") && !no_text_where(Tone::problem, sentiment, score, f.names.no_text).empty()) {
    plan.no_text_problem =
        plan.add(no_text_query(f.periods, no_text_where(Tone::problem, sentiment, score, f.names.no_text)));
    plan.no_text_praise =
        plan.add(no_text_query(f.periods, no_text_where(Tone::praise, sentiment, score, f.names.no_text)));
  }
  if (ctx.has("urgency")) {
    plan.urgent = plan.add(urgent_query(f.periods));
  }
  fit_to_data(plan.queries, ctx, f.periods.timed);
  return plan;
}

Json stats_blocks(const Plan& plan, const std::vector<Answer>& answers) {
  Json blocks = Json::object();
  const auto put = [&](const char* name, std::size_t at) {
    if (at != Plan::kNone) {
      blocks[name] = answers[at].block;
    }
  };
  put("channels", plan.channels);
  put("trend", plan.trend);
  put("issues", plan.issues);
  put("status", plan.status);
  put("departments", plan.departments);
  put("due_in_period", plan.due_in_period);
  for (std::size_t i = 0; i < plan.improvements.size(); ++i) {
    blocks[fmt::format("improvement-{}-{}", i / 2, i % 2 == 0 ? "before" : "after")] =
        answers[plan.improvements[i]].block;
  }
  put("agents", plan.agents);
  put("sentiment", plan.sentiment);
  put("urgency", plan.urgency);
  put("praise", plan.praise);
  put("praise_aspects", plan.praise_aspects);
  put("urgent", plan.urgent);
  put("no_text_problem", plan.no_text_problem);
  put("no_text_praise", plan.no_text_praise);
  return blocks;
}

}  // namespace fbkit::report
