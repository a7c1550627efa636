// The canonical values every command reads one way: the status column's codes
// with what "open" and "overdue" mean, a score and an NPS answer in a cell, and
// a decimal.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace fbkit::values {

// A status code of the canonical CSV (core/schema.cpp: the status column).
class Status {
public:
  enum Code : std::uint8_t { not_started, in_progress, completed, closed };
  static constexpr int kCount = 4;

  constexpr explicit Status(Code code) : m_code(code) {}
  // The status a code names; nullopt for anything else, blank included.
  static std::optional<Status> parse(std::string_view code);

  constexpr Code code() const { return m_code; }
  // "not_started", "in_progress", "completed", "closed".
  std::string_view name() const;
  // Still someone's to do: not started or in progress.
  constexpr bool is_open() const { return m_code == not_started || m_code == in_progress; }
  // Open and due strictly before as_of (both in seconds, values/timestamp).
  constexpr bool is_overdue(std::int64_t due, std::int64_t as_of) const { return is_open() && due < as_of; }

private:
  Code m_code;
};

// A score cell (score_overall, score_<name>, followup_score): 1..5, 0 when
// blank, -1 for anything that is not a 1-5 score (parse_score's forms are
// read: 4, 4分, ★★★★, 满意 ...).
int score_cell(std::string_view s);

// An NPS cell (nps_score): 0..10, -1 when blank, -2 for anything that is not
// a 0-10 answer.
int nps_cell(std::string_view s);

// A decimal number, the whole of s: what std::from_chars reads (digits, a
// point, an exponent, a leading '-'), also with a leading '+', and finite.
// No white space is skipped. The one reader of plain numbers in cells and
// in command-line thresholds.
bool parse_decimal(std::string_view s, double& out);

}  // namespace fbkit::values
