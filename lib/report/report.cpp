#include "report/report.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>

#include "config/config.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/strings.hpp"
#include "csv/reader.hpp"
#include "report/config.hpp"
#include "stats/mathstat.hpp"
#include "stats/period.hpp"
#include "stats/settings.hpp"
#include "stats/stats.hpp"
#include "text/pii.hpp"
#include "text/unicode.hpp"
#include "values/parse.hpp"

namespace fbkit::report {

namespace {

using stats::PeriodKind;

// ------------------------------------------------------------------ periods

struct Period {
  PeriodKind kind = PeriodKind::month;
  std::string key;
  std::int64_t from = 0;  // first second
  std::int64_t to = 0;    // last second
};

// The period `key` of kind `kind` with its bounds (stats' calendar); the key is well formed.
Period bounds(PeriodKind kind, const std::string& key) {
  const stats::PeriodBounds b = *stats::period_bounds(kind, key);
  return Period{kind, key, b.from, b.to};
}

std::string shift(PeriodKind kind, const std::string& key, int back) {
  return stats::shift_period(kind, key, back);
}

Period resolve_period(const std::string& spec, std::int64_t as_of) {
  int y = 0, m = 0, d = 0;
  stats::civil_from_days(as_of / 86400, y, m, d);
  if (spec.empty() || spec == "last-month") {
    return bounds(PeriodKind::month, shift(PeriodKind::month, stats::period_key(PeriodKind::month, y, m, d), 1));
  }
  const std::optional<PeriodKind> kind = stats::kind_of_period_key(spec);
  if (!kind) {
    throw UsageError("--period: expected 2025-10, 2025-Q3, 2025-W42, 2025, 2025-10-23 or last-month, not '" + spec +
                     "'");
  }
  return bounds(*kind, spec);
}

// ------------------------------------------------------------------ stats queries

Json cell_json(const stats::Cell& c) {
  if (const auto* i = std::get_if<std::int64_t>(&c)) {
    return *i;
  }
  if (const auto* v = std::get_if<double>(&c)) {
    return *v;
  }
  if (const auto* s = std::get_if<std::string>(&c)) {
    return *s;
  }
  if (const auto* b = std::get_if<bool>(&c)) {
    return *b;
  }
  return nullptr;
}

Json table_json(const stats::Table& t) {
  Json rows = Json::array();
  for (const auto& row : t.rows) {
    Json r = Json::object();
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      r[t.columns[c].name] = cell_json(row[c]);
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

struct Query {
  std::vector<std::string> by;
  PeriodKind period = PeriodKind::none;
  std::optional<std::int64_t> from, to;
  std::vector<stats::Metric> metrics;
  bool compare = false;
  std::string rank;
  std::int64_t min_n = -1;
  std::string volumes;
  std::string where;  // one --where condition
};

struct Context {
  std::vector<std::string> inputs;  // paths (standard input spooled)
  stats::Settings settings;
  std::int64_t as_of = 0;
};

// Runs one stats query; returns {"args": [...], "metrics": rows, "changes": rows}.
Json run_query(const Context& ctx, const Query& q) {
  stats::Query sq;
  sq.by = q.by;
  sq.period = q.period;
  sq.from = q.from;
  sq.to = q.to;
  sq.metrics = q.metrics;
  sq.as_of = ctx.as_of;
  if (!q.where.empty()) {
    sq.where.push_back(stats::parse_filter(q.where));
  }
  stats::View v;
  v.compare = q.compare;
  v.rank = q.rank;
  v.min_n = q.min_n;
  if (!q.volumes.empty()) {
    v.volumes = q.volumes;
  }
  Json args = Json::array();
  if (!q.by.empty()) {
    std::string by;
    for (const std::string& b : q.by) {
      by += by.empty() ? "" : ",";
      by += b;
    }
    args.push_back("--by");
    args.push_back(by);
  }
  if (q.period != PeriodKind::none) {
    args.push_back("--period");
    args.push_back(std::string(stats::period_kind_name(q.period)));
  }
  if (q.from) {
    args.push_back("--from");
    args.push_back(stats::format_seconds(*q.from));
  }
  if (q.to) {
    args.push_back("--to");
    args.push_back(stats::format_seconds(*q.to));
  }
  if (!q.where.empty()) {
    args.push_back("--where");
    args.push_back(q.where);
  }
  if (!q.metrics.empty()) {
    std::string list;
    for (const stats::Metric m : q.metrics) {
      list += list.empty() ? "" : ",";
      list += std::string(stats::metric_name(m));
    }
    args.push_back("--metrics");
    args.push_back(list);
  }
  args.push_back("--as-of");
  args.push_back(stats::format_seconds(ctx.as_of));
  if (q.compare) {
    args.push_back("--compare");
  }
  if (!q.rank.empty()) {
    args.push_back("--rank");
    args.push_back(q.rank);
  }
  if (q.min_n >= 0) {
    args.push_back("--min-n");
    args.push_back(std::to_string(q.min_n));
  }
  if (!q.volumes.empty()) {
    args.push_back("--volumes");
    args.push_back(q.volumes);
  }
  const stats::Aggregator agg = stats::aggregate(sq, ctx.settings, ctx.inputs);
  const stats::Result r = stats::compute(agg, v);
  Json out = Json::object();
  out["args"] = std::move(args);
  out["metrics"] = table_json(r.metrics);
  if (r.changes) {
    out["changes"] = table_json(*r.changes);
  }
  return out;
}

// The row of `rows` whose `column` equals `value` (null when none).
const Json* find_row(const Json& rows, const std::string& column, const std::string& value) {
  for (const Json& r : rows) {
    if (r.contains(column) && r[column].is_string() && r[column].get<std::string>() == value) {
      return &r;
    }
  }
  return nullptr;
}

double number(const Json* row, const std::string& column) {
  if (row == nullptr || !row->contains(column) || !(*row)[column].is_number()) {
    return std::nan("");
  }
  return (*row)[column].get<double>();
}

// The change row of a metric against the previous period (or a year before)
// in the ungrouped trend table.
const Json* find_change(const Json& changes, const std::string& metric, const std::string& basis,
                        const std::string& period) {
  for (const Json& r : changes) {
    if (r.value("metric", "") == metric && r.value("basis", "") == basis && r.value("period", "") == period) {
      return &r;
    }
  }
  return nullptr;
}

// Share changes of the groups of a by-period table between two periods: the
// previous share, the change, a two-proportion z-test per group and
// Benjamini-Hochberg across the groups (the functions stats uses).
std::map<std::string, Json> share_changes(const Json& rows, const std::string& key_col, const std::string& cur,
                                          const std::string& prev) {
  std::map<std::string, std::int64_t> now, before;
  std::int64_t total_now = 0, total_before = 0;
  for (const Json& r : rows) {
    const std::string period = r.value("period", "");
    const std::int64_t n = r["n"].get<std::int64_t>();
    if (period == cur) {
      now[r[key_col].get<std::string>()] = n;
      total_now += n;
    } else if (period == prev) {
      before[r[key_col].get<std::string>()] = n;
      total_before += n;
    }
  }
  std::map<std::string, Json> out;
  if (total_now == 0 || total_before == 0) {
    return out;
  }
  std::vector<std::string> keys;
  std::vector<double> p;
  for (const auto& [k, n] : now) {
    const std::int64_t b = before.count(k) ? before.at(k) : 0;
    const double share_now = static_cast<double>(n) / static_cast<double>(total_now);
    const double share_before = static_cast<double>(b) / static_cast<double>(total_before);
    const stats::TestResult t = stats::two_proportion_z(n, total_now, b, total_before);
    out[k] = {{"previous_share", share_before}, {"change", share_now - share_before}, {"p_value", t.p_value}};
    keys.push_back(k);
    p.push_back(t.p_value);
  }
  const std::vector<double> q = stats::benjamini_hochberg(p);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    out[keys[i]]["q_value"] = q[i];
    out[keys[i]]["significant"] = q[i] < 0.05;
  }
  return out;
}

// ------------------------------------------------------------------ the rows

std::vector<std::string> read_header(const std::string& path) {
  FileSource src(path);
  csv::Reader reader(src);
  return reader.read_header();
}

// Character bigrams, for "not near-duplicates".
std::set<std::string> bigrams(std::string_view s) {
  std::vector<std::string_view> chars;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = std::min<std::size_t>(c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2, s.size() - i);
    chars.push_back(s.substr(i, len));
    i += len;
  }
  std::set<std::string> out;
  for (std::size_t i = 0; i + 1 < chars.size(); ++i) {
    out.insert(std::string(chars[i]) + std::string(chars[i + 1]));
  }
  return out;
}

double jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() || b.empty()) {
    return 0;
  }
  std::size_t both = 0;
  for (const std::string& x : a) {
    both += b.count(x);
  }
  return static_cast<double>(both) / static_cast<double>(a.size() + b.size() - both);
}

