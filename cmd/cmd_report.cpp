// fbkit report [FILE...]: the monthly feedback report (html, md, json, xlsx)
// from classified canonical CSV, for one period, in Chinese or English.
#include <fmt/core.h>
#include <unistd.h>

#include <iostream>
#include <optional>

#include "command.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/output_set.hpp"
#include "render/xlsx.hpp"
#include "report/report.hpp"

namespace fbkit::cmd {

namespace {

class ReportCommand : public Command {
public:
  void setup(CLI::App& app) override {
    app.add_option("inputs", m_options.inputs, "classified canonical CSV files ('-' or none: standard input)");
    app.add_option("-o,--output", m_output, "write the report to FILE, atomically (default: stdout)")
        ->option_text("FILE");
    app.add_option("--format", m_format, "html (default), md, json or xlsx")->option_text("F");
    app.add_option(
           "--period", m_options.period,
           "2025-10, 2025-Q3, 2025-W42, 2025, a day, or last-month (default: the last full month before --as-of; "
           "when it holds no rows, exit 1)")
        ->option_text("P");
    app.add_option("--as-of", m_as_of,
                   "the report's date, as in stats: open items are overdue at it (default: now, local time)")
        ->option_text("DATETIME");
    app.add_option("--lang", m_options.lang, "zh (default) or en")->option_text("L");
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
  }

  int run() override {
    refuse_terminal_stdin("report", m_options.inputs);
    if (m_format != "html" && m_format != "md" && m_format != "json" && m_format != "xlsx") {
      throw UsageError("--format: expected html, md, json or xlsx, not '" + m_format + "'");
    }
    if (m_format == "xlsx" && m_output == "-" && isatty(1)) {
      throw UsageError("--format xlsx: name a file with -o (an xlsx file is binary)");
    }
    if (!m_as_of.empty()) {
      m_options.as_of = m_as_of;
    }
    if (!m_config_dir.empty()) {
      m_options.config_dir = m_config_dir;
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
    if (m_format == "xlsx") {
      render::write_xlsx(report::to_xlsx(built.model), out);
    } else {
      std::string text;
      if (m_format == "html") {
        text = report::to_html(built.model);
      } else if (m_format == "md") {
        text = report::to_markdown(built.model);
      } else {
        text = built.model.dump(2) + "\n";
      }
      out.write(text.data(), text.size());
    }
    files.commit();
    if (built.breaches.empty() || m_no_fail) {
      return 0;
    }
    std::string line;
    for (const std::string& b : built.breaches) {
      line += (line.empty() ? "" : "; ") + b;
    }
    std::cerr << fmt::format("fbkit report: {} target{} missed: {}\n", built.breaches.size(),
                             built.breaches.size() == 1 ? "" : "s", line);
    return kExitAlert;
  }

private:
  report::Options m_options;
  std::string m_output = "-";
  std::string m_format = "html";
  std::string m_as_of;
  std::string m_config_dir;
  bool m_no_fail = false;
};

}  // namespace

std::unique_ptr<Command> make_report_command() {
  return std::make_unique<ReportCommand>();
}

}  // namespace fbkit::cmd
