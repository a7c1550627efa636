// The query a stats run answers, split in two: what is aggregated (Query:
// groups, period, filters, metrics, as-of; it is stored in a partial state and
// must match for --merge) and how the aggregate is shown (View: interval level,
// top-N, ranking, comparisons, terms). Also the --where and --fail-on mini
// languages, parsed here so a bad argument is a usage error before any work.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stats/period.hpp"

namespace fbkit::stats {

// The metric families --metrics names (docs/metrics.md lists their columns).
enum class Metric {
  share,
  mean,
  dist,
  csat,
  low,
  nps,
  closure,
  open,
  overdue,
  resolution,
  sla,
  revisit,
  second,
  fcr,
  complaints,
  count_
};
inline constexpr std::size_t kMetricCount = static_cast<std::size_t>(Metric::count_);
std::string_view metric_name(Metric m);
std::optional<Metric> parse_metric(std::string_view name);
// "share,mean,..." -> metrics; UsageError naming an unknown one.
std::vector<Metric> parse_metric_list(std::string_view list);

// One --where condition. Comparisons take a number, or a date/datetime
// compared as a time; `in`/`not_in` compare the text exactly.
struct Filter {
  enum class Op { in, not_in, lt, le, gt, ge };
  std::string text;  // as typed, for messages
  std::string column;
  Op op = Op::in;
  std::vector<std::string> values;  // in, not_in
  std::string operand;              // comparisons: the number or time as typed
  bool is_time = false;             // comparisons: a time bound (seconds) instead of a number
  double number = 0;
  std::int64_t seconds = 0;
  // A|B[|C..]: the conditions one of which must hold (none of them has `any`);
  // empty for a single condition, which is this filter itself.
  std::vector<Filter> any;
};
// COLUMN=V[,V..]  COLUMN!=V[,V..]  COLUMN<X  COLUMN<=X  COLUMN>X  COLUMN>=X, or with
// words instead of symbols (no shell quoting): COLUMN:eq:V COLUMN:in:V,W COLUMN:ne:V
// COLUMN:lt:X COLUMN:le:X COLUMN:gt:X COLUMN:ge:X; conditions joined by | hold
// when one of them does (sentiment=negative|score_overall<=2). Throws UsageError.
Filter parse_filter(std::string_view text);
// Whether a cell's value passes the condition (a comparison fails on a value that is not a number or a time).
bool holds(const Filter& f, std::string_view value);

// One --fail-on threshold: METRIC OP NUMBER, OP one of < <= > >= = != (or :lt: ...).
struct Alert {
  enum class Op { lt, le, gt, ge, eq, ne };
  std::string text;
  std::string metric;  // a column of the metrics table
  Op op = Op::lt;
  double threshold = 0;
  // Whether `value` breaches the threshold (value OP threshold holds).
  bool breached(double value) const;
};
Alert parse_alert(std::string_view text);

// The family of tests one Benjamini-Hochberg correction covers in the changes
// table: `metric`, one per (metric, basis) across every group and period (the
// false discoveries among groups, for each metric); `period`, one per group and
// period across every metric and basis (the chance that a period with no real
// change shows any flag).
enum class FdrFamily { metric, period };

// "metric" or "period"; UsageError otherwise.
FdrFamily parse_fdr_family(std::string_view name);

// What is aggregated.
struct Query {
  std::vector<std::string> by;           // grouping columns, in output order
  PeriodKind period = PeriodKind::none;  // on received_at
  std::optional<std::int64_t> from;      // received_at >= from (seconds)
  std::optional<std::int64_t> to;        // received_at <= to
  std::vector<Filter> where;             // all must hold
  std::vector<Metric> metrics;           // empty: every metric the columns allow
  std::int64_t as_of = 0;                // "now" for open-and-overdue items (seconds)
  bool terms = false;                    // count text terms per group
};

// How an aggregate is shown.
struct View {
  double ci = 0.95;       // confidence level of intervals and tests
  bool intervals = true;  // the _lo/_hi columns
  std::size_t top = 0;    // keep the N largest groups (per period); 0 = all
  bool pareto = false;    // order by n descending and add cum_share
  std::string rank;       // rank groups by this metric column ("" = no ranking)
  bool rank_ascending = false;
  std::int64_t min_n = -1;  // below it a row is marked low_n and not ranked; -1 = settings
  std::size_t terms_top = 0;
  std::optional<std::string> volumes;   // CSV of order volumes per period
  bool compare = false;                 // compute the changes table
  std::optional<FdrFamily> fdr_family;  // of the changes table's tests; unset = settings
};

}  // namespace fbkit::stats
