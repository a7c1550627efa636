// build(): the orchestrator of the report's model. It checks the options, reads
// the configuration and the user's small files, chooses the as-of time and the
// periods, plans every section's stats queries, answers them all in one reading
// of the inputs (with the row scan alongside), and calls the sections in order.
#include "report/report.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <memory>
#include <optional>

#include "config/config.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/strings.hpp"
#include "report/config.hpp"
#include "report/context.hpp"
#include "report/detail.hpp"
#include "report/language.hpp"
#include "report/plan.hpp"
#include "report/query.hpp"
#include "report/rows.hpp"
#include "report/scope.hpp"
#include "report/sections.hpp"
#include "report/tone.hpp"
#include "report/user_files.hpp"
#include "stats/aggregate.hpp"
#include "stats/settings.hpp"

namespace fbkit::report {

namespace {

// Usage mistakes before any work: the language, and option files that cannot be read.
void check_options(const Options& options) {
  if (options.lang != "zh" && options.lang != "en" && options.lang != "auto") {
    throw UsageError("--lang: expected auto, zh or en, not '" + options.lang + "'");
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

// The period's rows; a default period (cron's) that holds none while the data
// has rows is a failure (exit 1) with the hint, not an empty report mailed as
// rc 0. The choice is said on standard error.
std::int64_t check_period(const Frame& f, const Options& options, const Json& trend, const RowFacts& facts,
                          std::vector<std::string>& notes) {
  const Json* cur = f.current_row(trend["metrics"]);
  const std::int64_t n = cur != nullptr ? (*cur)["n"].get<std::int64_t>() : 0;
  if (!f.periods.timed) {
    notes.push_back(f.ctx.undated
                        ? fmt::format("no row has a date in received_at: all {} rows, no period", n)
                        : fmt::format("no time column (received_at) in {}: all {} rows, no period", f.ctx.untimed, n));
    return n;
  }
  const Period& p = f.periods.current;
  const std::string as_of = stats::format_seconds(f.ctx.as_of);
  const std::string chosen = period_by_default(options.period)
                                 ? fmt::format("period {}, the last full month before --as-of {}", p.key, as_of)
                                 : fmt::format("period {}", p.key);
  if (n == 0) {
    const auto month = [](std::int64_t t) { return stats::format_seconds(t).substr(0, 7); };
    std::string span = facts.dated > 0
                           ? fmt::format("the data runs from {} to {}", month(facts.first), month(facts.last))
                           : std::string("no row of the data has a received_at");
    if (facts.future > 0) {  // the hint names the newest month before --as-of, not a bogus future one
      span += fmt::format(", {} row{} after --as-of", facts.future, facts.future == 1 ? "" : "s");
    }
    const bool past = facts.dated > facts.future;
    if (period_by_default(options.period)) {
      throw DataError(fmt::format("{} holds no rows ({}): name the month with --range YYYY-MM{}", chosen, span,
                                  past ? ", e.g. --range " + month(facts.last_past) : ""));
    }
    notes.push_back(fmt::format("{} holds no rows ({})", chosen, span));
    return n;
  }
  if (period_by_default(options.period)) {
    notes.push_back(fmt::format("{}: {} row{}", chosen, n, n == 1 ? "" : "s"));
  }
  return n;
}

// The agents section over the shortest window in which enough agents can be ranked.
Json agents_model(const Frame& f, Plan& plan, const std::vector<Answer>& answers) {
  const std::vector<int> days = agents_windows(f.cfg);
  std::size_t w = 0;
  while (w + 1 < plan.agent_windows.size() &&
         agents_ranked(answers[plan.agent_windows[w]].block) < 2 * static_cast<std::size_t>(f.cfg.agents_listed)) {
    ++w;
  }
  plan.agents = plan.agent_windows[w];
  return agents_section(f, answers[plan.agents].block, days[w]);
}

// The header with what was chosen: the period's rule and rows, or "no period".
// The labels of the departments --where names ("route_department=质量部" -> Quality in
// an English title); other conditions are shown as written.
Json where_labels(const Names& names, const std::vector<std::string>& where) {
  Json out = Json::object();
  for (const stats::Filter& f : parse_where(where)) {
    if (f.column == "route_department" || f.column == "department") {
      for (const std::string& v : f.values) {
        out[f.column + "=" + v] = names.department(v);
      }
    }
  }
  return out;
}

Json header_of(const Frame& f, const Options& options, const std::string& lang, std::int64_t n, const RowFacts& facts) {
  Json header = header_section(f, lang);
  header["rows"] = n;
  if (facts.dated > facts.future) {  // the data's own last date, beside the as-of time (which is no date of the data)
    header["data_last"] = stats::format_seconds(facts.last_past);
  }
  if (!f.periods.timed) {
    header["no_period"] = fill_in(f.cfg.label("no_period"), {std::to_string(n)});
  } else if (period_by_default(options.period)) {
    header["period"]["rule"] = f.cfg.label("period_default");
  }
  return header;
}

// The user's files (--events, --invitations, --improvements, --quality), each read once.
struct UserFiles {
  std::vector<Event> events;
  std::map<std::string, double> invitations;
  std::vector<Improvement> improvements;
  Json quality;
};

UserFiles read_user_files(const Options& options, const Context& ctx, bool timed) {
  UserFiles u;
  if (!options.events.empty()) {
    u.events = read_events(options.events);
  }
  if (!options.invitations.empty() && ctx.has("channel")) {
    u.invitations = read_invitations(options.invitations);
  }
  if (!options.improvements.empty() && timed) {
    u.improvements = read_improvements(options.improvements);
  }
  u.quality = read_quality(options.quality);
  return u;
}

// The follow-up section, with the improvement actions' before and after.
Json followup_model(const Frame& f, const Plan& plan, const std::vector<Answer>& answers, const RowFacts& facts,
                    const std::vector<Improvement>& improvements, Alerts& alerts) {
  const auto block = [&](std::size_t at) { return at == Plan::kNone ? nullptr : &answers[at].block; };
  Json improved = Json::array();
  for (std::size_t i = 0; i < improvements.size(); ++i) {
    improved.push_back(
        improvement_item(f, improvements[i], answers[plan.improvements[2 * i]], answers[plan.improvements[2 * i + 1]]));
  }
  FollowupInput followup{answers[plan.trend].block,
                         block(plan.status),
                         block(plan.departments),
                         plan.department,
                         block(plan.due_in_period),
                         nullptr,
                         facts};
  if (!improvements.empty()) {
    followup.improvements = &improved;
  }
  return followup_section(f, followup, alerts);
}

// The summary, the KPI tiles and the overview's sentiment mix (section_summary.cpp, section_kpi.cpp).
void add_summary(Json& model, const Frame& f, const std::string& lang, const Plan& plan,
                 const std::vector<Answer>& answers, const Omissions& omitted) {
  const auto block = [&](std::size_t at) { return at == Plan::kNone ? nullptr : &answers[at].block; };
  const Json& trend = answers[plan.trend].block;
  if (!omitted.left_out("summary")) {
    const Json* problems = model.contains("problems") ? &model["problems"] : nullptr;
    model["summary"] = summary_section(f, lang, {trend, block(plan.issues), block(plan.urgency), problems});
  }
  if (!omitted.left_out("kpi")) {
    model["kpi"] = kpi_section(f, trend);
  }
  if (plan.sentiment != Plan::kNone) {
    model["overview"]["sentiment"] = sentiment_mix(f, *block(plan.sentiment));
  }
}

// The inputs opened (`ctx`) and the report's language chosen (`lang`, with its
// note for --lang auto): an explicit language's configuration is checked before
// any input is read; auto reads the inputs' text first. Returns the configuration.
Config open_in_language(const Options& options, const config::Store& store, std::unique_ptr<StdinSpool>& spool,
                        Context& ctx, std::string& lang, std::string& note) {
  std::optional<Config> early;
  if (options.lang != "auto") {
    early = load_config(store, options.lang);
  }
  ctx = open_inputs(options.inputs, stats::load_settings(store.get("stats.yaml")), spool);
  lang = choose_language(options.lang, ctx, note);
  return early ? std::move(*early) : load_config(store, lang);
}

// The words of a report over every row (no period): "of all the data", not
// "this period" (labels KEY_all), no monthly title; the labels of what only
// dates give (the period before, a year before, the period's rows) kept
// empty, so the model names no period it does not have; for a received_at
// without dates, the header says so (no_period_no_dates, title_no_dates), not
// "no time column".
Config untimed_wording(const Config& timed, bool undated) {
  Config cfg = timed;
  const auto use = [&](const std::string& key, const std::string& from) {
    if (const auto it = timed.labels.find(from); it != timed.labels.end()) {
      cfg.labels[key] = it->second;
    }
  };
  for (const char* key : {"title", "current", "urgent_rows", "urgent_none", "praise_none", "problems_none",
                          "problems_unlisted", "actions_none"}) {
    use(key, std::string(key) + "_all");
  }
  for (const char* key : {"previous", "prev_change", "year_ago", "yoy_change", "rows_in_period", "period_default",
                          "kpi_overdue", "overdue_in_period", "def_significant"}) {
    if (cfg.labels.count(key) != 0) {
      cfg.labels[key].clear();
    }
  }
  if (undated) {
    use("no_period", "no_period_no_dates");
    use("title_no_period", "title_no_dates");
  }
  return cfg;
}

// One report's side of the reading: its words, periods and frame, its planned
// queries, and the row visitors (row scan, detail sheet) behind its --where.
// Made in place: the frame refers to its members.
struct Side {
  Side(const Options& options, const Config& timed_cfg, const Names& names, Context context, const Periods& over,
       const std::vector<Improvement>& improvements)
      : cfg(over.timed ? timed_cfg : untimed_wording(timed_cfg, context.undated)),
        ctx(std::move(context)),
        periods(over),
        f{cfg, names, periods, ctx},
        plan(plan_queries(f, options, improvements)),
        scanner(periods.current, ctx.as_of, cfg, &names),
        detail(periods.current, options.detail),  // the workbook's detail sheet
        scoped(options.where, {&scanner, &detail}) {
    scope_queries(plan.queries, options.where);  // --where: every query and the row scan
  }
  Side(const Side&) = delete;
  Side& operator=(const Side&) = delete;

  Config cfg;
  Context ctx;
  Periods periods;
  Frame f;
  Plan plan;
  RowScanner scanner;
  DetailRows detail;
  ScopedRows scoped;
};

// The report over every row, gathered beside a timed one in the same reading
// for as long as no row (of those --where keeps: the timed scan's count) has a
// date. When none has (received_at empty in every row) it is the report; at
// the first dated row it is dropped, so dated data pays for it at most until then.
class UndatedSide final : public stats::RecordVisitor {
public:
  UndatedSide(std::unique_ptr<Side> side, const RowScanner& timed)
      : m_side(std::move(side)), m_timed(timed), m_aggs(new_aggregators(m_side->ctx, m_side->plan.queries)) {}

  void begin_input(const csv::Reader& reader) override {
    if (m_side) {
      for (stats::Aggregator& a : m_aggs) {
        a.begin_input(reader.header(), reader.name());
      }
      m_side->scoped.begin_input(reader);
    }
  }

  void add(const csv::Reader& reader, const csv::Record& record) override {
    if (m_side && m_timed.dated() > 0) {
      m_side.reset();
      m_aggs.clear();
    }
    if (m_side) {
      for (stats::Aggregator& a : m_aggs) {
        a.add(record);
      }
      m_side->scoped.add(reader, record);
    }
  }

  // The side with its answers (once, after the reading); nullptr when a row had a date.
  std::unique_ptr<Side> take(std::vector<Answer>& answers) {
    if (m_side) {
      answers = answers_of(m_side->ctx, m_side->plan.queries, std::move(m_aggs));
    }
    return std::move(m_side);
  }

private:
  std::unique_ptr<Side> m_side;
  const RowScanner& m_timed;
  std::vector<stats::Aggregator> m_aggs;
};

// The model of side `s` from its answers and the rows' facts.
Built model_of(const Options& options, Side& s, const std::vector<Answer>& answers, const RowFacts& facts,
               UserFiles& user, const std::string& lang, const std::string& lang_note) {
  const Frame& f = s.f;
  const Config& cfg = s.cfg;
  Plan& plan = s.plan;
  const Omissions omitted(s.ctx, cfg);
  std::vector<std::string> notes(lang_note.empty() ? 0 : 1, lang_note);
  if (!s.periods.timed && (!options.period.empty() || !options.improvements.empty())) {
    notes.emplace_back("--range and --improvements need dates (received_at): every row is reported");
  }
  const std::vector<Improvement> improvements = s.periods.timed ? user.improvements : std::vector<Improvement>{};
  warn_where(options, answers[plan.trend].aggregate);  // before a period with no rows stops the run
  const auto block = [&](std::size_t at) { return at == Plan::kNone ? nullptr : &answers[at].block; };
  const Json& trend = answers[plan.trend].block;
  const std::int64_t n = check_period(f, options, trend, facts, notes);
  const std::vector<std::string> top =
      plan.issues == Plan::kNone ? std::vector<std::string>{} : top_issues(f, *block(plan.issues));

  Json model = Json::object();
  Alerts alerts;
  model["report"] = header_of(f, options, lang, n, facts);
  if (!options.where.empty()) {
    model["report"]["where"] = options.where;
    model["report"]["where_labels"] = where_labels(f.names, options.where);
  }
  model["labels"] = cfg.labels;
  model["omitted"] = omitted.json();
  const auto wanted = [&](const char* section) { return !omitted.left_out(section); };
  if (wanted("urgent")) {
    model["urgent"] = urgent_section(f, *block(plan.urgent), facts);
  }
  model["overview"] = overview_section(f, trend, block(plan.channels), user.invitations);
  if (wanted("satisfaction")) {
    model["satisfaction"] = satisfaction_section(f, trend, alerts);
  }
  if (wanted("problems")) {
    model["problems"] = problems_section(f, block(plan.issues), top, facts);
    add_no_text(model["problems"], block(plan.no_text_problem), facts.wordless_problem);
  }
  if (wanted("praise") && plan.praise != Plan::kNone) {
    model["praise"] = praise_section(f, *block(plan.praise), block(plan.praise_aspects), facts);
    add_no_text(model["praise"], block(plan.no_text_praise), facts.wordless_praise);
  }
  if (wanted("trends")) {
    model["trends"] = trends_section(f, trend, block(plan.issues), top, user.events, !options.volumes.empty(),
                                     facts.dated > 0 ? std::optional(facts.first) : std::nullopt);
  }
  if (wanted("followup")) {
    model["followup"] = followup_model(f, plan, answers, facts, improvements, alerts);
  }
  if (!plan.agent_windows.empty() && wanted("agents")) {
    model["agents"] = agents_model(f, plan, answers);
  }
  if (wanted("actions")) {
    model["actions"] = actions_section(f, top);
  }
  model["method"] = method_section(cfg, std::move(user.quality), options.exports, &s.ctx, s.periods.timed);
  model["stats"] = stats_blocks(plan, answers);
  model["alerts"] = alerts.lines;
  add_summary(model, f, lang, plan, answers, omitted);
  return {std::move(model), std::move(alerts.breaches), std::move(notes), {}};
}

}  // namespace

Built build(const Options& options) {
  check_options(options);
  const config::Store store(options.config_dir);
  std::unique_ptr<StdinSpool> spool;
  Context ctx;
  std::string lang, lang_note;
  const Config cfg = open_in_language(options, store, spool, ctx, lang, lang_note);
  const Names names = load_names(store, lang, cfg.label("blank"), options.labels.get());
  ctx.as_of = choose_as_of(options.as_of);
  Periods periods = periods_of(options.period, ctx.as_of, cfg.trend_periods);  // a bad --range is a usage error
  if (!ctx.untimed.empty()) {
    periods = untimed_periods();
  }
  UserFiles user = read_user_files(options, ctx, periods.timed);
  auto side = std::make_unique<Side>(options, cfg, names, ctx, periods, user.improvements);
  std::vector<stats::RecordVisitor*> visitors{&side->scoped};
  std::unique_ptr<UndatedSide> undated;
  if (periods.timed) {
    // received_at may be empty in every row (an export whose dates were left
    // out): then a period would hold nothing and the report is over every
    // row, gathered in the same reading.
    Context every = ctx;
    every.untimed = input_name(ctx.named.empty() ? "-" : ctx.named.front());
    every.undated = true;
    undated = std::make_unique<UndatedSide>(
        std::make_unique<Side>(options, cfg, names, std::move(every), untimed_periods(), user.improvements),
        side->scanner);
    visitors.push_back(undated.get());
  }
  ScopedRows rows({}, visitors);  // no conditions: every record to each, the timed side first
  std::vector<Answer> answers = run_queries(ctx, side->plan.queries, &rows);
  RowFacts facts = side->scanner.take();
  if (undated && facts.rows > 0 && facts.dated == 0) {
    side = undated->take(answers);
    facts = side->scanner.take();
  }
  Built built = model_of(options, *side, answers, facts, user, lang, lang_note);
  built.detail = side->detail.take();
  return built;
}

std::string resolve_language(Options& options) {
  std::string note;
  if (options.lang == "auto") {
    std::unique_ptr<StdinSpool> spool;
    const Context ctx = open_inputs(options.inputs, stats::Settings{}, spool);
    options.lang = choose_language(options.lang, ctx, note);
  }
  return note;
}

}  // namespace fbkit::report
