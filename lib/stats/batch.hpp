// Several stats queries over the same inputs in one reading: every record of
// each input goes to every query's aggregator, and to a caller's visitor that
// looks at the rows itself (the report's examples and lists).
#pragma once

#include <string>
#include <vector>

#include "stats/aggregate.hpp"
#include "stats/compute.hpp"
#include "stats/stats.hpp"

namespace fbkit::stats {

// Sees the records of a batch reading, after the aggregators.
class RecordVisitor {
public:
  virtual ~RecordVisitor() = default;
  virtual void begin_input(const csv::Reader& reader) = 0;
  virtual void add(const csv::Reader& reader, const csv::Record& record) = 0;
};

// One aggregator per query, in order, from one reading of each input (files,
// not "-"). The queries bind each header in order, so the first query that
// cannot be answered throws its UsageError before a record is read.
std::vector<Aggregator> aggregate_each(const std::vector<Query>& queries, const Settings& settings,
                                       const std::vector<std::string>& inputs, RecordVisitor* visitor);

// --volumes read and checked for the query that will use them (its period and --by).
Volumes load_volumes(const std::string& path, const Query& query);

// compute() with volumes already read (view.volumes is ignored).
Result compute(const Aggregator& agg, const View& view, const Volumes* volumes);

}  // namespace fbkit::stats
