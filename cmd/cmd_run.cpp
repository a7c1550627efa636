// fbkit run PIPELINE.yaml: the monthly run (import -> clean -> classify -> report)
// into one dated folder, with a run log; for cron and systemd timers (docs/cron.md).
#include <iostream>
#include <string>

#include "command.hpp"
#include "run/pipeline.hpp"
#include "run/run.hpp"
#include "version.hpp"

namespace fbkit::cmd {

namespace {

class RunCommand : public Command {
public:
  void setup(CLI::App& app) override {
    app.footer(
        "Reads each channel's exports named in PIPELINE.yaml and writes feedback.csv, rejects.csv, clean.csv, "
        "removed.csv, classified.csv, the reports and run.json into OUTPUT/PERIOD/ (e.g. runs/2025-10/), which "
        "appears whole at the end; a rerun of the same period replaces it then. A missing or empty export is a "
        "warning, listed in run.json and in the report's data-quality part. Exit 0, 1 or 3 as fbkit report; 2 for "
        "a mistake in the pipeline file (docs/cron.md).");
    app.add_option("pipeline", m_pipeline, "the pipeline file (YAML; docs/cron.md)")->required();
    app.add_option("--as-of", m_as_of,
                   "the run's date: the report covers the last full month before it (default: now, in the "
                   "pipeline's time_zone)")
        ->option_text("DATETIME");
    app.add_flag("--no-fail", m_options.no_fail,
                 "exit 0 even when a target is missed (the alerts stay in the report and run.json)");
  }

  int run() override {
    const run::Pipeline pipeline = run::load_pipeline(m_pipeline);
    if (!m_as_of.empty()) {
      m_options.as_of = m_as_of;
    }
    m_options.version = std::string("fbkit ") + FBKIT_VERSION;
    return run::run(pipeline, m_options, std::cerr).exit_code;
  }

private:
  std::string m_pipeline;
  std::string m_as_of;
  run::Options m_options;
};

}  // namespace

std::unique_ptr<Command> make_run_command() {
  return std::make_unique<RunCommand>();
}

}  // namespace fbkit::cmd
