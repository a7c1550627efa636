#include "report/context.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <limits>

#include "core/error.hpp"
#include "csv/reader.hpp"
#include "stats/stats.hpp"
#include "values/parse.hpp"

namespace fbkit::report {

using stats::PeriodKind;

Period period_of(PeriodKind kind, const std::string& key) {
  const stats::PeriodBounds b = *stats::period_bounds(kind, key);
  return Period{kind, key, b.from, b.to};
}

Period resolve_period(const std::string& spec, std::int64_t as_of) {
  int y = 0, m = 0, d = 0;
  stats::civil_from_days(as_of / 86400, y, m, d);
  if (period_by_default(spec)) {
    return period_of(PeriodKind::month,
                     stats::shift_period(PeriodKind::month, stats::period_key(PeriodKind::month, y, m, d), 1));
  }
  const std::optional<PeriodKind> kind = stats::kind_of_period_key(spec);
  if (!kind) {
    throw UsageError("--range: expected 2025-10, 2025-Q3, 2025-W42, 2025, 2025-10-23 or last-month, not '" + spec +
                     "'");
  }
  return period_of(*kind, spec);
}

bool period_by_default(const std::string& spec) {
  return spec.empty() || spec == "last-month";
}

Periods untimed_periods() {
  Periods s;
  s.timed = false;
  s.current = Period{PeriodKind::none, "all", std::numeric_limits<std::int64_t>::min(),
                     std::numeric_limits<std::int64_t>::max()};
  s.trend = {s.current.key};
  s.trend_from = s.from = s.current.from;
  return s;
}

Periods periods_of(const std::string& spec, std::int64_t as_of, int trend_periods) {
  Periods s;
  s.current = resolve_period(spec, as_of);
  const Period& p = s.current;
  s.previous = stats::shift_period(p.kind, p.key, 1);
  for (int back = trend_periods - 1; back >= 0; --back) {
    s.trend.push_back(stats::shift_period(p.kind, p.key, back));
  }
  s.trend_from = period_of(p.kind, s.trend.front()).from;
  s.from = s.trend_from;
  const auto year_ago = stats::year_ago_period(p.kind, p.key);
  if (year_ago && p.kind != PeriodKind::year) {
    s.from = std::min(s.from, period_of(p.kind, *year_ago).from);
  }
  return s;
}

bool Context::has(std::string_view column) const {
  return std::find(header.begin(), header.end(), column) != header.end();
}

bool Context::has_prefix(std::string_view prefix) const {
  return std::any_of(header.begin(), header.end(),
                     [&](const std::string& h) { return h.compare(0, prefix.size(), prefix) == 0; });
}

Context open_inputs(const std::vector<std::string>& inputs, stats::Settings settings,
                    std::unique_ptr<StdinSpool>& spool) {
  Context ctx;
  ctx.settings = std::move(settings);
  ctx.named = input_paths(inputs);
  ctx.inputs = ctx.named;
  for (std::string& in : ctx.inputs) {
    if (in == "-") {
      spool = std::make_unique<StdinSpool>("report");
      in = spool->path();
    }
  }
  // Every input's header: the choice of --as-of reads received_at from each.
  for (std::size_t i = 0; i < ctx.inputs.size(); ++i) {
    FileSource src(ctx.inputs[i]);
    csv::Reader reader(src);
    const std::vector<std::string>& header = reader.read_header();
    if (i == 0) {
      ctx.header = header;
    }
    if (ctx.untimed.empty() && std::find(header.begin(), header.end(), "received_at") == header.end()) {
      ctx.untimed = input_name(ctx.named[i]);
    }
  }
  return ctx;
}

std::int64_t choose_as_of(const std::optional<std::string>& as_of) {
  if (!as_of) {
    return stats::local_now();
  }
  // A date alone is its first second, as stats --as-of reads it: an item due at
  // 10:00 on the as-of day is not overdue yet.
  const auto t = stats::parse_bound(*as_of, false);
  if (!t) {
    throw UsageError("--as-of: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, not '" + *as_of + "'");
  }
  return *t;
}

}  // namespace fbkit::report
