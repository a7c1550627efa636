// Standard error while a command runs: the progress meter, and the summaries
// --quiet silences ("fbkit import: 120 read, 118 written ..."). Errors,
// warnings and alerts ("fbkit: ...") always pass.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>

#include "cli.hpp"
#include "core/progress.hpp"

namespace fbkit::cmd {

namespace {

// "fbkit import: ..." is a summary; "fbkit: warning: ..." is not.
bool is_summary(const std::string& line) {
  if (line.rfind("fbkit ", 0) != 0) {
    return false;
  }
  const std::size_t colon = line.find(':');
  return colon != std::string::npos && line.find(' ', 6) > colon;
}

// Whether the meter may be drawn: standard error is a terminal (not a pipe, a
// file or cron's mail), and standard output is not the same terminal or a pipe
// (in `import | clean | stats` only the last command draws, and never amid the
// CSV it prints).
bool meter_wanted(const CLI::App& command, bool quiet) {
  const char* term = std::getenv("TERM");
  if (quiet || isatty(STDERR_FILENO) == 0 || (term != nullptr && std::strcmp(term, "dumb") == 0)) {
    return false;
  }
  const CLI::Option* output = command.get_option_no_throw("--output");
  if (output != nullptr && output->count() > 0 && output->as<std::string>() != "-") {
    return true;
  }
  struct stat st {};
  return fstat(STDOUT_FILENO, &st) == 0 && isatty(STDOUT_FILENO) == 0 && !S_ISFIFO(st.st_mode) && !S_ISSOCK(st.st_mode);
}

}  // namespace

int MessageFilter::overflow(int c) {
  if (c != traits_type::eof()) {
    m_line += static_cast<char>(c);
    if (c == '\n') {
      flush_line();
    }
  }
  return c;
}

std::streamsize MessageFilter::xsputn(const char* s, std::streamsize n) {
  for (std::streamsize i = 0; i < n; ++i) {
    overflow(static_cast<unsigned char>(s[i]));
  }
  return n;
}

int MessageFilter::sync() {
  return 0;  // std::cerr syncs after every <<: a line is judged when it is whole
}

void MessageFilter::finish() {
  flush_line();
}

void MessageFilter::flush_line() {
  if (m_line.empty()) {
    return;
  }
  if (!(m_quiet && is_summary(m_line))) {
    progress::clear();
    m_target->sputn(m_line.data(), static_cast<std::streamsize>(m_line.size()));
    m_target->pubsync();
  }
  m_line.clear();
}

void add_verbosity_flags(CLI::App& app, Verbosity& verbosity) {
  app.add_flag("-q,--quiet", verbosity.quiet,
               "no summaries on standard error (the 'read, written' counts) and no progress; warnings and errors "
               "remain");
  app.add_flag("--verbose", verbosity.verbose,
               "also the configuration folder in use and, at the end, rows, megabytes, seconds and MB/s");
  for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    add_verbosity_flags(*sub, verbosity);
  }
}

RunMessages::RunMessages(const CLI::App& command, const Verbosity& verbosity)
    : m_filter(std::cerr.rdbuf(), verbosity.quiet),
      m_previous(std::cerr.rdbuf(&m_filter)),
      m_verbose(verbosity.verbose),
      m_label("fbkit " + command_path(command)) {
  if (m_verbose && command.get_option_no_throw("--config") != nullptr) {
    std::cerr << m_label
              << ": configuration: " << (config_in_use().empty() ? "built-in" : config_in_use() + ", over the built-in")
              << "\n";
  }
  progress::start(m_label, meter_wanted(command, verbosity.quiet));
}

RunMessages::~RunMessages() {
  const std::string figures = progress::stop();
  m_filter.finish();
  std::cerr.rdbuf(m_previous);
  if (m_verbose && !figures.empty()) {
    std::cerr << m_label << ": " << figures << "\n";
  }
}

}  // namespace fbkit::cmd
