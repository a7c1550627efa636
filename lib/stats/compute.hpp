// From an aggregate to tables: the metrics table (one row per group), the
// changes table (each metric against the previous period and the same period a
// year before, with tests) and the terms table. docs/metrics.md has the formulas.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "stats/aggregate.hpp"
#include "stats/spec.hpp"
#include "stats/table.hpp"

namespace fbkit::stats {

// Order volumes per period (and optionally per --by values) from --volumes FILE:
// a CSV with columns period, orders and any of the --by columns.
struct Volumes {
  std::vector<std::string> by;                        // the --by columns the file has, in --by order
  std::vector<int> by_index;                          // their positions in Layout::query.by
  std::map<std::vector<std::string>, double> orders;  // (by values..., period) -> orders
};
// Reads and checks the file: UsageError for a wrong header, DataError FILE:LINE for a bad row.
Volumes load_volumes(const std::string& path, const Layout& layout);

// One row per group: the key columns, n, then each metric's columns.
Table metrics_table(const Aggregator& agg, const View& view, const Volumes* volumes);

// Long format: key columns, metric, basis (prev | yoy), value, base_period,
// base_value, change, change_rel, p_value, q_value (Benjamini-Hochberg within
// each metric and basis), significant (q < 1 - ci). Needs a period.
Table changes_table(const Aggregator& agg, const View& view);

// Key columns, rank, term, rows (rows mentioning it), share (of the group's rows).
Table terms_table(const Aggregator& agg, const View& view);

// Checks every --fail-on metric names a numeric column of `metrics`
// (UsageError otherwise, with the known names).
void check_alert_columns(const Table& metrics, const std::vector<Alert>& alerts);
// The breaches: "csat<0.85: channel=phone period=2025-01 csat=0.812345", one per row and alert.
// A rate or mean over fewer than min_n answers (its Column::over) is not a
// breach: it goes to `small` ("... csat=0.5 (n=3 < min_n 30): not alerted").
std::vector<std::string> breaches(const Table& metrics, const std::vector<Alert>& alerts, std::int64_t min_n,
                                  std::vector<std::string>* small = nullptr);

}  // namespace fbkit::stats
