// The small files a user hands the report beside the data: --events,
// --invitations, --improvements (CSV) and --quality (JSON summaries of import
// and clean). Each is read once; a mistake is a UsageError naming the option.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "report/report.hpp"

namespace fbkit::report {

// Rows of named columns; UsageError "OPTION PATH: expected a column 'X'" when a
// required column is missing.
std::vector<std::map<std::string, std::string>> read_small_csv(const std::string& path,
                                                               std::initializer_list<const char*> required,
                                                               const char* option);

// --events: a date and a label per row.
struct Event {
  std::string date, label;
  std::int64_t when = 0;
};
std::vector<Event> read_events(const std::string& path);

// --invitations: channel -> invitations sent (summed over rows).
std::map<std::string, double> read_invitations(const std::string& path);

// --improvements: an issue, the date of an action on it, the action.
struct Improvement {
  std::string issue, date, action;
  std::int64_t day = 0;  // the date's first second
};
std::vector<Improvement> read_improvements(const std::string& path);

// --quality: one row per summary (file, command, read, written/rejected/removed, reasons).
Json read_quality(const std::vector<std::string>& paths);

}  // namespace fbkit::report
