// The library entry points of `fbkit stats` (and of the report built on it):
// aggregate CSV inputs or merge partial states, then compute tables from the
// aggregate. Formatting is separate (format.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "stats/aggregate.hpp"
#include "stats/settings.hpp"
#include "stats/spec.hpp"
#include "stats/table.hpp"
#include "text/language.hpp"

namespace fbkit::stats {

// Reads the canonical CSV inputs ("-" = standard input, at most once) in one
// streaming pass each; `language`, when given, sees their headers and first
// rows (--lang auto). UsageError for unknown columns, DataError FILE:LINE for
// malformed CSV.
Aggregator aggregate(const Query& query, const Settings& settings, const std::vector<std::string>& inputs,
                     text::LanguageScan* language = nullptr);

// Merges partial states written by write_state (state.hpp); the layouts must match.
Aggregator merge_parts(const Settings& settings, const std::vector<std::string>& parts);

struct Result {
  Table metrics;                 // always
  std::optional<Table> changes;  // view.compare
  std::optional<Table> terms;    // view.terms_top > 0
};

// The tables of an aggregate. UsageError for view options the aggregate
// cannot serve (--compare without a period, --terms without term counts ...).
Result compute(const Aggregator& agg, const View& view);

// The current local time in seconds (the default --as-of).
std::int64_t local_now();

}  // namespace fbkit::stats
