// The documented error types of fbkit and the exit codes they map to.
// Only cmd/main.cpp catches them; the library throws and never exits.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace fbkit {

// Exit codes of CONTRACT.md.
enum ExitCode : int {
  kExitOk = 0,
  kExitData = 1,   // unreadable input, malformed data beyond the error limit, I/O
  kExitUsage = 2,  // bad flag or invalid configuration, found before any output
  kExitAlert = 3,  // run succeeded but a configured alert threshold was breached
};

// A place in an input: "file:line:col", with the parts that are known.
struct Location {
  std::string file;
  std::int64_t line = 0;  // 1-based; 0 = unknown
  std::int64_t col = 0;   // 1-based, in characters; 0 = unknown

  // "file", "file:line" or "file:line:col".
  std::string str() const;
};

// Base of every fbkit error; what() is the full message without "fbkit: error: ".
// An error may carry several messages (every mistake of a phase, see
// core/diagnostics.hpp): main() prints each, capped (capped_errors).
class Error : public std::runtime_error {
public:
  Error(int exit_code, const std::string& message)
      : std::runtime_error(message), m_exit_code(exit_code), m_messages{message} {}
  // Several messages (at least one); what() is the first, `origin` ends a capped list.
  Error(int exit_code, std::vector<std::string> messages, std::string origin, std::size_t omitted = 0)
      : std::runtime_error(messages.empty() ? std::string() : messages.front()),
        m_exit_code(exit_code),
        m_messages(std::move(messages)),
        m_origin(std::move(origin)),
        m_omitted(omitted) {}
  int exit_code() const { return m_exit_code; }
  // Every message, in the order to print them (what() alone for a single error).
  const std::vector<std::string>& messages() const { return m_messages; }
  // What the messages are about (a file), for "ORIGIN: ... and N more errors".
  const std::string& origin() const { return m_origin; }
  // Errors found but not kept (beyond the collector's cap).
  std::size_t omitted() const { return m_omitted; }

private:
  int m_exit_code;
  std::vector<std::string> m_messages;
  std::string m_origin;
  std::size_t m_omitted = 0;
};

// A bad command line (exit 2).
class UsageError : public Error {
public:
  explicit UsageError(const std::string& message) : Error(kExitUsage, message) {}
};

// Invalid configuration or rules (exit 2); the message names file:line:col.
class ConfigError : public Error {
public:
  explicit ConfigError(const std::string& message) : Error(kExitUsage, message), m_detail(message) {}
  ConfigError(const Location& where, const std::string& what)
      : Error(kExitUsage, where.str() + ": " + what), m_where(where), m_detail(what) {}
  // Every mistake of a file or phase (Diagnostics::checkpoint()).
  ConfigError(std::vector<std::string> messages, std::string origin, std::size_t omitted = 0)
      : Error(kExitUsage, std::move(messages), std::move(origin), omitted) {}
  // The place, when the error was built with one (an empty file otherwise).
  const Location& where() const { return m_where; }
  // The message without its place.
  const std::string& detail() const { return m_detail; }

private:
  Location m_where;
  std::string m_detail;
};

// Input data that cannot be processed (exit 1); the message names file:line:col.
class DataError : public Error {
public:
  explicit DataError(const std::string& message) : Error(kExitData, message) {}
  DataError(const Location& where, const std::string& what) : Error(kExitData, where.str() + ": " + what) {}
};

// A failed system call on a file or stream (exit 1).
class IoError : public Error {
public:
  explicit IoError(const std::string& message) : Error(kExitData, message) {}
};

// The most error lines one run prints, and about the most bytes they take
// together; a longer list ends with "... and N more errors".
inline constexpr std::size_t kMaxErrorLines = 100;
inline constexpr std::size_t kMaxErrorBytes = 32 * 1024;
// The most bytes of one message printed (then it ends in "…").
inline constexpr std::size_t kMaxMessageBytes = 2048;

// A message as it may reach a terminal: control characters and invalid UTF-8
// escaped (escape_controls), cut to kMaxMessageBytes. Every printer of
// errors and warnings uses it, whatever the message was built from.
std::string printable_message(std::string_view message);

// Of a list of messages, the lines to print: printable_message() of the
// first ones, up to kMaxErrorLines lines and kMaxErrorBytes, then
// "ORIGIN: ... and N more errors". The one place that caps a list of errors.
// `omitted` more errors were found than `messages` holds (they count in N).
std::vector<std::string> capped_errors(const std::vector<std::string>& messages, const std::string& origin,
                                       std::size_t omitted = 0);

// Throws IoError "<what> <path>: <strerror(errno)>".
[[noreturn]] void throw_errno(const std::string& what, const std::string& path);

}  // namespace fbkit
