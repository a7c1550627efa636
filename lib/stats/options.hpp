// The command line of `fbkit stats` as typed, and its checking: cmd/cmd_stats.cpp
// binds the options to Options, and plan() turns them into what the library
// runs, or throws UsageError before any input is read or output written.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "stats/format.hpp"
#include "stats/labels.hpp"
#include "stats/spec.hpp"
#include "stats/table.hpp"

namespace fbkit::stats {

// The options as given ("" and empty lists: not given).
struct Options {
  std::vector<std::string> by;  // --by, each comma-separated
  std::string period;
  std::string from;
  std::string to;
  std::vector<std::string> where;
  std::string metrics;
  std::string as_of;
  bool no_ci = false;
  std::string format = "csv";
  std::string lang;
  int precision = -1;
  std::string rank;  // METRIC or METRIC:asc / METRIC:desc
  std::string volumes;
  std::string fdr_family;  // metric or period; "" = stats.yaml's
  std::vector<std::string> fail_on;
  bool partial = false;
  bool merge = false;
  View view;  // ci, top, pareto, min_n, compare, terms_top as given
};

// What a run computes and shows.
struct Plan {
  Query query;
  View view;
  Format format = Format::csv;
  std::vector<Alert> alerts;
};

// Checks the options and their combinations (UsageError naming the option).
// query.as_of is the current local time unless --as-of is given. Column,
// value and metric names may be labels (labels.hpp): the plan holds the names.
Plan plan(const Options& options, const Labels& labels = Labels());

// "a,b" "c" -> a, b, c (empty items dropped).
std::vector<std::string> split_list(const std::vector<std::string>& items);

}  // namespace fbkit::stats
