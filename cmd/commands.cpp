#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "classify/packs.hpp"
#include "cli.hpp"
#include "command.hpp"
#include "core/error.hpp"
#include "core/strings.hpp"

namespace fbkit::cmd {

std::unique_ptr<Command> make_classify_command();
std::unique_ptr<Command> make_clean_command();
std::unique_ptr<Command> make_config_command();
std::unique_ptr<Command> make_import_command();
std::unique_ptr<Command> make_stats_command();
std::unique_ptr<Command> make_report_command();
std::unique_ptr<Command> make_run_command();

const std::vector<CommandSpec>& commands() {
  static const std::vector<CommandSpec> table = {
      {"import", "read raw exports (CSV/TSV/xlsx, any common encoding) into the canonical feedback CSV",
       make_import_command},
      {"clean", "drop duplicates, test rows, spam and invalid survey answers; normalize text; mask personal data",
       make_clean_command},
      {"classify", "assign category, issue, urgency, sentiment, value tier, department and SLA by YAML rules",
       make_classify_command},
      {"stats", "metric tables by any columns and period: CSAT, NPS, means, closure, SLA, changes with tests",
       make_stats_command},
      {"report",
       "the monthly report (html, md, json, xlsx): overview, satisfaction, core problems, trends, follow-up, agents, "
       "actions",
       make_report_command},
      {"run",
       "the monthly run from a pipeline file: import, clean, classify and report into a dated folder, with a run log",
       make_run_command},
      {"config", "write out or show the built-in YAML configuration for editing", make_config_command},
  };
  return table;
}

void add_output_options(CLI::App& app, OutputOptions& options) {
  app.add_option("-o,--output", options.output, "write the main output to FILE, atomically (default: stdout)")
      ->option_text("FILE");
  app.add_flag("--bom,!--no-bom", options.bom,
               "start CSV output with a UTF-8 BOM, for Excel (defaults.yaml 'bom: true' makes it the default; "
               "--no-bom then leaves it out)");
  app.add_flag("--excel-safe", options.excel_safe,
               "for a file a spreadsheet opens: prefix cells that start with = + - @ TAB CR (not numbers) with an "
               "apostrophe, so they show as text (refused when the output is a pipe)");
}

void refuse_excel_safe_into_pipe(const OutputOptions& options) {
  if (!options.excel_safe) {
    return;
  }
  struct stat st {};
  const bool known = options.output == "-" ? fstat(STDOUT_FILENO, &st) == 0 : stat(options.output.c_str(), &st) == 0;
  if (known && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))) {
    throw UsageError(
        "--excel-safe: the output is a pipe, and the apostrophes would become part of the values the next "
        "command reads; give --excel-safe to the command that writes the file a spreadsheet opens");
  }
}

stats::Labels load_labels(const config::Store& store, std::shared_ptr<const stats::Labels>* read) {
  stats::Labels labels = stats::Labels::load(store);
  if (read != nullptr) {
    *read = std::make_shared<const stats::Labels>(labels);
  }
  labels.defer([store] {
    stats::Labels::ValueLabels more;
    const classify::Names names = classify::load_names(store);  // no words, no patterns
    for (const classify::Category& c : names.rules.categories) {
      more["category"][c.id] = {c.zh, c.en};
    }
    for (const classify::Issue& i : names.rules.issues) {
      more["issue"][i.id] = {i.zh, i.en};
    }
    for (const classify::Issue& i : names.pack_issues) {  // of a packed classify (配送慢 ...)
      more["issue"][i.id] = {i.zh, i.en};
    }
    return more;
  });
  return labels;
}

void add_config_option(CLI::App& app, std::string& config_dir) {
  app.add_option("--config", config_dir,
                 "read YAML configuration from DIR, falling back to the built-in defaults (default: the user "
                 "configuration, $FBKIT_CONFIG or ~/.config/fbkit, when it exists)")
      ->option_text("DIR");
  // After parsing: the user configuration unless --config named one, then its defaults.yaml for the options not given.
  app.final_callback([&app, &config_dir] {
    if (config_dir.empty()) {
      config_dir = user_config_dir();
    }
    apply_option_defaults(app, config_dir);
  });
}

CLI::Validator finite_number(double min, double max) {
  const std::string range =
      std::isinf(max) ? fmt::format("of {} or more", min) : fmt::format("from {} to {}", min, max);
  return CLI::Validator(
      [min, max, range](std::string& input) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(input.c_str(), &end);
        if (input.empty() || end != input.c_str() + input.size() || !std::isfinite(v) || v < min || v > max) {
          return "'" + input + "' is not a number " + range;
        }
        return std::string();
      },
      "");
}

void refuse_terminal_stdin(std::string_view command, const std::vector<std::string>& inputs) {
  if (inputs.empty() && isatty(STDIN_FILENO) != 0) {
    throw UsageError(
        fmt::format("no input: name a file or pipe CSV into fbkit {} (standard input is a terminal)", command));
  }
}

std::string suggest_command(std::string_view typed) {
  std::string best;
  std::size_t best_distance = 3;  // at most two edits away
  for (const CommandSpec& spec : commands()) {
    const std::size_t d = edit_distance(typed, spec.name);
    const bool prefix = typed.size() >= 2 && spec.name.substr(0, typed.size()) == typed;
    if (prefix || d < best_distance) {
      best = spec.name;
      best_distance = prefix ? 0 : d;
    }
  }
  return best;
}

}  // namespace fbkit::cmd
