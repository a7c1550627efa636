// fbkit stats [FILE...]: canonical CSV -> metric tables (csv | json | md | table)
// by any columns and period, with intervals, comparisons and alert thresholds.
// fbkit stats --partial ... / --merge PARTS...: the same in shards.
#include <fmt/core.h>

#include <map>
#include <optional>

#include "classify/loader.hpp"
#include "command.hpp"
#include "config/config.hpp"
#include "config/yaml.hpp"
#include "core/io.hpp"
#include "core/output_set.hpp"
#include "stats/compute.hpp"
#include "stats/format.hpp"
#include "stats/state.hpp"
#include "stats/stats.hpp"

namespace fbkit::cmd {

namespace {

std::vector<std::string> split_list(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const std::string& item : items) {
    for (std::size_t i = 0; i <= item.size();) {
      const std::size_t j = std::min(item.find(',', i), item.size());
      if (j > i) {
        out.push_back(item.substr(i, j - i));
      }
      i = j + 1;
    }
  }
  return out;
}

class StatsCommand : public Command {
public:
  void setup(CLI::App& app) override {
    app.add_option("inputs", m_inputs,
                   "canonical CSV files ('-' or none: standard input); with --merge, partial states");
    add_output_options(app, m_output);
    add_config_option(app, m_config_dir);
    // One value per occurrence, so that `--by category cls.csv` leaves the file an input.
    app.add_option("--by", m_by,
                   "group by these columns (comma-separated or repeated): channel, agent_id, category ...")
        ->option_text("COLS")
        ->allow_extra_args(false);
    app.add_option("--period", m_period,
                   "also group by the period of received_at: day, week (ISO), month, quarter, year")
        ->option_text("P");
    app.add_option("--from", m_from, "only rows received at or after DATE (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)")
        ->option_text("DATE");
    app.add_option("--to", m_to, "only rows received at or before DATE (a date alone includes the whole day)")
        ->option_text("DATE");
    app.add_option("--where", m_where,
                   "only rows where COL=V[,V..], COL!=V, COL<N, COL<=N, COL>N, COL>=N (or COL:lt:N ...); repeatable")
        ->option_text("EXPR")
        ->allow_extra_args(false);
    app.add_option("--metrics", m_metrics,
                   "metric families: share, mean, dist, csat, low, nps, closure, open, overdue, resolution, sla, "
                   "revisit, second, fcr, complaints (default: all the columns allow, but dist and complaints)")
        ->option_text("LIST");
    app.add_option("--as-of", m_as_of, "the time open items are overdue at (default: now)")->option_text("DATETIME");
    app.add_option("--ci", m_view.ci, "confidence level of intervals and tests (default 0.95)")
        ->option_text("LEVEL")
        ->check(finite_number(0.5, 0.9999));
    app.add_flag("--no-ci", m_no_ci, "leave out the interval columns (_lo, _hi)");
    app.add_option("--format", m_format, "csv (default), json, md or table")->option_text("F");
    app.add_option("--lang", m_lang,
                   "md and table: show channel, status, customer type, category and issue codes as zh or en labels "
                   "(csv and json keep the codes)")
        ->option_text("L");
    app.add_option("--precision", m_precision, "decimals of real numbers (default 6 for csv/json, 4 for md/table)")
        ->option_text("N")
        ->check(CLI::Range(0, 15));
    app.add_option("--top", m_view.top, "keep the N largest groups (per period), with cum_share (pareto)")
        ->option_text("N")
        ->check(CLI::PositiveNumber);
    app.add_flag("--pareto", m_view.pareto, "order groups by n, largest first, with cum_share");
    app.add_option("--rank", m_rank, "rank groups by a metric column, best first (METRIC or METRIC:asc)")
        ->option_text("METRIC");
    app.add_option("--min-n", m_view.min_n,
                   "answers a group needs to be ranked, and each side of a tested change (default: stats.yaml min_n)")
        ->option_text("N")
        ->check(CLI::NonNegativeNumber);
    app.add_flag("--compare", m_view.compare,
                 "output the changes against the previous period and a year before, with tests (needs --period)");
    app.add_option("--fdr-family", m_fdr_family,
                   "the tests one Benjamini-Hochberg correction covers: metric (each metric across groups) or "
                   "period (each group's period across metrics) (default: stats.yaml fdr_family)")
        ->option_text("F");
    app.add_option("--terms", m_view.terms_top, "output the N most frequent terms of the text per group")
        ->option_text("N")
        ->check(CLI::PositiveNumber);
    app.add_option("--volumes", m_volumes,
                   "order volumes per period (CSV: period,orders[,--by columns]) for "
                   "complaints_per_1000")
        ->option_text("FILE");
    app.add_option("--fail-on", m_fail_on,
                   "exit 3 when a metric breaches a threshold in any row, e.g. 'csat<0.85'; repeatable")
        ->option_text("EXPR")
        ->allow_extra_args(false);
    app.add_flag("--partial", m_partial, "write a mergeable partial state instead of a table (needs --as-of)");
    app.add_flag("--merge", m_merge, "the inputs are partial states: merge them, then compute as one run would");
  }

