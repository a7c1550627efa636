// Times and calendar periods of stats: canonical datetimes as integer seconds,
// and the period a received_at falls in (day, ISO week, month, quarter, year)
// with the previous period and the same period a year before.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fbkit::stats {

enum class PeriodKind { none, day, week, month, quarter, year };

// "day" .. "year" -> the kind; nullopt for anything else.
std::optional<PeriodKind> parse_period_kind(std::string_view s);
std::string_view period_kind_name(PeriodKind k);

// Days since 1970-01-01 of a civil date (proleptic Gregorian).
std::int64_t days_from_civil(int y, int m, int d);
void civil_from_days(std::int64_t days, int& y, int& m, int& d);

// Seconds since 1970-01-01T00:00:00 of a local (zone-less) datetime. The
// canonical "YYYY-MM-DDTHH:MM:SS" is read directly; other common forms
// (2025-01-03 14:05, 2025/1/3, a date alone) through values::parse_datetime.
std::optional<std::int64_t> parse_seconds(std::string_view s);
// "YYYY-MM-DDTHH:MM:SS".
std::string format_seconds(std::int64_t seconds);

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
// The same period one year before: the same day (none for 29 February), the same
// ISO week number (none when the earlier year has no week 53), month, quarter.
std::optional<std::string> year_ago_period(PeriodKind k, std::string_view key);

}  // namespace fbkit::stats
