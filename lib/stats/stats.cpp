#include "stats/stats.hpp"

#include <algorithm>
#include <ctime>

#include "stats/compute.hpp"
#include "stats/period.hpp"
#include "stats/state.hpp"

namespace fbkit::stats {

Aggregator aggregate(const Query& query, const Settings& settings, const std::vector<std::string>& inputs,
                     text::LanguageScan* language) {
  const std::vector<std::string> names = input_paths(inputs);
  Aggregator agg(query, settings);
  for (const std::string& name : names) {
    FileSource source(name);
    agg.add_input(source, language);
  }
  return agg;
}

Aggregator merge_parts(const Settings& settings, const std::vector<std::string>& parts) {
  if (parts.empty()) {
    throw UsageError("--merge: name the partial states to merge (files written by 'fbkit stats --partial')");
  }
  Aggregator agg(Query{}, settings);
  for (const std::string& part : parts) {
    merge_state(agg, part);
  }
  return agg;
}

Result compute(const Aggregator& agg, const View& view) {
  const Layout& l = agg.layout();
  if (view.terms_top > 0 && !l.query.terms) {
    throw UsageError("--terms: these partial states hold no term counts (run the --partial step with --terms too)");
  }
  std::optional<Volumes> volumes;
  if (view.volumes) {
    volumes = load_volumes(*view.volumes, l);
  }
  Result r;
  r.metrics = metrics_table(agg, view, volumes ? &*volumes : nullptr);
  if (view.compare) {
    r.changes = changes_table(agg, view);
  }
  if (view.terms_top > 0) {
    r.terms = terms_table(agg, view);
  }
  return r;
}

std::int64_t local_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 +
         tm.tm_sec;
}

}  // namespace fbkit::stats
