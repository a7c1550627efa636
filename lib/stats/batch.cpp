#include "stats/batch.hpp"

namespace fbkit::stats {

std::vector<Aggregator> aggregate_each(const std::vector<Query>& queries, const Settings& settings,
                                       const std::vector<std::string>& inputs, RecordVisitor* visitor) {
  std::vector<Aggregator> aggs;
  aggs.reserve(queries.size());
  for (const Query& q : queries) {
    aggs.emplace_back(q, settings);
  }
  for (const std::string& path : inputs) {
    FileSource source(path);
    csv::Reader reader(source);
    const std::vector<std::string>& header = reader.read_header();
    for (Aggregator& a : aggs) {
      a.begin_input(header, reader.name());
    }
    if (visitor != nullptr) {
      visitor->begin_input(reader);
    }
    csv::Record rec;
    while (reader.next(rec)) {
      for (Aggregator& a : aggs) {
        a.add(rec);
      }
      if (visitor != nullptr) {
        visitor->add(reader, rec);
      }
    }
  }
  return aggs;
}

Volumes load_volumes(const std::string& path, const Query& query) {
  Layout layout;
  layout.query = query;
  return load_volumes(path, layout);
}

Result compute(const Aggregator& agg, const View& view, const Volumes* volumes) {
  Result r;
  r.metrics = metrics_table(agg, view, volumes);
  if (view.compare) {
    r.changes = changes_table(agg, view);
  }
  return r;
}

}  // namespace fbkit::stats
