// fbkit stats [FILE...]: canonical CSV -> metric tables (csv | json | md | table)
// by any columns and period, with intervals, comparisons and alert thresholds.
// fbkit stats --partial ... / --merge PARTS...: the same in shards.
#include <fmt/core.h>

#include <iostream>
#include <map>
#include <optional>
#include <string>

#include "command.hpp"
#include "config/config.hpp"
#include "core/io.hpp"
#include "core/output_set.hpp"
#include "csv/raw_export.hpp"
#include "stats/compute.hpp"
#include "stats/format.hpp"
#include "stats/options.hpp"
#include "stats/state.hpp"
#include "stats/stats.hpp"
#include "text/language.hpp"

namespace fbkit::cmd {

namespace {

class StatsCommand : public Command {
public:
  void setup(CLI::App& app) override {
    app.add_option("inputs", m_inputs,
                   "canonical CSV files ('-' or none: standard input); with --merge, partial states");
    add_output_options(app, m_output);
    add_config_option(app, m_config_dir);
    // One value per occurrence, so that `--by category cls.csv` leaves the file an input.
    app.add_option("--by", m_opts.by,
                   "group by these columns (comma-separated or repeated): channel, agent_id, category ...; "
                   "here and in --where, --metrics, --rank, --fail-on a name's zh or en label (labels.yaml) does too")
        ->option_text("COLS")
        ->allow_extra_args(false);
    app.add_option("--period", m_opts.period,
                   "also group by the period of received_at: day, week (ISO), month, quarter, year")
        ->option_text("P");
    app.add_option("--from", m_opts.from, "only rows received at or after DATE (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)")
        ->option_text("DATE");
    app.add_option("--to", m_opts.to, "only rows received at or before DATE (a date alone includes the whole day)")
        ->option_text("DATE");
    app.add_option("--where", m_opts.where,
                   "only rows where COL=V[,V..], COL!=V, COL<N, COL<=N, COL>N, COL>=N (or COL:lt:N ...), A|B: either; "
                   "repeatable")
        ->option_text("EXPR")
        ->allow_extra_args(false);
    app.add_option("--metrics", m_opts.metrics,
                   "metric families: share, mean, dist, csat, low, nps, closure, open, overdue, resolution, sla, "
                   "revisit, second, fcr, complaints (default: all the columns allow, but dist and complaints)")
        ->option_text("LIST");
    app.add_option("--as-of", m_opts.as_of, "the time open items are overdue at (default: now)")
        ->option_text("DATETIME");
    app.add_option("--ci", m_opts.view.ci, "confidence level of intervals and tests (default 0.95)")
        ->option_text("LEVEL")
        ->check(finite_number(0.5, 0.9999));
    app.add_flag("--no-ci", m_opts.no_ci, "leave out the interval columns (_lo, _hi)");
    app.add_option("--format", m_opts.format,
                   "csv (default), tsv, json, md, table, or xtab (a line per column, for wide tables); md, table "
                   "and xtab show shares and rates as percentages")
        ->option_text("F");
    app.add_option(
           "--lang", m_opts.lang,
           "md, table and xtab: name the columns, and show the codes of channel, status, category, issue ..., in zh "
           "or en (labels.yaml), or auto: zh or en from the data's text, as fbkit report (default: none, the codes; "
           "csv, tsv and json keep the names and codes)")
        ->option_text("L");
    app.add_option("--precision", m_opts.precision,
                   "decimals of real numbers (default 6 for csv/tsv/json, 4 for md/table/xtab; their percentages: "
                   "1, else N-2)")
        ->option_text("N")
        ->check(CLI::Range(0, 15));
    app.add_option("--top", m_opts.view.top, "keep the N largest groups (per period), with cum_share (pareto)")
        ->option_text("N")
        ->check(CLI::PositiveNumber);
    app.add_flag("--pareto", m_opts.view.pareto, "order groups by n, largest first, with cum_share");
    app.add_option("--rank", m_opts.rank, "rank groups by a metric column, best first (METRIC or METRIC:asc)")
        ->option_text("METRIC");
    app.add_option("--min-n", m_opts.view.min_n,
                   "answers a group needs to be ranked, to alert on a rate (--fail-on), and on each side of a tested "
                   "change (default: stats.yaml min_n)")
        ->option_text("N")
        ->check(CLI::NonNegativeNumber);
    app.add_flag("--compare", m_opts.view.compare,
                 "output the changes against the previous period and a year before, with tests (needs --period)");
    app.add_option("--fdr-family", m_opts.fdr_family,
                   "the tests one Benjamini-Hochberg correction covers: metric (each metric across groups) or "
                   "period (each group's period across metrics) (default: stats.yaml fdr_family)")
        ->option_text("F");
    app.add_option("--terms", m_opts.view.terms_top, "output the N most frequent terms of the text per group")
        ->option_text("N")
        ->check(CLI::PositiveNumber);
    app.add_option("--volumes", m_opts.volumes,
                   "order volumes per period (CSV: period,orders[,--by columns]) for "
                   "complaints_per_1000")
        ->option_text("FILE");
    app.add_option("--fail-on", m_opts.fail_on,
                   "exit 3 when a metric breaches a threshold in any row, e.g. 'csat<0.85'; repeatable")
        ->option_text("EXPR")
        ->allow_extra_args(false);
    app.add_flag("--partial", m_opts.partial, "write a mergeable partial state instead of a table (needs --as-of)");
    app.add_flag("--merge", m_opts.merge, "the inputs are partial states: merge them, then compute as one run would");
  }

