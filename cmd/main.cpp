// fbkit's entry point: builds the command line from the registration table,
// runs the chosen subcommand, and is the one place errors become exit codes.
#include <fmt/core.h>

#include <cstdio>
#include <exception>
#include <iostream>
#include <new>

#include "cli.hpp"
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

// The hidden `--help-man [CMD]` and `--completion SHELL`, with which the build
// writes the man pages and the shell completions.
int generate(CLI::App& app, const std::vector<std::string>& args) {
  try {
    if (args[0] == "--help-man") {
      fbkit::cmd::write_man_page(app, {args.begin() + 1, args.end()}, FBKIT_VERSION, std::cout);
    } else {
      fbkit::cmd::write_completion(app, args.size() > 1 ? args[1] : "bash", std::cout);
    }
    return 0;
  } catch (const fbkit::Error& e) {
    return report(e);
  } catch (const CLI::Error& e) {
    return report(e.what(), fbkit::kExitUsage);
  }
}

// The usage error for a first argument that is no command ("" when it is one,
// or an option).
std::string unknown_command(const std::string& typed) {
  for (const auto& spec : fbkit::cmd::commands()) {
    if (spec.name == typed) {
      return std::string();
    }
  }
  if (typed.empty() || typed[0] == '-') {
    return std::string();
  }
  const std::string guess = fbkit::cmd::suggest_command(typed);
  return "unknown command '" + typed + "'" + (guess.empty() ? "" : "; did you mean '" + guess + "'?") +
         " (see 'fbkit --help')";
}

}  // namespace

int main(int argc, char** argv) {
  fbkit::install_signal_cleanup();  // SIGINT, SIGTERM ...: no temporary file stays behind
  using fbkit::cmd::Command;
  CLI::App app{
      "fbkit: turn customer-feedback exports into clean data, categories, metrics and a report.\n"
      "Every command reads CSV from the named files or stdin and writes to -o FILE or stdout.",
      "fbkit"};
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 ok, 1 data or I/O failure, 2 usage or configuration error, 3 alert threshold breached.\n"
      "Run 'fbkit help COMMAND' or 'fbkit COMMAND --help' for a command's options.");

  std::vector<std::pair<CLI::App*, std::unique_ptr<Command>>> commands;
  for (const auto& spec : fbkit::cmd::commands()) {
    CLI::App* sub = app.add_subcommand(std::string(spec.name), std::string(spec.summary));
    auto command = spec.make();
    command->setup(*sub);
    commands.emplace_back(sub, std::move(command));
  }
  fbkit::cmd::add_version_flags(app, std::string("fbkit ") + FBKIT_VERSION);
  fbkit::cmd::Verbosity verbosity;
  for (const auto& [sub, command] : commands) {
    fbkit::cmd::add_verbosity_flags(*sub, verbosity);
  }

  std::vector<std::string> args = fbkit::cmd::rewrite_help(argc, argv);
  if (args.empty()) {
    return report("no command given (see 'fbkit --help')", fbkit::kExitUsage);
  }
  if (args[0] == "--help-man" || args[0] == "--completion") {  // hidden: the build writes man pages and completions
    return generate(app, args);
  }
  if (const std::string unknown = unknown_command(args[0]); !unknown.empty()) {
    return report(unknown.c_str(), fbkit::kExitUsage);
  }

  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes the arguments last first
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      return app.exit(e);  // --help, --version
    }
    CLI::App& chosen = fbkit::cmd::chosen_command(app);
    // An unknown option is named first, whatever CLI11 tripped over after it (a missing subcommand ...).
    std::string message = fbkit::cmd::unknown_options_message(chosen, app.remaining(true), e.what());
    if (&chosen != &app) {
      message += " (see 'fbkit " + fbkit::cmd::command_path(chosen) + " --help')";
    }
    return report(message.c_str(), fbkit::kExitUsage);
  } catch (const fbkit::Error& e) {
    return report(e);  // a user configuration the options' defaults come from
  }

  try {
    const fbkit::cmd::RunMessages messages(fbkit::cmd::chosen_command(app), verbosity);
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
