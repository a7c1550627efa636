// What a report run reads: its inputs (standard input spooled to a file, so it
// can be read twice), their header, the as-of time, and the periods reported.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/io.hpp"
#include "stats/period.hpp"
#include "stats/settings.hpp"

namespace fbkit::report {

// A period with its first and last second; kind none: every row, no period
// (the data has no received_at).
struct Period {
  stats::PeriodKind kind = stats::PeriodKind::month;
  std::string key;
  std::int64_t from = 0;
  std::int64_t to = 0;
};

// The period `key` of `kind` (a well-formed key) with stats' bounds.
Period period_of(stats::PeriodKind kind, const std::string& key);
// --range: a key, or "" / last-month for the month before as_of's. UsageError otherwise.
Period resolve_period(const std::string& spec, std::int64_t as_of);
// Whether --range leaves the choice to the as-of time ("" or last-month).
bool period_by_default(const std::string& spec);

// The periods a report looks at.
struct Periods {
  bool timed = true;  // false: no received_at, one "period" of every row, no trend
  Period current;
  std::string previous;            // the key of the period before
  std::vector<std::string> trend;  // the trend window's keys, oldest first, `current` last
  std::int64_t trend_from = 0;     // the first second of the trend window
  std::int64_t from = 0;           // the same, or the year-ago period's first second when earlier
};
Periods periods_of(const std::string& spec, std::int64_t as_of, int trend_periods);
// The periods of data without received_at: every row, key "all".
Periods untimed_periods();

// The inputs of a run.
struct Context {
  std::vector<std::string> named;   // as given; "-" is standard input (for messages)
  std::vector<std::string> inputs;  // the paths read (standard input spooled)
  std::vector<std::string> header;  // the first input's
  stats::Settings settings;
  std::int64_t as_of = 0;
  std::string untimed;   // the first input without received_at ("" when every input has one)
  bool undated = false;  // received_at in every input, but no row has a date there: untimed too

  bool has(std::string_view column) const;
  // A column of the first input's header that starts with `prefix`.
  bool has_prefix(std::string_view prefix) const;
};

// Names the inputs (standard input spooled into `spool`) and reads their
// headers (the first is kept); notes the first without received_at.
Context open_inputs(const std::vector<std::string>& inputs, stats::Settings settings,
                    std::unique_ptr<StdinSpool>& spool);

// --as-of, or now (local time, the TZ environment variable's zone), as in
// fbkit stats: a date alone is its first second. UsageError for a bad --as-of.
std::int64_t choose_as_of(const std::optional<std::string>& as_of);

}  // namespace fbkit::report
