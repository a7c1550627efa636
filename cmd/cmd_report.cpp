// fbkit report [FILE...]: the monthly feedback report (html, md, json, xlsx)
// from classified canonical CSV, for one period, in Chinese or English.
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <optional>

#include "command.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/output_set.hpp"
#include "csv/raw_export.hpp"
#include "render/xlsx.hpp"
#include "report/report.hpp"
#include "report/scope.hpp"

namespace fbkit::cmd {

namespace {

class ReportCommand : public Command {
public:
  void setup(CLI::App& app) override {
    app.add_option("inputs", m_options.inputs, "classified canonical CSV files ('-' or none: standard input)");
    app.add_option("-o,--output", m_output, "write the report to FILE, atomically (default: stdout)")
        ->option_text("FILE");
    app.add_option("--format", m_format, "html, md, json or xlsx (default: -o's extension: .md .json .xlsx, else html)")
        ->option_text("F")
        ->check([](const std::string& f) { return f.empty() ? "expected html, md, json or xlsx, not ''" : ""; });
    app.add_option(
           "--range", m_options.period,
           "the period to report: 2025-10, 2025-Q3, 2025-W42, 2025, a day, or last-month (default: the last full "
           "month before --as-of; when it holds no rows, exit 1)")
        ->option_text("P");
    // The old name, which stats uses for a granularity: still read, with a note (docs/report.md).
    app.add_option("--period", m_old_period, "deprecated: --range")->group("");
    app.add_option("--as-of", m_as_of,
                   "the report's date, as in stats: open items are overdue at it (default: now, local time)")
        ->option_text("DATETIME");
    app.add_option("--lang", m_options.lang, "auto (default: zh when 20% of the text's letters are Chinese), zh or en")
        ->option_text("L");
    add_config_option(app, m_config_dir);
    app.add_option("--events", m_options.events, "business events to mark on the trends (CSV: date,label)")
        ->option_text("FILE");
    app.add_option("--volumes", m_options.volumes,
                   "order volumes per period (CSV: period,orders) for complaints per 1000")
        ->option_text("FILE");
    app.add_option("--invitations", m_options.invitations, "survey invitations per channel (CSV: channel,invitations)")
        ->option_text("FILE");
    app.add_option("--improvements", m_options.improvements,
                   "improvement actions to verify (CSV: issue,date[,action]): the issue's scores before and after")
        ->option_text("FILE");
    app.add_option("--quality", m_options.quality,
                   "a --summary JSON file of import or clean, for the data-quality table; repeatable")
        ->option_text("FILE")
        ->allow_extra_args(false);
    app.add_flag("--no-fail", m_no_fail, "exit 0 even when a target is missed (the alerts stay in the report)");
    // --where / --by (docs/report.md "Per department").
    app.add_option("--where", m_options.where,
                   "only rows where COL=V[,V..], COL!=V, COL<N ... (as stats --where; zh or en labels too); "
                   "repeatable")
        ->option_text("COND")
        ->allow_extra_args(false);
    app.add_option("--by", m_by,
                   "one report per value of COL in the period, each in -o's name with the value "
                   "before the extension (report.html -> report.VALUE.html)")
        ->option_text("COL");
  }

