#include "report/context.hpp"

#include <fmt/core.h>

#include <algorithm>

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
  if (spec.empty() || spec == "last-month") {
    return period_of(PeriodKind::month,
                     stats::shift_period(PeriodKind::month, stats::period_key(PeriodKind::month, y, m, d), 1));
  }
  const std::optional<PeriodKind> kind = stats::kind_of_period_key(spec);
  if (!kind) {
    throw UsageError("--period: expected 2025-10, 2025-Q3, 2025-W42, 2025, 2025-10-23 or last-month, not '" + spec +
                     "'");
  }
  return period_of(*kind, spec);
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
    if (std::find(header.begin(), header.end(), "received_at") == header.end()) {
      throw DataError(Location{input_name(ctx.named[i]), 1, 1},
                      "no received_at column: the report needs the time of each feedback");
    }
  }
  return ctx;
}

std::int64_t choose_as_of(const std::optional<std::string>& as_of, const Context& ctx,
                          std::vector<std::string>& warnings) {
  if (as_of) {
    const auto t = stats::parse_bound(*as_of, true);
    if (!t) {
      throw UsageError("--as-of: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, not '" + *as_of + "'");
    }
    return *t;
  }
  // A received_at more than a day after now (9999-12-31) is a bogus date: it
  // would choose an empty period.
  std::optional<std::int64_t> newest;
  const std::int64_t latest = stats::local_now() + values::kFutureMarginSeconds;
  std::int64_t future = 0;
  std::string first_future;
  for (std::size_t i = 0; i < ctx.inputs.size(); ++i) {
    FileSource src(ctx.inputs[i]);
    csv::Reader reader(src);
    reader.read_header();
    const std::size_t c = *reader.column("received_at");
    csv::Record rec;
    while (reader.next(rec)) {
      const auto t = stats::parse_seconds(rec[c]);
      if (t && *t > latest) {
        if (future++ == 0) {
          first_future = fmt::format("{}:{}: received_at: '{}'", input_name(ctx.named[i]), rec.line, rec[c]);
        }
      } else if (t && (!newest || *t > *newest)) {
        newest = t;
      }
    }
  }
  if (future > 0) {
    warnings.push_back(
        fmt::format("{} is more than a day after now ({} row{}): left out of the choice of "
                    "--as-of and the period",
                    first_future, future, future == 1 ? "" : "s"));
  }
  if (!newest) {
    throw DataError("no row has a received_at: nothing to report");
  }
  return *newest;
}

}  // namespace fbkit::report
