// Times and calendar periods of stats: canonical datetimes as integer seconds,
// and the period a received_at falls in (day, ISO week, month, quarter, year)
// with the previous period and the same period a year before.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "values/timestamp.hpp"

namespace fbkit::stats {

enum class PeriodKind { none, day, week, month, quarter, year };

// "day" .. "year" -> the kind; nullopt for anything else.
std::optional<PeriodKind> parse_period_kind(std::string_view s);
std::string_view period_kind_name(PeriodKind k);

// The civil-date maths and canonical timestamps of lib/values (one definition
// for every command), named here for stats and the report built on it.
using values::civil_from_days;
using values::days_from_civil;
using values::format_seconds;
using values::parse_seconds;

// A bound for --from/--to/--as-of: a datetime, or a date alone, which means
// its first second (`end_of_day` false) or its last (true).
std::optional<std::int64_t> parse_bound(std::string_view s, bool end_of_day);

// The ISO 8601 week of a date: its ISO year and week number 1..53.
void iso_week(int y, int m, int d, int& iso_year, int& week);
// 52 or 53.
int iso_weeks_in_year(int iso_year);

// The period key of a date: 2025-01-03, 2025-W01, 2025-01, 2025-Q1, 2025.
std::string period_key(PeriodKind k, int y, int m, int d);
// Whether `key` is a well-formed key of kind k.
bool valid_period_key(PeriodKind k, std::string_view key);
// The period before `key`; nullopt if the key is not well formed.
std::optional<std::string> previous_period(PeriodKind k, std::string_view key);
// The period `back` periods before `key` (0: `key` itself); stops at a malformed key.
std::string shift_period(PeriodKind k, std::string key, int back);
// The kind of a well-formed key: 2025-10-23, 2025-W42, 2025-10, 2025-Q3, 2025; nullopt otherwise.
std::optional<PeriodKind> kind_of_period_key(std::string_view key);

// The first and the last second of a period.
struct PeriodBounds {
  std::int64_t from = 0;
  std::int64_t to = 0;
};
// The bounds of `key`; nullopt if the key is not well formed.
std::optional<PeriodBounds> period_bounds(PeriodKind k, std::string_view key);

// The same period one year before: the same day (none for 29 February), the same
// ISO week number (none when the earlier year has no week 53), month, quarter.
std::optional<std::string> year_ago_period(PeriodKind k, std::string_view key);

}  // namespace fbkit::stats
