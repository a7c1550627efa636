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
class Error : public std::runtime_error {
public:
  Error(int exit_code, const std::string& message) : std::runtime_error(message), m_exit_code(exit_code) {}
  int exit_code() const { return m_exit_code; }

private:
  int m_exit_code;
};

// A bad command line (exit 2).
class UsageError : public Error {
public:
  explicit UsageError(const std::string& message) : Error(kExitUsage, message) {}
};

// Invalid configuration or rules (exit 2); the message names file:line:col.
class ConfigError : public Error {
public:
  explicit ConfigError(const std::string& message) : Error(kExitUsage, message) {}
  ConfigError(const Location& where, const std::string& what) : Error(kExitUsage, where.str() + ": " + what) {}
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
std::vector<std::string> capped_errors(const std::vector<std::string>& messages, const std::string& origin);

// Throws IoError "<what> <path>: <strerror(errno)>".
[[noreturn]] void throw_errno(const std::string& what, const std::string& path);

}  // namespace fbkit
