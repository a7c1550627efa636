// The one collector of mistakes (mold's style): a phase records every mistake
// it finds and goes on, then its checkpoint stops the run with all of them at
// once. main() prints them (one "fbkit: error: FILE:LINE:COL: what" line each,
// capped by capped_errors()).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace fbkit {

// One mistake: where, and what ("key.path: what").
struct Diagnostic {
  Location where;
  std::string what;

  // "FILE:LINE:COL: what", or `what` alone when the place is unknown.
  std::string message() const { return where.file.empty() ? what : where.str() + ": " + what; }
};

// The most mistakes one collector keeps; later ones are only counted.
inline constexpr std::size_t kMaxDiagnostics = 10 * kMaxErrorLines;

class Diagnostics {
public:
  // `origin` names what is checked (a file), for "ORIGIN: ... and N more errors".
  explicit Diagnostics(std::string origin = "", std::size_t cap = kMaxDiagnostics)
      : m_origin(std::move(origin)), m_cap(cap) {}

  // Records a mistake at `where`.
  void error(const Location& where, const std::string& what);
  // Records a ConfigError (its place and text).
  void error(const ConfigError& e);

  // Runs one step of a phase; a ConfigError it throws is recorded. Whether it succeeded.
  template <class Step>
  bool attempt(Step&& step) {
    try {
      step();
      return true;
    } catch (const ConfigError& e) {
      error(e);
      return false;
    }
  }

  // Mistakes recorded so far, kept or not.
  std::size_t count() const { return m_kept.size() + m_omitted; }
  bool empty() const { return count() == 0; }
  // The kept mistakes: per file in the order the files were first named, by line, then column.
  std::vector<Diagnostic> sorted() const;
  // The messages of sorted().
  std::vector<std::string> messages() const;

  // The checkpoint at the end of a phase: throws ConfigError with every
  // message (exit 2) when a mistake was recorded.
  void checkpoint() const;

private:
  std::string m_origin;
  std::size_t m_cap;
  std::vector<Diagnostic> m_kept;
  std::vector<std::string> m_files;  // in the order first named
  std::size_t m_omitted = 0;
};

}  // namespace fbkit