  int run() override {
    // Everything is checked before any input is read or output written.
    refuse_terminal_stdin("stats", m_inputs);
    refuse_excel_safe_into_pipe(m_output);
    if (!m_lang.empty() && m_lang != "zh" && m_lang != "en") {
      throw UsageError("--lang: expected zh or en, not '" + m_lang + "'");
    }
    const auto format = stats::parse_format(m_format);
    if (!format) {
      throw UsageError("--format: unknown format '" + m_format + "' (csv, json, md, table)");
    }
    stats::Query query;
    query.by = split_list(m_by);
    if (!m_period.empty()) {
      const auto kind = stats::parse_period_kind(m_period);
      if (!kind) {
        throw UsageError("--period: unknown period '" + m_period + "' (day, week, month, quarter, year)");
      }
      query.period = *kind;
    }
    query.from = bound("--from", m_from, false);
    query.to = bound("--to", m_to, true);
    if (query.from && query.to && *query.from > *query.to) {
      throw UsageError("--from " + m_from + " is after --to " + m_to);
    }
    for (const std::string& w : m_where) {
      query.where.push_back(stats::parse_filter(w));
    }
    if (!m_metrics.empty()) {
      query.metrics = stats::parse_metric_list(m_metrics);
    }
    const bool complaints =
        std::find(query.metrics.begin(), query.metrics.end(), stats::Metric::complaints) != query.metrics.end();
    if (complaints && m_volumes.empty()) {
      throw UsageError("--metrics complaints: needs --volumes FILE (order volumes per period)");
    }
    if (!m_as_of.empty()) {
      query.as_of = *bound("--as-of", m_as_of, false);
    } else {
      query.as_of = stats::local_now();
    }
    query.terms = m_view.terms_top > 0;
    std::vector<stats::Alert> alerts;
    for (const std::string& a : m_fail_on) {
      alerts.push_back(stats::parse_alert(a));
    }
    m_view.intervals = !m_no_ci;
    if (!m_fdr_family.empty()) {
      m_view.fdr_family = stats::parse_fdr_family(m_fdr_family);
    }
    if (!m_rank.empty()) {
      const std::size_t colon = m_rank.rfind(':');
      m_view.rank = m_rank;
      if (colon != std::string::npos) {
        const std::string dir = m_rank.substr(colon + 1);
        if (dir != "asc" && dir != "desc") {
          throw UsageError("--rank '" + m_rank + "': the order after ':' is asc or desc");
        }
        m_view.rank = m_rank.substr(0, colon);
        m_view.rank_ascending = dir == "asc";
      }
    }
    if (!m_volumes.empty()) {
      m_view.volumes = m_volumes;
    }
    if (m_partial && m_merge) {
      throw UsageError("--partial and --merge exclude each other (merge the parts, then compute)");
    }
    if (m_partial) {
      if (m_as_of.empty()) {
        throw UsageError("--partial needs --as-of, so that every shard counts overdue items at the same time");
      }
      if (!alerts.empty() || m_view.compare || m_view.top > 0 || m_view.pareto || !m_rank.empty() ||
          !m_volumes.empty() || m_format != "csv" || m_precision >= 0 || m_no_ci) {
        throw UsageError(
            "--partial writes a state, not a table: give --format, --fail-on, --compare, --top, --pareto, "
            "--rank, --volumes, --precision and --no-ci to the --merge step");
      }
    }
    if (m_merge && (!query.by.empty() || !m_period.empty() || !m_from.empty() || !m_to.empty() || !m_where.empty() ||
                    !m_metrics.empty() || !m_as_of.empty())) {
      throw UsageError(
          "--merge: --by, --period, --from, --to, --where, --metrics and --as-of were fixed by the "
          "--partial step and cannot change here");
    }
    // Every file of the run is named, checked and created before any is read.
    OutputSet files;
    files.inputs(m_inputs);
    if (!m_volumes.empty()) {
      files.input(m_volumes, "--volumes");
    }
    ByteSink& out = files.output(m_output.output, "-o");
    files.open();
    const config::Document doc =
        config::Store(m_config_dir.empty() ? std::nullopt : std::optional(m_config_dir)).get("stats.yaml");
    const stats::Settings settings = stats::load_settings(doc);

    stats::Aggregator agg =
        m_merge ? stats::merge_parts(settings, m_inputs) : stats::aggregate(query, settings, m_inputs);
    for (const stats::RowWarning& w : agg.warnings()) {
      fmt::print(stderr, "fbkit: warning: {}\n", w.message());
    }
    if (m_partial) {
      stats::write_state(agg, out);
      files.commit();
      return 0;
    }
    const stats::Result result = stats::compute(agg, m_view);
    stats::check_alert_columns(result.metrics, alerts);
    const stats::Table& shown = result.changes ? *result.changes : result.terms ? *result.terms : result.metrics;
    stats::Table labelled;
    if (!m_lang.empty() && (*format == stats::Format::md || *format == stats::Format::table)) {
      labelled = label_codes(shown, config::Store(m_config_dir.empty() ? std::nullopt : std::optional(m_config_dir)));
    }
    const stats::Table& table = labelled.columns.empty() ? shown : labelled;
    stats::FormatOptions fo;
    fo.precision = m_precision;
    fo.bom = m_output.bom;
    fo.excel_safe = m_output.excel_safe;
    stats::render(table, *format, fo, out);
    files.commit();
    const std::vector<std::string> breached = stats::breaches(result.metrics, alerts);
    for (const std::string& b : breached) {
      fmt::print(stderr, "fbkit: alert: {}\n", b);
    }
    return breached.empty() ? 0 : kExitAlert;
  }

private:
  // The table with the codes of key columns replaced by their --lang labels
  // (labels.yaml; categories and issues from classify.yaml).
  stats::Table label_codes(const stats::Table& t, const config::Store& store) const {
    std::map<std::string, std::map<std::string, std::string>> labels;
    const yaml::Node root = yaml::Node::parse(store.get("labels.yaml"));
    for (const yaml::KeyedEntry& family : root.keyed_entries()) {
      for (const yaml::KeyedEntry& code : family.value.keyed_entries()) {
        labels[family.key][code.key] = code.value.str(m_lang, code.key);
      }
    }
    const classify::RuleSet rules = classify::load_rules(store);
    for (const classify::Category& c : rules.categories) {
      labels["category"][c.id] = m_lang == "zh" ? c.zh : c.en;
    }
    for (const classify::Issue& i : rules.issues) {
      labels["issue"][i.id] = m_lang == "zh" ? i.zh : i.en;
    }
    stats::Table out = t;
    for (std::size_t c = 0; c < out.columns.size(); ++c) {
      const auto family = labels.find(out.columns[c].name);
      if (!out.columns[c].key || family == labels.end()) {
        continue;
      }
      for (auto& row : out.rows) {
        if (auto* v = std::get_if<std::string>(&row[c])) {
          const auto it = family->second.find(*v);
          if (it != family->second.end() && !it->second.empty()) {
            *v = it->second;
          }
        }
      }
    }
    return out;
  }

  static std::optional<std::int64_t> bound(const char* option, const std::string& value, bool end_of_day) {
    if (value.empty()) {
      return std::nullopt;
    }
    const auto t = stats::parse_bound(value, end_of_day);
    if (!t) {
      throw UsageError(std::string(option) + ": '" + value + "' is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)");
    }
    return t;
  }

  std::vector<std::string> m_inputs;
  OutputOptions m_output;
  std::string m_config_dir;
  std::vector<std::string> m_by;
  std::string m_period;
  std::string m_from;
  std::string m_to;
  std::vector<std::string> m_where;
  std::string m_metrics;
  std::string m_as_of;
  bool m_no_ci = false;
  std::string m_fdr_family;
  std::string m_format = "csv";
  std::string m_lang;
  int m_precision = -1;
  std::string m_rank;
  std::string m_volumes;
  std::vector<std::string> m_fail_on;
  bool m_partial = false;
  bool m_merge = false;
  stats::View m_view;
};

}  // namespace

std::unique_ptr<Command> make_stats_command() {
  return std::make_unique<StatsCommand>();
}

}  // namespace fbkit::cmd