// What customers wrote, safe to show: masked (again), bounded in length.
std::string shown_text(std::string_view text, std::size_t max_chars) {
  std::string masked;
  text::mask_pii(text, masked, text::PiiOptions{});
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < masked.size();) {
    const auto c = static_cast<unsigned char>(masked[i]);
    const std::size_t len = std::min<std::size_t>(c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2, masked.size() - i);
    if (chars == max_chars) {
      out += "…";
      break;
    }
    out.append(masked, i, len);
    ++chars;
    i += len;
  }
  return out;
}

struct Example {
  std::string id, received_at, text;
  int score = 9;  // 9: no score
  std::int64_t when = 0;
};

struct RowFacts {
  std::map<std::string, std::vector<Example>> candidates;       // issue -> best few
  std::map<std::string, std::array<std::int64_t, 3>> affected;  // issue -> rows, new, high value
  std::vector<Json> overdue;                                    // oldest first
  std::vector<Json> vague;                                      // newest first
  std::int64_t vague_n = 0;
  std::int64_t overdue_n = 0;
};

RowFacts scan_rows(const Context& ctx, const Period& p, const std::set<std::string>& top, const Config& cfg) {
  RowFacts f;
  constexpr std::size_t kCandidates = 60;
  std::vector<std::pair<std::int64_t, Json>> overdue;  // due, item
  std::vector<std::pair<std::int64_t, Json>> vague;    // received, item
  for (const std::string& path : ctx.inputs) {
    FileSource src(path);
    csv::Reader reader(src);
    reader.read_header();
    auto col = [&](const char* name) -> std::ptrdiff_t {
      const auto c = reader.column(name);
      return c ? static_cast<std::ptrdiff_t>(*c) : -1;
    };
    const std::ptrdiff_t id = col("feedback_id"), received = col("received_at"), issue = col("issue"),
                         text = col("text"), score = col("score_overall"), ctype = col("customer_type"),
                         tier = col("value_tier"), status = col("status"), due = col("due_at"),
                         dept = col("route_department"), dept2 = col("department"), flags = col("flags");
    auto get = [](const csv::Record& r, std::ptrdiff_t c) -> std::string_view {
      return c < 0 ? std::string_view() : r[static_cast<std::size_t>(c)];
    };
    csv::Record rec;
    while (reader.next(rec)) {
      const auto when = stats::parse_seconds(get(rec, received));
      const std::string_view st = get(rec, status);
      const bool done = st == "completed" || st == "closed";
      // Overdue as of the report's date, whenever received; the definition of
      // stats: not_started or in_progress, due_at before the as-of time.
      if (st == "not_started" || st == "in_progress") {
        if (const auto d = stats::parse_seconds(get(rec, due)); d && *d < ctx.as_of) {
          ++f.overdue_n;
          std::string department(get(rec, dept));
          if (department.empty()) {
            department = std::string(get(rec, dept2));
          }
          Json item = {{"feedback_id", std::string(get(rec, id))},
                       {"department", department},
                       {"received_at", std::string(get(rec, received))},
                       {"due_at", stats::format_seconds(*d)},
                       {"days_overdue", std::floor(static_cast<double>(ctx.as_of - *d) / 86400 * 10) / 10},
                       {"text", shown_text(get(rec, text), 80)}};
          overdue.emplace_back(*d, std::move(item));
          std::stable_sort(overdue.begin(), overdue.end(),
                           [](const auto& a, const auto& b) { return a.first < b.first; });
          if (overdue.size() > static_cast<std::size_t>(cfg.oldest_overdue)) {
            overdue.pop_back();
          }
        }
      }
      if (!when || *when < p.from || *when > p.to) {
        continue;
      }
      // Vague feedback not handled yet.
      const std::string_view fl = get(rec, flags);
      if (fl.find("vague") != std::string_view::npos && !done) {
        ++f.vague_n;
        Json item = {{"feedback_id", std::string(get(rec, id))},
                     {"received_at", std::string(get(rec, received))},
                     {"text", shown_text(get(rec, text), 80)}};
        vague.emplace_back(*when, std::move(item));
        std::stable_sort(vague.begin(), vague.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        if (vague.size() > static_cast<std::size_t>(cfg.vague_listed)) {
          vague.pop_back();
        }
      }
      const std::string is(get(rec, issue));
      if (top.count(is) == 0) {
        continue;
      }
      auto& a = f.affected[is];
      ++a[0];
      a[1] += get(rec, ctype) == "new" ? 1 : 0;
      a[2] += get(rec, tier) == "high" ? 1 : 0;
      const std::string_view t = get(rec, text);
      if (t.empty()) {
        continue;
      }
      Example e;
      e.id = std::string(get(rec, id));
      e.received_at = std::string(get(rec, received));
      e.text = std::string(t);
      e.when = *when;
      const std::string_view s = get(rec, score);
      if (s.size() == 1 && s[0] >= '1' && s[0] <= '5') {
        e.score = s[0] - '0';
      }
      auto& list = f.candidates[is];
      list.push_back(std::move(e));
      // Representative: low score first, then recent; ties by id.
      std::stable_sort(list.begin(), list.end(), [](const Example& x, const Example& y) {
        if (x.score != y.score) {
          return x.score < y.score;
        }
        if (x.when != y.when) {
          return x.when > y.when;
        }
        return x.id < y.id;
      });
      if (list.size() > kCandidates) {
        list.pop_back();
      }
    }
  }
  for (auto& [due, item] : overdue) {
    f.overdue.push_back(std::move(item));
  }
  for (auto& [when, item] : vague) {
    f.vague.push_back(std::move(item));
  }
  return f;
}

// Up to n examples, skipping near-duplicates of those chosen.
Json pick_examples(const std::vector<Example>& candidates, int n) {
  Json out = Json::array();
  std::vector<std::set<std::string>> chosen;
  for (const Example& e : candidates) {
    if (static_cast<int>(out.size()) >= n) {
      break;
    }
    const std::set<std::string> b = bigrams(e.text);
    if (std::any_of(chosen.begin(), chosen.end(), [&](const auto& c) { return jaccard(b, c) > 0.5; })) {
      continue;
    }
    chosen.push_back(b);
    Json x = {{"feedback_id", e.id}, {"received_at", e.received_at}, {"text", shown_text(e.text, 200)}};
    x["score"] = e.score == 9 ? Json(nullptr) : Json(e.score);
    out.push_back(std::move(x));
  }
  return out;
}

// A small CSV of the user's (events, invitations): rows of named columns.
std::vector<std::map<std::string, std::string>> read_small_csv(const std::string& path,
                                                               std::initializer_list<const char*> required,
                                                               const char* option) {
  FileSource src(path);
  csv::Reader reader(src);
  const auto& header = reader.read_header();
  for (const char* r : required) {
    if (std::find(header.begin(), header.end(), r) == header.end()) {
      throw UsageError(fmt::format("{} {}: expected a column '{}'", option, path, r));
    }
  }
  std::vector<std::map<std::string, std::string>> rows;
  csv::Record rec;
  while (reader.next(rec)) {
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < header.size(); ++c) {
      row[header[c]] = std::string(rec[c]);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

Built build(const Options& options) {
  if (options.lang != "zh" && options.lang != "en") {
    throw UsageError("--lang: expected zh or en, not '" + options.lang + "'");
  }
  // The option files are checked first: a missing one is a usage error (exit 2).
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
  const config::Store store(options.config_dir);
  const Config cfg = load_config(store, options.lang);
  const Names names = load_names(store, options.lang, cfg.label("blank"));
  Context ctx;
  ctx.settings = stats::load_settings(store.get("stats.yaml"));
  std::unique_ptr<StdinSpool> spool;
  const std::vector<std::string> named = input_paths(options.inputs);
  ctx.inputs = named;
  for (std::string& in : ctx.inputs) {
    if (in == "-") {
      spool = std::make_unique<StdinSpool>("report");
      in = spool->path();
    }
  }
  const std::vector<std::string> header = read_header(ctx.inputs.front());
  auto has = [&](const char* c) { return std::find(header.begin(), header.end(), c) != header.end(); };
  if (!has("received_at")) {
    throw DataError(Location{input_name(named.front()), 1, 1},
                    "no received_at column: the report needs the time of each feedback");
  }

  // The as-of time: given, or the newest received_at. A received_at more than a
  // day after now (9999-12-31) is a bogus date: it would choose an empty period.
  std::vector<std::string> warnings;
  if (options.as_of) {
    const auto t = stats::parse_bound(*options.as_of, true);
    if (!t) {
      throw UsageError("--as-of: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, not '" + *options.as_of + "'");
    }
    ctx.as_of = *t;
  } else {
    std::optional<std::int64_t> newest;
    const std::int64_t latest = stats::local_now() + values::kFutureMarginSeconds;
    std::int64_t future = 0;
    std::string first_future;
    for (std::size_t i = 0; i < ctx.inputs.size(); ++i) {
      FileSource src(ctx.inputs[i]);
      csv::Reader reader(src);
      reader.read_header();
      const std::size_t c = *reader.column("received_at");
      csv::Record rec;
      while (reader.next(rec)) {
        const auto t = stats::parse_seconds(rec[c]);
        if (t && *t > latest) {
          if (future++ == 0) {
            const std::string name = input_name(named[i]);
            first_future = fmt::format("{}:{}: received_at: '{}'", name, rec.line, rec[c]);
          }
        } else if (t && (!newest || *t > *newest)) {
          newest = t;
        }
      }
    }
    if (future > 0) {
      warnings.push_back(
          fmt::format("{} is more than a day after now ({} row{}): left out of the choice of "
                      "--as-of and the period",
                      first_future, future, future == 1 ? "" : "s"));
    }
    if (!newest) {
      throw DataError("no row has a received_at: nothing to report");
    }
    ctx.as_of = *newest;
  }
  const Period p = resolve_period(options.period, ctx.as_of);
  const std::string prev_key = shift(p.kind, p.key, 1);
  const Period window_start = bounds(p.kind, shift(p.kind, p.key, cfg.trend_periods - 1));
  const auto year_ago = stats::year_ago_period(p.kind, p.key);
  std::int64_t from = window_start.from;
  if (year_ago && p.kind != PeriodKind::year) {
    from = std::min(from, bounds(p.kind, *year_ago).from);
  }
  if (!options.volumes.empty()) {
    (void)read_small_csv(options.volumes, {"period", "orders"}, "--volumes");
  }

  Json model = Json::object();
  const auto L = [&](const std::string& key) { return cfg.label(key); };
  model["report"] = {{"title", L("title")},
                     {"lang", options.lang},
                     {"period",
                      {{"kind", std::string(stats::period_kind_name(p.kind))},
                       {"key", p.key},
                       {"from", stats::format_seconds(p.from)},
                       {"to", stats::format_seconds(p.to)},
                       {"previous", prev_key}}},
                     {"as_of", stats::format_seconds(ctx.as_of)}};
  Json inputs = Json::array();
  for (const std::string& in : input_paths(options.inputs)) {
    inputs.push_back(in);
  }
  model["report"]["inputs"] = inputs;
  model["labels"] = cfg.labels;

  std::vector<std::string> breaches;  // stable codes, for stderr
  Json alerts = Json::array();        // the same in the report's words
  Json blocks = Json::object();       // every stats result the report uses, by name
  auto pct = [](double v) { return fmt::format("{:.1f}%", v * 100); };

  // 1-2, 4, 5: every metric per period over the trend window (and the year before).
  Query trend_q;
  trend_q.period = p.kind;
  trend_q.from = from;
  trend_q.to = p.to;
  trend_q.compare = true;
  trend_q.volumes = options.volumes;
  Json trend = run_query(ctx, trend_q);
  const Json* cur = find_row(trend["metrics"], "period", p.key);
  const Json* prev = find_row(trend["metrics"], "period", prev_key);

  // Overview: volume and channels.
  Json overview = Json::object();
  overview["n"] = cur != nullptr ? (*cur)["n"] : Json(0);
  overview["previous_n"] = prev != nullptr ? (*prev)["n"] : Json(0);
  if (has("channel")) {
    Query q;
    q.by = {"channel"};
    q.period = p.kind;
    q.from = bounds(p.kind, prev_key).from;
    q.to = p.to;
    q.metrics = {stats::Metric::share};
    Json ch = run_query(ctx, q);
    const std::map<std::string, Json> changes = share_changes(ch["metrics"], "channel", p.key, prev_key);
    Json rows = Json::array();
    std::map<std::string, double> invited;
    if (!options.invitations.empty()) {
      for (const auto& r : read_small_csv(options.invitations, {"channel", "invitations"}, "--invitations")) {
        invited[r.at("channel")] += std::atof(r.at("invitations").c_str());
      }
    }
    for (const Json& r : ch["metrics"]) {
      if (r["period"] != p.key) {
        continue;
      }
      const std::string code = r["channel"].get<std::string>();
      Json row = {{"channel", code}, {"label", names.code("channel", code)}, {"n", r["n"]}, {"share", r["share"]}};
      const auto c = changes.find(code);
      for (const char* k : {"previous_share", "change", "p_value", "q_value", "significant"}) {
        row[k] = c != changes.end() ? c->second[k] : Json(nullptr);
      }
      if (const auto it = invited.find(code); it != invited.end() && it->second > 0) {
        row["invitations"] = it->second;
        row["response_rate"] = r["n"].get<double>() / it->second;
      }
      rows.push_back(std::move(row));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Json& a, const Json& b) { return a["n"] > b["n"]; });
    overview["channels"] = rows;
    blocks["channels"] = ch;
  }
  blocks["trend"] = trend;
  model["overview"] = overview;

  // Satisfaction: each dimension's mean against its target and the period before.
  Json sat = Json::object();
  Json dims = Json::array();
  std::vector<std::pair<double, std::string>> weakest;
  for (const std::string& h : header) {
    if (h.rfind("score_", 0) != 0) {
      continue;
    }
    const std::string col = h + "_mean";
    const double mean = number(cur, col);
    Json d = {{"column", h}, {"label", names.code("score", h)}, {"n", cur != nullptr ? (*cur)[h + "_n"] : Json(0)}};
    d["mean"] = std::isnan(mean) ? Json(nullptr) : Json(mean);
    d["mean_lo"] = cur != nullptr && cur->contains(col + "_lo") ? (*cur)[col + "_lo"] : Json(nullptr);
    d["mean_hi"] = cur != nullptr && cur->contains(col + "_hi") ? (*cur)[col + "_hi"] : Json(nullptr);
    d["target"] = cfg.dimension_target;
    const Json* c = find_change(trend["changes"], col, "prev", p.key);
    d["previous_mean"] = c != nullptr ? (*c)["base_value"] : Json(nullptr);
    d["change"] = c != nullptr ? (*c)["change"] : Json(nullptr);
    d["p_value"] = c != nullptr ? (*c)["p_value"] : Json(nullptr);
    d["significant"] = c != nullptr ? (*c)["significant"] : Json(nullptr);
    if (!std::isnan(mean)) {
      const bool met = std::round(mean * 100) >= std::round(cfg.dimension_target * 100);
      d["met"] = met;
      if (!met) {
        breaches.push_back(fmt::format("{} {:.2f} < {:.2f}", col, mean, cfg.dimension_target));
        alerts.push_back(fmt::format("{} {:.2f} < {:.2f}", names.code("score", h), mean, cfg.dimension_target));
      }
      if (h != "score_overall") {
        weakest.emplace_back(mean, names.code("score", h));
      }
    }
    dims.push_back(std::move(d));
  }
  std::sort(weakest.begin(), weakest.end());
  Json weak = Json::array();
  for (std::size_t i = 0; i < weakest.size() && i < 3; ++i) {
    weak.push_back(weakest[i].second);
  }
  sat["dimensions"] = dims;
  sat["weakest"] = weak;
  for (const char* m : {"csat", "low_rate", "nps"}) {
    const double v = number(cur, m);
    if (std::isnan(v)) {
      continue;
    }
    Json x = {{"value", v}, {"lo", (*cur)[std::string(m) + "_lo"]}, {"hi", (*cur)[std::string(m) + "_hi"]}};
    const Json* c = find_change(trend["changes"], m, "prev", p.key);
    x["previous"] = c != nullptr ? (*c)["base_value"] : Json(nullptr);
    x["change"] = c != nullptr ? (*c)["change"] : Json(nullptr);
    x["p_value"] = c != nullptr ? (*c)["p_value"] : Json(nullptr);
    x["significant"] = c != nullptr ? (*c)["significant"] : Json(nullptr);
    const Json* y = find_change(trend["changes"], m, "yoy", p.key);
    x["year_ago"] = y != nullptr ? (*y)["base_value"] : Json(nullptr);
    if (std::string(m) == "csat") {
      x["target"] = cfg.csat_target;
      const bool met = std::round(v * 1000) >= std::round(cfg.csat_target * 1000);
      x["met"] = met;
      if (!met) {
        breaches.push_back(fmt::format("csat {} < {}", pct(v), pct(cfg.csat_target)));
        alerts.push_back(fmt::format("{} {} < {}", L("csat"), pct(v), pct(cfg.csat_target)));
      }
    }
    sat[m] = x;
  }
  model["satisfaction"] = sat;

  // Core problems: the top issues by share, their change, examples, who.
  Json problems = Json::object();
  std::set<std::string> top;
  std::vector<std::string> top_order;
  Json issues_q;
  if (has("issue")) {
    Query q;
    q.by = {"issue"};
    q.period = p.kind;
    q.from = window_start.from;
    q.to = p.to;
    q.metrics = {stats::Metric::share, stats::Metric::csat};
    issues_q = run_query(ctx, q);
    std::vector<std::pair<std::int64_t, std::string>> ranked;
    for (const Json& r : issues_q["metrics"]) {
      if (r["period"] != p.key) {
        continue;
      }
      const std::string is = r["issue"].get<std::string>();
      const auto cat = names.issue_category.find(is);
      const std::string category = cat == names.issue_category.end() ? "" : cat->second;
      if (is.empty() ||
          std::find(cfg.not_problems.begin(), cfg.not_problems.end(), category) != cfg.not_problems.end() ||
          std::find(cfg.not_problems.begin(), cfg.not_problems.end(), is) != cfg.not_problems.end()) {
        continue;
      }
      ranked.emplace_back(-r["n"].get<std::int64_t>(), is);
    }
    std::sort(ranked.begin(), ranked.end());
    for (std::size_t i = 0; i < ranked.size() && static_cast<int>(i) < cfg.top_issues; ++i) {
      top.insert(ranked[i].second);
      top_order.push_back(ranked[i].second);
    }
    blocks["issues"] = issues_q;
  } else {
    problems["note"] = "no issue column: run fbkit classify before fbkit report";
  }
  const RowFacts facts = scan_rows(ctx, p, top, cfg);
  const std::map<std::string, Json> issue_changes =
      issues_q.is_null() ? std::map<std::string, Json>{} : share_changes(issues_q["metrics"], "issue", p.key, prev_key);
  Json plist = Json::array();
  for (const std::string& is : top_order) {
    const Json* r = nullptr;
    for (const Json& x : issues_q["metrics"]) {
      if (x["period"] == p.key && x["issue"] == is) {
        r = &x;
      }
    }
    Json item = {{"issue", is},
                 {"label", names.issue(is)},
                 {"category", names.issue_category.count(is) ? names.issue_category.at(is) : ""},
                 {"n", (*r)["n"]},
                 {"share", (*r)["share"]}};
    const auto c = issue_changes.find(is);
    for (const char* k : {"previous_share", "change", "p_value", "q_value", "significant"}) {
      item[k] = c != issue_changes.end() ? c->second[k] : Json(nullptr);
    }
    if (const auto a = facts.affected.find(is); a != facts.affected.end() && a->second[0] > 0) {
      item["new_share"] = static_cast<double>(a->second[1]) / static_cast<double>(a->second[0]);
      item["high_value_share"] = static_cast<double>(a->second[2]) / static_cast<double>(a->second[0]);
    }
    const auto cand = facts.candidates.find(is);
    item["examples"] = cand == facts.candidates.end() ? Json::array() : pick_examples(cand->second, cfg.examples);
    plist.push_back(std::move(item));
  }
  problems["issues"] = plist;
  model["problems"] = problems;

  // Trends: the last periods of volume, CSAT, the top issues; events.
  Json tr = Json::object();
  Json periods = Json::array(), vol = Json::array(), csat = Json::array(), per1000 = Json::array();
  std::vector<std::string> keys;
  for (int back = cfg.trend_periods - 1; back >= 0; --back) {
    keys.push_back(shift(p.kind, p.key, back));
  }
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
  tr["csat"] = csat;
  if (!options.volumes.empty()) {
    tr["complaints_per_1000"] = per1000;
  }
  Json issue_series = Json::array();
  for (std::size_t i = 0; i < top_order.size() && static_cast<int>(i) < cfg.trend_issues; ++i) {
    Json counts = Json::array();
    for (const std::string& k : keys) {
      std::int64_t n = 0;
      for (const Json& x : issues_q["metrics"]) {
        if (x["period"] == k && x["issue"] == top_order[i]) {
          n = x["n"].get<std::int64_t>();
        }
      }
      counts.push_back(n);
    }
    issue_series.push_back({{"issue", top_order[i]}, {"label", names.issue(top_order[i])}, {"n", counts}});
  }
  tr["issues"] = issue_series;
  Json events = Json::array();
  if (!options.events.empty()) {
    for (const auto& e : read_small_csv(options.events, {"date", "label"}, "--events")) {
      const auto t = stats::parse_seconds(e.at("date"));
      if (!t) {
        throw UsageError("--events " + options.events + ": " + quote_value(e.at("date")) + " is not a date");
      }
      int y = 0, m = 0, d = 0;
      stats::civil_from_days(*t / 86400, y, m, d);
      const std::string k = stats::period_key(p.kind, y, m, d);
      if (std::find(keys.begin(), keys.end(), k) != keys.end()) {
        events.push_back({{"period", k}, {"date", e.at("date")}, {"label", e.at("label")}});
      }
    }
  }
  tr["events"] = events;
  model["trends"] = tr;

  // Follow-up: the closed loop in the period, overdue items now.
  Json fu = Json::object();
  for (const char* m : {"closure_rate", "sla_rate", "revisit_rate", "second_sat", "fcr_rate", "resolution_hours_median",
                        "resolution_hours_mean", "open", "overdue"}) {
    if (cur != nullptr && cur->contains(m)) {
      fu[m] = (*cur)[m];
    }
  }
  if (fu.contains("resolution_hours_median") && fu["resolution_hours_median"].is_number()) {
    const double med = fu["resolution_hours_median"].get<double>();
    fu["resolution_target_hours"] = cfg.resolution_target_hours;
    if (med > cfg.resolution_target_hours) {
      breaches.push_back(fmt::format("median resolution {:.1f} h > {:.0f} h", med, cfg.resolution_target_hours));
      alerts.push_back(fmt::format("{} {:.1f} > {:.0f}", L("median_resolution"), med, cfg.resolution_target_hours));
    }
  }
  if (fu.contains("revisit_rate") && fu["revisit_rate"].is_number()) {
    fu["revisit_target"] = cfg.revisit_target;
    if (fu["revisit_rate"].get<double>() < cfg.revisit_target) {
      breaches.push_back(
          fmt::format("revisit rate {} < {}", pct(fu["revisit_rate"].get<double>()), pct(cfg.revisit_target)));
      alerts.push_back(
          fmt::format("{} {} < {}", L("revisit_rate"), pct(fu["revisit_rate"].get<double>()), pct(cfg.revisit_target)));
    }
  }
  if (has("status")) {
    Query q;
    q.by = {"status"};
    q.from = p.from;
    q.to = p.to;
    q.metrics = {stats::Metric::share};
    Json st = run_query(ctx, q);
    Json counts = Json::array();
    for (const Json& r : st["metrics"]) {
      const std::string code = r["status"].get<std::string>();
      counts.push_back({{"status", code}, {"label", names.code("status", code)}, {"n", r["n"]}, {"share", r["share"]}});
    }
    fu["status"] = counts;
    const std::string dept = has("route_department") ? "route_department" : has("department") ? "department" : "";
    blocks["status"] = st;
    if (!dept.empty()) {
      Query d;
      d.by = {dept};
      d.metrics = {stats::Metric::open, stats::Metric::overdue};
      Json od = run_query(ctx, d);
      Json rows = Json::array();
      for (const Json& r : od["metrics"]) {
        if (r.value("overdue", std::int64_t{0}) > 0 || r.value("open", std::int64_t{0}) > 0) {
          const std::string name = r[dept].get<std::string>();
          rows.push_back(
              {{"department", name.empty() ? names.blank : name}, {"open", r["open"]}, {"overdue", r["overdue"]}});
        }
      }
      std::stable_sort(rows.begin(), rows.end(),
                       [](const Json& a, const Json& b) { return a["overdue"] > b["overdue"]; });
      fu["by_department"] = rows;
      blocks["departments"] = od;
    }
  }
  // The total is stats' (every department); the scan lists the oldest of the same items.
  std::int64_t overdue_total = facts.overdue_n;
  if (fu.contains("by_department")) {
    overdue_total = 0;
    for (const Json& r : blocks["departments"]["metrics"]) {
      overdue_total += r.value("overdue", std::int64_t{0});
    }
  }
  fu["overdue_total"] = overdue_total;
  fu["overdue_target"] = cfg.overdue_target;
  if (static_cast<double>(overdue_total) > cfg.overdue_target) {
    breaches.push_back(fmt::format("{} overdue items > {:.0f}", overdue_total, cfg.overdue_target));
    alerts.push_back(fmt::format("{} {} > {:.0f}", L("overdue"), overdue_total, cfg.overdue_target));
  }
  // Improvements: the issue's scores in the days before an action and after it
  // (the seeds verify an improvement by a second survey a month or two later).
  if (!options.improvements.empty()) {
    Json list = Json::array();
    int index = 0;
    for (const auto& row : read_small_csv(options.improvements, {"issue", "date"}, "--improvements")) {
      const auto day = stats::parse_bound(row.at("date"), false);
      if (!day) {
        throw UsageError("--improvements " + options.improvements + ": " + quote_value(row.at("date")) +
                         " is not a date");
      }
      const std::int64_t span = static_cast<std::int64_t>(cfg.improvement_days) * 86400;
      Json item = {{"issue", row.at("issue")},
                   {"label", names.issue(row.at("issue"))},
                   {"date", row.at("date")},
                   {"action", row.count("action") ? row.at("action") : ""}};
      std::array<Json, 2> sides;
      for (int side = 0; side < 2; ++side) {
        Query q;
        q.from = side == 0 ? *day - span : *day;
        q.to = side == 0 ? *day - 1 : std::min(*day + span - 1, ctx.as_of);
        q.metrics = {stats::Metric::mean, stats::Metric::csat};
        q.where = "issue=" + row.at("issue");
        Json r = run_query(ctx, q);
        const Json* m = r["metrics"].empty() ? nullptr : &r["metrics"][0];
        sides[static_cast<std::size_t>(side)] = {
            {"from", stats::format_seconds(*q.from)},
            {"to", stats::format_seconds(*q.to)},
            {"n", m != nullptr ? (*m)["n"] : Json(0)},
            {"score_overall_n", m != nullptr && m->contains("score_overall_n") ? (*m)["score_overall_n"] : Json(0)},
            {"score_overall_mean",
             m != nullptr && m->contains("score_overall_mean") ? (*m)["score_overall_mean"] : Json(nullptr)},
            {"csat", m != nullptr && m->contains("csat") ? (*m)["csat"] : Json(nullptr)}};
        blocks[fmt::format("improvement-{}-{}", index, side == 0 ? "before" : "after")] = r;
      }
      item["before"] = sides[0];
      item["after"] = sides[1];
      const Json& b = sides[0];
      const Json& a = sides[1];
      if (b["csat"].is_number() && a["csat"].is_number()) {
        const auto nb = b["score_overall_n"].get<std::int64_t>(), na = a["score_overall_n"].get<std::int64_t>();
        const auto xb = static_cast<std::int64_t>(std::llround(b["csat"].get<double>() * static_cast<double>(nb)));
        const auto xa = static_cast<std::int64_t>(std::llround(a["csat"].get<double>() * static_cast<double>(na)));
        const stats::TestResult t = stats::two_proportion_z(xa, na, xb, nb);
        item["csat_change"] = a["csat"].get<double>() - b["csat"].get<double>();
        item["p_value"] = t.p_value;
        item["significant"] = t.p_value < 0.05;
      }
      list.push_back(std::move(item));
      ++index;
    }
    fu["improvements"] = list;
  }
  fu["oldest_overdue"] = facts.overdue;
  fu["vague_n"] = facts.vague_n;
  fu["vague"] = facts.vague;
  model["followup"] = fu;

  // Agents.
  if (has("agent_id") && has("score_overall")) {
    Query q;
    q.by = {"agent_id"};
    q.from = p.from;
    q.to = p.to;
    q.metrics = {stats::Metric::mean, stats::Metric::csat, stats::Metric::low};
    q.rank = "score_overall_mean";
    q.min_n = cfg.agents_min_n;
    Json ag = run_query(ctx, q);
    Json rows = Json::array();
    for (const Json& r : ag["metrics"]) {
      if (r["agent_id"] == "") {
        continue;
      }
      rows.push_back(r);
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
    if (rows.size() > static_cast<std::size_t>(cfg.agents_listed)) {
      rows.erase(rows.begin() + cfg.agents_listed, rows.end());
    }
    model["agents"] = {{"min_n", cfg.agents_min_n}, {"rows", rows}};
    blocks["agents"] = ag;
  }

  // Actions: the improvement plan drafted for the top issues.
  Json actions = Json::array();
  int y = 0, m = 0, d = 0;
  for (const std::string& is : top_order) {
    const auto a = cfg.actions.find(is);
    const int days = a == cfg.actions.end() ? 30 : a->second.days;
    stats::civil_from_days(p.to / 86400 + days, y, m, d);
    std::string department = names.issue_department.count(is) ? names.issue_department.at(is) : "";
    actions.push_back(
        {{"issue", is},
         {"label", names.issue(is)},
         {"department", department},
         {"action", a == cfg.actions.end() || a->second.action.empty() ? L("to_be_decided") : a->second.action},
         {"deadline", fmt::format("{:04d}-{:02d}-{:02d}", y, m, d)},
         {"expected", a == cfg.actions.end() ? "" : a->second.expected}});
  }
  model["actions"] = actions;

  // Method: definitions and data quality.
  Json method = Json::object();
  method["definitions"] = {
      {"csat", "share of score_overall 4-5 among rows with a score"},
      {"low_rate", "share of score_overall 1-2"},
      {"nps", "share of nps_score 9-10 minus share 0-6"},
      {"closure_rate", "completed + closed over all rows"},
      {"overdue", "not_started or in_progress, with due_at before the as-of time"},
      {"significant",
       "means, CSAT, low-score rate: Welch's t-test or two-proportion z-test at 95% (stats --compare); shares of "
       "channels and issues: two-proportion z-test per group, Benjamini-Hochberg across the groups"},
      {"source", "every number of this report is a `fbkit stats` result; the stats arguments are in the JSON form"}};
  Json quality = Json::array();
  for (const std::string& qpath : options.quality) {
    Json q;
    try {
      q = Json::parse(read_file(qpath));
    } catch (const Json::parse_error& e) {
      throw UsageError("--quality " + qpath + ": not a JSON summary: " + excerpt(e.what(), 160));
    }
    Json row = {{"file", qpath}, {"command", q.value("command", "")}, {"read", q.value("read", 0)}};
    for (const char* k : {"written", "rejected", "removed"}) {
      if (q.contains(k)) {
        row[k] = q[k];
      }
    }
    if (q.contains("removed_by_reason")) {
      row["reasons"] = q["removed_by_reason"];
    }
    quality.push_back(std::move(row));
  }
  method["quality"] = quality;
  model["method"] = method;

  model["stats"] = blocks;
  model["alerts"] = alerts;
  return Built{std::move(model), std::move(breaches), std::move(warnings)};
}

}  // namespace fbkit::report