  int run() override {
    refuse_terminal_stdin("report", m_options.inputs);
    csv::refuse_raw_exports(m_options.inputs);             // exit 2 before any output
    m_format = report::output_format(m_format, m_output);  // UsageError for another
    if (m_format == "xlsx" && m_output == "-" && isatty(1)) {
      throw UsageError("--format xlsx: name a file with -o (an xlsx file is binary)");
    }
    if (!m_old_period.empty()) {
      if (!m_options.period.empty()) {
        throw UsageError("--period is the old name of --range: give --range alone");
      }
      std::cerr << "fbkit: warning: report --period is deprecated, use --range " << m_old_period << "\n";
      m_options.period = m_old_period;
    }
    if (!m_as_of.empty()) {
      m_options.as_of = m_as_of;
    }
    if (!m_config_dir.empty()) {
      m_options.config_dir = m_config_dir;
    }
    // UsageError before any output; labels to names (渠道=电话 -> channel=phone); labels.yaml kept for build.
    report::resolve_names(load_labels(config::Store(m_options.config_dir), &m_options.labels), m_options.where, m_by);
    m_options.detail = m_format == "xlsx";  // the workbook's detail sheet
    m_options.warn = [](const std::string& w) { std::cerr << "fbkit: warning: " << w << "\n"; };
    if (!m_by.empty()) {
      return run_by();
    }
    // Every file of the run is named, checked and created before any is read.
    OutputSet files;
    files.inputs(m_options.inputs);
    for (const auto& [option, path] : {std::pair<const char*, const std::string*>{"--events", &m_options.events},
                                       {"--volumes", &m_options.volumes},
                                       {"--invitations", &m_options.invitations},
                                       {"--improvements", &m_options.improvements}}) {
      if (!path->empty()) {
        files.input(*path, option);
      }
    }
    for (const std::string& q : m_options.quality) {
      files.input(q, "--quality");
    }
    ByteSink& out = files.output(m_output, "-o");
    files.open();
    const report::Built built = report::build(m_options);
    for (const std::string& note : built.notes) {
      std::cerr << "fbkit report: " << note << "\n";  // through the filter, which erases the meter
    }
    report::write_report(built, m_format, out);
    files.commit();
    return alert(built.breaches, "");
  }

private:
  // Exit 3 with one alert line on standard error (kept by --quiet) when a target is missed (not with --no-fail).
  int alert(const std::vector<std::string>& breaches, const std::string& scope) const {
    if (breaches.empty() || m_no_fail) {
      return 0;
    }
    std::cerr << "fbkit: alert: report" << scope << ": " << report::missed_targets(breaches) << "\n";
    return kExitAlert;
  }

  // --by COL: one report per value, all files committed together.
  int run_by() {
    if (m_output == "-") {
      throw UsageError("--by: name the output with -o (one file per value: report.html -> report.VALUE.html)");
    }
    for (const std::string& in : m_options.inputs) {
      if (in == "-") {
        throw UsageError("--by reads the input once per value: name a file, not standard input");
      }
    }
    // One choice of language for every value's report, said once.
    if (const std::string note = report::resolve_language(m_options); !note.empty()) {
      std::cerr << "fbkit report: " << note << "\n";
    }
    std::vector<std::string> warnings;
    const std::vector<std::string> values = report::by_values(m_options, m_by, warnings);
    for (const std::string& w : warnings) {
      std::cerr << "fbkit: warning: " << w << "\n";
    }
    if (values.empty()) {
      throw DataError("--by " + m_by + ": no value in the period's rows: no report written");
    }
    std::vector<report::Built> built;
    for (const std::string& v : values) {
      report::Options o = m_options;
      o.where.push_back(m_by + "=" + v);
      o.warn = nullptr;  // by_values() said it once
      built.push_back(report::build(o));
      for (const std::string& note : built.back().notes) {
        std::cerr << "fbkit report: " << m_by << "=" << v << ": " << note << "\n";
      }
    }
    OutputSet files;
    files.inputs(m_options.inputs);
    std::vector<ByteSink*> outs;
    for (const std::string& v : values) {
      outs.push_back(&files.output(report::by_path(m_output, v), "-o"));
    }
    files.open();
    for (std::size_t i = 0; i < values.size(); ++i) {
      report::write_report(built[i], m_format, *outs[i]);
    }
    files.commit();
    int rc = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      rc = std::max(rc, alert(built[i].breaches, " " + m_by + "=" + values[i]));
    }
    return rc;
  }

  report::Options m_options;
  std::string m_by;
  std::string m_output = "-";
  std::string m_format;  // empty: -o's extension says
  std::string m_as_of;
  std::string m_old_period;  // --period, the deprecated name of --range
  std::string m_config_dir;
  bool m_no_fail = false;
};

}  // namespace

std::unique_ptr<Command> make_report_command() {
  return std::make_unique<ReportCommand>();
}

}  // namespace fbkit::cmd
