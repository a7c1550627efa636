// Tests of stats that work on counts the caller holds rather than on one
// aggregate's periods (compare.cpp does those): the change of each group's
// share of rows between two periods, and the CSAT of two aggregates (the days
// before and after an improvement).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "stats/aggregate.hpp"
#include "stats/mathstat.hpp"

namespace fbkit::stats {

// A group's share of all rows now against before.
struct ShareChange {
  double previous_share = 0;
  double change = 0;         // share now - share before
  double p_value = 1;        // two-proportion z-test of the two shares
  double q_value = 1;        // Benjamini-Hochberg across the groups present now
  bool significant = false;  // q < 0.05
};

// For every group with rows now (`now`: group -> rows); groups absent before
// count 0 there. Empty when either period has no rows.
std::map<std::string, ShareChange> share_changes(const std::map<std::string, std::int64_t>& now,
                                                 const std::map<std::string, std::int64_t>& before);

// The two-proportion z-test of the CSAT (answers 4-5 of score_overall) of the
// first group of `a` against that of `b`, from their exact counts; nullopt when
// either has no answer (or was aggregated without csat).
std::optional<TestResult> csat_test(const Aggregator& a, const Aggregator& b);

}  // namespace fbkit::stats
