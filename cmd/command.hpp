// The subcommand interface and the registration table of the fbkit program.
#pragma once

#include <CLI/CLI.hpp>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "stats/labels.hpp"

namespace fbkit::cmd {

// One subcommand. setup() binds options to plain settings and opens nothing;
// run() calls the library and returns the exit code. Errors are thrown and
// caught in main() alone.
class Command {
public:
  virtual ~Command() = default;
  virtual void setup(CLI::App& app) = 0;
  virtual int run() = 0;
};

struct CommandSpec {
  std::string_view name;
  std::string_view summary;  // one line, shown by `fbkit --help`
  std::unique_ptr<Command> (*make)();
};

// Every subcommand, in the order `fbkit --help` lists them (cmd/commands.cpp).
const std::vector<CommandSpec>& commands();

// Options several commands share.
struct OutputOptions {
  std::string output = "-";
  bool bom = false;
  bool excel_safe = false;
};
// -o/--output, --bom, --excel-safe.
void add_output_options(CLI::App& app, OutputOptions& options);

// Throws UsageError when --excel-safe is given and the main output is a pipe or
// socket: another program reads it, and the apostrophes would become part of
// its values. --excel-safe is for the file a spreadsheet opens.
void refuse_excel_safe_into_pipe(const OutputOptions& options);

// labels.yaml of `store`, and the names of classify.yaml's categories and issues
// (read when first needed): what --lang shows and --by/--where/... accept. With
// `read`, labels.yaml alone (nothing deferred) is kept there too (report::Options::labels).
stats::Labels load_labels(const config::Store& store, std::shared_ptr<const stats::Labels>* read = nullptr);

// --config DIR: a folder whose YAML files override the built-in defaults.
void add_config_option(CLI::App& app, std::string& config_dir);

// A check of a real-number option: a finite number from `min` to `max`. NaN and the
// infinities are refused (CLI11's Range and NonNegativeNumber let NaN through).
CLI::Validator finite_number(double min, double max = std::numeric_limits<double>::infinity());

// Throws UsageError when no input file was named and standard input is a terminal:
// the command would wait for CSV typed by hand, which is never what was meant.
void refuse_terminal_stdin(std::string_view command, const std::vector<std::string>& inputs);

// The closest command name to `typed`, or "" if none is close.
std::string suggest_command(std::string_view typed);

}  // namespace fbkit::cmd
