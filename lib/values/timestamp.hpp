// The canonical timestamp "YYYY-MM-DDTHH:MM:SS" (local time, no zone) as every
// command reads and writes it, and the civil-date maths under it. One place:
// import, clean, classify, stats and report agree on what is a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fbkit::values {

// Whether `y` is a leap year of the proleptic Gregorian calendar.
bool is_leap(int y);
// The days of month `m` (1-12) of year `y`.
int days_in_month(int y, int m);
// Whether y-m-d is a real date (2025-02-30 is not).
bool valid_date(int y, int m, int d);

// Days since 1970-01-01 of a civil date, and back (Howard Hinnant's algorithms).
std::int64_t days_from_civil(int y, int m, int d);
void civil_from_days(std::int64_t days, int& y, int& m, int& d);
// Weekday of a day number, Monday = 0.
int weekday(std::int64_t days);

// Seconds since 1970-01-01T00:00:00 of exactly "YYYY-MM-DDTHH:MM:SS" (or a
// space for the T) naming a real date and time; nullopt for anything else.
std::optional<std::int64_t> parse_canonical_seconds(std::string_view s);

// Seconds of a received_at, due_at ... value as the commands read it: the
// canonical form directly, other common forms (2025-01-03 14:05, 2025/1/3, a
// date alone) through parse_datetime; nullopt when it is no real time (so
// 2025-02-30T10:00:00 is not a time for any command).
std::optional<std::int64_t> parse_seconds(std::string_view s);

// "YYYY-MM-DDTHH:MM:SS" of seconds since 1970 (years beyond 0-9999 keep their sign and width).
std::string format_seconds(std::int64_t seconds);
// The same into `out` (reused buffer: no allocation once it has the capacity).
void format_seconds(std::int64_t seconds, std::string& out);

// The time `hours` after `at` (rounded to the second), canonical; empty when `at`
// is not a time (parse_seconds).
std::string add_hours(std::string_view at, double hours);
void add_hours(std::string_view at, double hours, std::string& out);

}  // namespace fbkit::values
