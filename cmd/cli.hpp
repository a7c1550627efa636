// The conventions every command shares, kept out of main.cpp: `fbkit help CMD`,
// --version on every command, "did you mean" for flags, the generated man
// pages and shell completions (cmd/cli_*.cpp).
#pragma once

#include <CLI/CLI.hpp>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

namespace fbkit::cmd {

// The arguments after the program name, with `help [CMD [SUB]]` rewritten to
// `[CMD [SUB]] --help`.
std::vector<std::string> rewrite_help(int argc, char** argv);

// Adds --version to `app` and to each of its subcommands, at every depth.
void add_version_flags(CLI::App& app, const std::string& version);

// The deepest subcommand the command line chose (`app` itself when none).
CLI::App& chosen_command(CLI::App& app);

// The words that choose `command` below fbkit: "stats", "config dump".
std::string command_path(const CLI::App& command);

// The usage error for arguments CLI11 did not expect: each unknown option named,
// with the closest option of the command ("unknown option '--grop'; did you mean
// '--group'?"); `fallback` (CLI11's message) when no extra argument is an option.
std::string unknown_options_message(CLI::App& command, const std::vector<std::string>& extras,
                                    const std::string& fallback);

// The closest of `names` to `typed` (at most two edits away, or a name it
// starts), or "" if none is close.
std::string closest_name(std::string_view typed, const std::vector<std::string>& names);

// `fbkit --help-man [CMD [SUB]]`: the man page of a command, in roff, from its
// --help text (CMake writes one per command at build time).
void write_man_page(CLI::App& app, const std::vector<std::string>& path, const std::string& version, std::ostream& out);

// `fbkit --completion bash|zsh|fish`: a completion script for the shell, naming
// the commands, their flags, the import profiles and the canonical columns.
void write_completion(CLI::App& app, std::string_view shell, std::ostream& out);

// The user configuration folder: $FBKIT_CONFIG (UsageError unless a folder), or
// $XDG_CONFIG_HOME/fbkit, or ~/.config/fbkit when that folder exists; "" otherwise.
std::string user_config_dir();
// The folder the chosen command reads its configuration from ("" : built-in only).
const std::string& config_in_use();
// Gives each option of `command` that the command line left out the value
// defaults.yaml (from `config_dir`, or the built-in one) names for it.
// ConfigError at the key for a name no command has, or a value the option refuses.
void apply_option_defaults(CLI::App& command, const std::string& config_dir);

// -q/--quiet and --verbose, on every command.
struct Verbosity {
  bool quiet = false;
  bool verbose = false;
};
void add_verbosity_flags(CLI::App& app, Verbosity& verbosity);

// What std::cerr writes goes through this, a line at a time: the progress line
// is erased first, and with --quiet a summary line ("fbkit CMD: ...") is dropped.
class MessageFilter : public std::streambuf {
public:
  MessageFilter(std::streambuf* target, bool quiet) : m_target(target), m_quiet(quiet) {}
  // Writes what is left of a line that did not end.
  void finish();

protected:
  int overflow(int c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

private:
  void flush_line();
  std::streambuf* m_target;
  bool m_quiet;
  std::string m_line;
};

// Standard error for the run of `command`: the filter on std::cerr and the
// progress meter (drawn when standard error is a terminal), from construction
// to destruction; then --verbose's closing figures.
class RunMessages {
public:
  RunMessages(const CLI::App& command, const Verbosity& verbosity);
  ~RunMessages();
  RunMessages(const RunMessages&) = delete;
  RunMessages& operator=(const RunMessages&) = delete;

private:
  MessageFilter m_filter;
  std::streambuf* m_previous;
  bool m_verbose;
  std::string m_label;
};

}  // namespace fbkit::cmd