  int run() override {
    // Everything is checked before any input is read or output written.
    refuse_terminal_stdin("stats", m_inputs);
    if (!m_opts.merge) {
      csv::refuse_raw_exports(m_inputs);  // exit 2 before any output
    }
    refuse_excel_safe_into_pipe(m_output);
    const config::Store store(m_config_dir.empty() ? std::nullopt : std::optional(m_config_dir));
    const stats::Labels labels = load_labels(store);
    const stats::Plan plan = stats::plan(m_opts, labels);
    // Every file of the run is named, checked and created before any is read.
    OutputSet files;
    files.inputs(m_inputs);
    if (!m_opts.volumes.empty()) {
      files.input(m_opts.volumes, "--volumes");
    }
    ByteSink& out = files.output(m_output.output, "-o");
    files.open();
    const stats::Settings settings = stats::load_settings(store.get("stats.yaml"));

    // --lang auto: the language from the same reading as the metrics.
    const bool labelled = stats::shows_labels(plan.format);
    text::LanguageScan scan;
    stats::Aggregator agg = m_opts.merge ? stats::merge_parts(settings, m_inputs)
                                         : stats::aggregate(plan.query, settings, m_inputs,
                                                            labelled && m_opts.lang == "auto" ? &scan : nullptr);
    std::string lang_note;
    const std::string lang = labelled ? text::choose_language(m_opts.lang, scan, lang_note) : "";
    if (!lang_note.empty()) {
      fmt::print(stderr, "fbkit stats: {}\n", lang_note);
    }
    for (const stats::RowWarning& w : agg.warnings()) {
      std::cerr << "fbkit: warning: " << w.message() << "\n";  // through the filter, which erases the meter
    }
    for (const std::string& w : agg.watch().warnings()) {
      std::cerr << "fbkit: warning: " << w << "\n";  // channel=phne: no row has it; channel has: ...
    }
    if (m_opts.partial) {
      stats::write_state(agg, out);
      files.commit();
      return 0;
    }
    const stats::Result result = stats::compute(agg, plan.view);
    stats::check_alert_columns(result.metrics, plan.alerts);
    const stats::Table& shown = result.changes ? *result.changes : result.terms ? *result.terms : result.metrics;
    stats::Table relabelled;
    if (!lang.empty()) {
      relabelled = stats::relabel(shown, labels, lang);
    }
    const stats::Table& table = relabelled.columns.empty() ? shown : relabelled;
    stats::FormatOptions fo;
    fo.precision = m_opts.precision;
    fo.bom = m_output.bom;
    fo.excel_safe = m_output.excel_safe;
    stats::render(table, plan.format, fo, out);
    files.commit();
    std::vector<std::string> small;
    const std::int64_t min_n = plan.view.min_n >= 0 ? plan.view.min_n : settings.min_n;
    const std::vector<std::string> breached = stats::breaches(result.metrics, plan.alerts, min_n, &small);
    for (const std::string& b : small) {
      fmt::print(stderr, "fbkit stats: {}\n", b);
    }
    for (const std::string& b : breached) {
      std::cerr << "fbkit: alert: " << b << "\n";
    }
    return breached.empty() ? 0 : kExitAlert;
  }

private:
  std::vector<std::string> m_inputs;
  OutputOptions m_output;
  std::string m_config_dir;
  stats::Options m_opts;
};

}  // namespace

std::unique_ptr<Command> make_stats_command() {
  return std::make_unique<StatsCommand>();
}

}  // namespace fbkit::cmd
