// The report's stats queries: what each asks, the `fbkit stats` arguments that
// give the same tables (the cross-check test re-runs them), all of them answered
// in one reading of the inputs, and lookups in their rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/context.hpp"
#include "report/report.hpp"
#include "stats/batch.hpp"

namespace fbkit::report {

// One stats query in the report's terms.
struct Query {
  std::vector<std::string> by;
  stats::PeriodKind period = stats::PeriodKind::none;
  std::optional<std::int64_t> from, to;
  std::vector<stats::Metric> metrics;
  bool compare = false;
  std::string rank;
  std::int64_t min_n = -1;
  std::string volumes;
  std::string where;                   // one --where condition
  std::vector<std::string> and_where;  // further --where conditions, all of which must hold too
  std::vector<std::string> scope;      // the report's --where conditions (scope.hpp), before `where`
  // --compare's Benjamini-Hochberg family: each period's tests across metrics
  // (the report asks "did this month change?"), not each metric across months.
  bool family_per_period = false;
};

// A query's answer: the aggregate, and the block of the model
// {"args": [...], "metrics": rows[, "changes": rows]}.
struct Answer {
  stats::Aggregator aggregate;
  Json block;
};

// The `fbkit stats` arguments of a query at `as_of`.
Json query_args(const Query& q, std::int64_t as_of);

// Answers every query from one reading of the inputs, handing each record to
// `rows` too. --volumes files are read once, before the inputs.
std::vector<Answer> run_queries(const Context& ctx, const std::vector<Query>& queries, stats::RecordVisitor* rows);
// One aggregator per query, unbound: for a reading another one drives
// (stats::Aggregator::begin_input and add, from a stats::RecordVisitor).
std::vector<stats::Aggregator> new_aggregators(const Context& ctx, const std::vector<Query>& queries);
// The answers of `aggs` (new_aggregators' of `queries`, filled): as run_queries
// gives them, the --volumes files read now.
std::vector<Answer> answers_of(const Context& ctx, const std::vector<Query>& queries,
                               std::vector<stats::Aggregator> aggs);

Json cell_json(const stats::Cell& c);
// Rows of objects, column name -> value.
Json table_json(const stats::Table& t);

// The row of `rows` whose `column` equals `value` (null when none).
const Json* find_row(const Json& rows, const std::string& column, const std::string& value);
// The number in `column` of `row`; NaN when there is none.
double number(const Json* row, const std::string& column);
// The value in `column` of `row`, or null.
Json value_or_null(const Json* row, const std::string& column);
// The change row of a metric against the previous period ("prev") or a year
// before ("yoy") in an ungrouped changes table.
const Json* find_change(const Json& changes, const std::string& metric, const std::string& basis,
                        const std::string& period);

}  // namespace fbkit::report
