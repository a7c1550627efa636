// build(): the orchestrator of the report's model. It checks the options, reads
// the configuration and the user's small files, chooses the as-of time and the
// periods, plans every section's stats queries, answers them all in one reading
// of the inputs (with the row scan alongside), and calls the sections in order.
#include "report/report.hpp"

#include <fmt/core.h>

#include <memory>

#include "config/config.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "report/config.hpp"
#include "report/context.hpp"
#include "report/detail.hpp"
#include "report/query.hpp"
#include "report/rows.hpp"
#include "report/scope.hpp"
#include "report/sections.hpp"
#include "report/user_files.hpp"
#include "stats/settings.hpp"

namespace fbkit::report {

namespace {

// Usage mistakes before any work: the language, and option files that cannot be read.
void check_options(const Options& options) {
  if (options.lang != "zh" && options.lang != "en") {
    throw UsageError("--lang: expected zh or en, not '" + options.lang + "'");
  }
  auto readable = [](const std::string& path, const char* option) {
    if (path.empty()) {
      return;
    }
    try {
      FileSource probe(path);
    } catch (const IoError& e) {
      throw UsageError(std::string(option) + ": " + e.what());
    }
  };
  readable(options.events, "--events");
  readable(options.volumes, "--volumes");
  readable(options.invitations, "--invitations");
  readable(options.improvements, "--improvements");
  for (const std::string& q : options.quality) {
    readable(q, "--quality");
  }
}

// The stats queries of every section, in the order they were always run (the
// first that cannot be answered names its error), and where each answer is.
struct Plan {
  std::vector<Query> queries;
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t trend = kNone, channels = kNone, issues = kNone, status = kNone, departments = kNone, agents = kNone;
  std::vector<std::size_t> agent_windows;  // one query per window tried; `agents` is the one shown
  std::vector<std::size_t> improvements;   // before, after of each
  std::string department;                  // the departments query's column

  std::size_t add(Query q) {
    queries.push_back(std::move(q));
    return queries.size() - 1;
  }
};

Plan plan_queries(const Frame& f, const Options& options, const std::vector<Improvement>& improvements) {
  const Context& ctx = f.ctx;
  Plan plan;
  plan.trend = plan.add(trend_query(f.periods, options.volumes));
  if (ctx.has("channel")) {
    plan.channels = plan.add(channels_query(f.periods));
  }
  if (ctx.has("issue")) {
    plan.issues = plan.add(issues_query(f.periods));
  }
  if (ctx.has("status")) {
    plan.status = plan.add(status_query(f.periods));
    plan.department = department_column(ctx);
    if (!plan.department.empty()) {
      plan.departments = plan.add(departments_query(plan.department));
    }
  }
  for (const Improvement& imp : improvements) {
    for (const bool after : {false, true}) {
      plan.improvements.push_back(plan.add(improvement_query(imp, after, f.cfg.improvement_days, ctx.as_of)));
    }
  }
  if (ctx.has("agent_id") && ctx.has("score_overall")) {
    for (const int days : agents_windows(f.cfg)) {
      plan.agent_windows.push_back(plan.add(agents_query(f.periods, f.cfg, days)));
    }
  }
  return plan;
}

// Every stats result the model rests on, by name, in the model's order.
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
  for (std::size_t i = 0; i < plan.improvements.size(); ++i) {
    blocks[fmt::format("improvement-{}-{}", i / 2, i % 2 == 0 ? "before" : "after")] =
        answers[plan.improvements[i]].block;
  }
  put("agents", plan.agents);
  return blocks;
}

}  // namespace

Built build(const Options& options) {
  check_options(options);
  const config::Store store(options.config_dir);
  const Config cfg = load_config(store, options.lang);
  const Names names = load_names(store, options.lang, cfg.label("blank"));
  std::unique_ptr<StdinSpool> spool;
  Context ctx = open_inputs(options.inputs, stats::load_settings(store.get("stats.yaml")), spool);
  std::vector<std::string> warnings;
  ctx.as_of = choose_as_of(options.as_of, ctx, warnings);  // the first reading, without --as-of
  const Periods periods = periods_of(options.period, ctx.as_of, cfg.trend_periods);
  const Frame f{cfg, names, periods, ctx};

  // The user's files, each read once.
  const std::vector<Event> events = options.events.empty() ? std::vector<Event>{} : read_events(options.events);
  const std::map<std::string, double> invitations = options.invitations.empty() || !ctx.has("channel")
                                                        ? std::map<std::string, double>{}
                                                        : read_invitations(options.invitations);
  const std::vector<Improvement> improvements =
      options.improvements.empty() ? std::vector<Improvement>{} : read_improvements(options.improvements);
  Json quality = read_quality(options.quality);

  // Every query and the row scan in one reading of the inputs.
  Plan plan = plan_queries(f, options, improvements);
  RowScanner scanner(periods.current, ctx.as_of, cfg);
  scope_queries(plan.queries, options.where);          // --where: every query and the row scan
  DetailRows detail(periods.current, options.detail);  // the workbook's detail sheet
  ScopedRows scoped(options.where, {&scanner, &detail});
  const std::vector<Answer> answers = run_queries(ctx, plan.queries, &scoped);
  const RowFacts facts = scanner.take();
  const auto block = [&](std::size_t at) { return at == Plan::kNone ? nullptr : &answers[at].block; };
  const Json& trend = answers[plan.trend].block;
  const std::vector<std::string> top =
      plan.issues == Plan::kNone ? std::vector<std::string>{} : top_issues(f, *block(plan.issues));

  Json model = Json::object();
  Alerts alerts;
  model["report"] = header_section(f, options.lang);
  if (!options.where.empty()) {
    model["report"]["where"] = options.where;
  }
  model["labels"] = cfg.labels;
  model["overview"] = overview_section(f, trend, block(plan.channels), invitations);
  model["satisfaction"] = satisfaction_section(f, trend, alerts);
  model["problems"] = problems_section(f, block(plan.issues), top, facts);
  model["trends"] = trends_section(f, trend, block(plan.issues), top, events, !options.volumes.empty());
  Json improved = Json::array();
  for (std::size_t i = 0; i < improvements.size(); ++i) {
    improved.push_back(
        improvement_item(f, improvements[i], answers[plan.improvements[2 * i]], answers[plan.improvements[2 * i + 1]]));
  }
  FollowupInput followup{trend, block(plan.status), block(plan.departments), plan.department, nullptr, facts};
  if (!options.improvements.empty()) {
    followup.improvements = &improved;
  }
  model["followup"] = followup_section(f, followup, alerts);
  if (!plan.agent_windows.empty()) {
    // The shortest window in which enough agents can be ranked.
    const std::vector<int> days = agents_windows(cfg);
    std::size_t w = 0;
    while (w + 1 < days.size() &&
           agents_ranked(answers[plan.agent_windows[w]].block) < 2 * static_cast<std::size_t>(cfg.agents_listed)) {
      ++w;
    }
    plan.agents = plan.agent_windows[w];
    model["agents"] = agents_section(f, answers[plan.agents].block, days[w]);
  }
  model["actions"] = actions_section(f, top);
  model["method"] = method_section(cfg, std::move(quality));
  model["stats"] = stats_blocks(plan, answers);
  model["alerts"] = alerts.lines;
  return Built{std::move(model), std::move(alerts.breaches), std::move(warnings), detail.take()};
}

}  // namespace fbkit::report
