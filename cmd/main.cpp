// fbkit's entry point: builds the command line from the registration table,
// runs the chosen subcommand, and is the one place errors become exit codes.
#include <fmt/core.h>

#include <cstdio>
#include <exception>
#include <new>

#include "command.hpp"
#include "core/cleanup.hpp"
#include "core/error.hpp"
#include "version.hpp"

namespace {

int report(const char* message, int code) {
  std::fflush(stdout);
  // Escaped and cut again whatever the message was built from: file content must not reach the terminal raw.
  fmt::print(stderr, "fbkit: error: {}\n", fbkit::printable_message(message));
  return code;
}

// The one printer of fbkit's errors: every message an error carries (all the
// mistakes of a phase, see core/diagnostics.hpp), capped, one line each.
int report(const fbkit::Error& e) {
  if (e.messages().size() == 1 && e.omitted() == 0) {
    return report(e.what(), e.exit_code());
  }
  std::fflush(stdout);
  for (const std::string& line : fbkit::capped_errors(e.messages(), e.origin(), e.omitted())) {
    fmt::print(stderr, "fbkit: error: {}\n", line);
  }
  return e.exit_code();
}

}  // namespace

int main(int argc, char** argv) {
  fbkit::install_signal_cleanup();  // SIGINT, SIGTERM ...: no temporary file stays behind
  using fbkit::cmd::Command;
  CLI::App app{
      "fbkit: turn customer-feedback exports into clean data, categories, metrics and a report.\n"
      "Every command reads CSV from the named files or stdin and writes to -o FILE or stdout.",
      "fbkit"};
  app.set_version_flag("--version", std::string("fbkit ") + FBKIT_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 ok, 1 data or I/O failure, 2 usage or configuration error, 3 alert threshold breached.\n"
      "Run 'fbkit COMMAND --help' for a command's options.");

  std::vector<std::pair<CLI::App*, std::unique_ptr<Command>>> commands;
  for (const auto& spec : fbkit::cmd::commands()) {
    CLI::App* sub = app.add_subcommand(std::string(spec.name), std::string(spec.summary));
    auto command = spec.make();
    command->setup(*sub);
    commands.emplace_back(sub, std::move(command));
  }

  if (argc == 1) {
    return report("no command given (see 'fbkit --help')", fbkit::kExitUsage);
  }
  if (argv[1][0] != '-') {
    const std::string typed = argv[1];
    bool known = false;
    for (const auto& spec : fbkit::cmd::commands()) {
      known = known || spec.name == typed;
    }
    if (!known) {
      const std::string guess = fbkit::cmd::suggest_command(typed);
      const std::string message = "unknown command '" + typed + "'" +
                                  (guess.empty() ? "" : "; did you mean '" + guess + "'?") + " (see 'fbkit --help')";
      return report(message.c_str(), fbkit::kExitUsage);
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      return app.exit(e);  // --help, --version
    }
    std::string message = e.what();
    for (const auto& [sub, command] : commands) {
      if (sub->parsed()) {
        message += " (see 'fbkit " + sub->get_name() + " --help')";
      }
    }
    return report(message.c_str(), fbkit::kExitUsage);
  }

  try {
    for (const auto& [sub, command] : commands) {
      if (sub->parsed()) {
        return command->run();
      }
    }
    return fbkit::kExitUsage;
  } catch (const fbkit::Error& e) {
    return report(e);
  } catch (const std::bad_alloc&) {
    return report("out of memory", fbkit::kExitData);
  } catch (const std::exception& e) {
    const std::string message = std::string("internal error: ") + e.what();
    return report(message.c_str(), fbkit::kExitData);
  }
}
