#include "stats/period.hpp"

#include <fmt/core.h>

#include "values/timestamp.hpp"

namespace fbkit::stats {

namespace {

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) {
    return false;
  }
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') {
      return false;
    }
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

using values::valid_date;
using values::weekday;

}  // namespace

std::optional<PeriodKind> parse_period_kind(std::string_view s) {
  if (s == "day") {
    return PeriodKind::day;
  }
  if (s == "week") {
    return PeriodKind::week;
  }
  if (s == "month") {
    return PeriodKind::month;
  }
  if (s == "quarter") {
    return PeriodKind::quarter;
  }
  if (s == "year") {
    return PeriodKind::year;
  }
  return std::nullopt;
}

std::string_view period_kind_name(PeriodKind k) {
  switch (k) {
    case PeriodKind::day:
      return "day";
    case PeriodKind::week:
      return "week";
    case PeriodKind::month:
      return "month";
    case PeriodKind::quarter:
      return "quarter";
    case PeriodKind::year:
      return "year";
    case PeriodKind::none:
      break;
  }
  return "none";
}

std::optional<std::int64_t> parse_bound(std::string_view s, bool end_of_day) {
  int y = 0, m = 0, d = 0;
  if (s.size() == 10 && s[4] == '-' && s[7] == '-' && digits(s, 0, 4, y) && digits(s, 5, 2, m) && digits(s, 8, 2, d)) {
    if (!valid_date(y, m, d)) {
      return std::nullopt;
    }
    return days_from_civil(y, m, d) * 86400 + (end_of_day ? 86399 : 0);
  }
  return values::parse_canonical_seconds(s);
}

void iso_week(int y, int m, int d, int& iso_year, int& week) {
  const std::int64_t days = days_from_civil(y, m, d);
  const std::int64_t thursday = days - weekday(days) + 3;
  int ty = 0, tm = 0, td = 0;
  civil_from_days(thursday, ty, tm, td);
  iso_year = ty;
  week = static_cast<int>((thursday - days_from_civil(ty, 1, 1)) / 7 + 1);
}

int iso_weeks_in_year(int iso_year) {
  int y = 0, w = 0;
  iso_week(iso_year, 12, 28, y, w);  // 28 December is always in the year's last week
  return w;
}

std::string period_key(PeriodKind k, int y, int m, int d) {
  switch (k) {
    case PeriodKind::day:
      return fmt::format("{:04}-{:02}-{:02}", y, m, d);
    case PeriodKind::week: {
      int iy = 0, w = 0;
      iso_week(y, m, d, iy, w);
      return fmt::format("{:04}-W{:02}", iy, w);
    }
    case PeriodKind::month:
      return fmt::format("{:04}-{:02}", y, m);
    case PeriodKind::quarter:
      return fmt::format("{:04}-Q{}", y, (m - 1) / 3 + 1);
    case PeriodKind::year:
      return fmt::format("{:04}", y);
    case PeriodKind::none:
      break;
  }
  return "";
}

namespace {

// The parts of a key: year and the number within it (day: days since epoch).
bool split_key(PeriodKind k, std::string_view key, int& y, std::int64_t& n) {
  int a = 0, b = 0, c = 0;
  switch (k) {
    case PeriodKind::day:
      if (key.size() == 10 && key[4] == '-' && key[7] == '-' && digits(key, 0, 4, a) && digits(key, 5, 2, b) &&
          digits(key, 8, 2, c) && valid_date(a, b, c)) {
        y = a;
        n = days_from_civil(a, b, c);
        return true;
      }
      return false;
    case PeriodKind::week:
      if (key.size() == 8 && key[4] == '-' && key[5] == 'W' && digits(key, 0, 4, a) && digits(key, 6, 2, b) && b >= 1 &&
          b <= iso_weeks_in_year(a)) {
        y = a;
        n = b;
        return true;
      }
      return false;
    case PeriodKind::month:
      if (key.size() == 7 && key[4] == '-' && digits(key, 0, 4, a) && digits(key, 5, 2, b) && b >= 1 && b <= 12) {
        y = a;
        n = b;
        return true;
      }
      return false;
    case PeriodKind::quarter:
      if (key.size() == 7 && key[4] == '-' && key[5] == 'Q' && digits(key, 0, 4, a) && digits(key, 6, 1, b) && b >= 1 &&
          b <= 4) {
        y = a;
        n = b;
        return true;
      }
      return false;
    case PeriodKind::year:
      if (key.size() == 4 && digits(key, 0, 4, a)) {
        y = a;
        n = 0;
        return true;
      }
      return false;
    case PeriodKind::none:
      break;
  }
  return false;
}

}  // namespace

bool valid_period_key(PeriodKind k, std::string_view key) {
  int y = 0;
  std::int64_t n = 0;
  return split_key(k, key, y, n);
}

std::optional<std::string> previous_period(PeriodKind k, std::string_view key) {
  int y = 0;
  std::int64_t n = 0;
  if (!split_key(k, key, y, n)) {
    return std::nullopt;
  }
  switch (k) {
    case PeriodKind::day: {
      int yy = 0, mm = 0, dd = 0;
      civil_from_days(n - 1, yy, mm, dd);
      return period_key(k, yy, mm, dd);
    }
    case PeriodKind::week:
      return n > 1 ? fmt::format("{:04}-W{:02}", y, n - 1)
                   : fmt::format("{:04}-W{:02}", y - 1, iso_weeks_in_year(y - 1));
    case PeriodKind::month:
      return n > 1 ? fmt::format("{:04}-{:02}", y, n - 1) : fmt::format("{:04}-12", y - 1);
    case PeriodKind::quarter:
      return n > 1 ? fmt::format("{:04}-Q{}", y, n - 1) : fmt::format("{:04}-Q4", y - 1);
    case PeriodKind::year:
      return fmt::format("{:04}", y - 1);
    case PeriodKind::none:
      break;
  }
  return std::nullopt;
}

std::optional<std::string> year_ago_period(PeriodKind k, std::string_view key) {
  int y = 0;
  std::int64_t n = 0;
  if (!split_key(k, key, y, n)) {
    return std::nullopt;
  }
  switch (k) {
    case PeriodKind::day: {
      int yy = 0, mm = 0, dd = 0;
      civil_from_days(n, yy, mm, dd);
      if (!valid_date(yy - 1, mm, dd)) {
        return std::nullopt;  // 29 February has no counterpart
      }
      return period_key(k, yy - 1, mm, dd);
    }
    case PeriodKind::week:
      if (n > iso_weeks_in_year(y - 1)) {
        return std::nullopt;  // week 53 of a year after a 52-week year
      }
      return fmt::format("{:04}-W{:02}", y - 1, n);
    case PeriodKind::month:
      return fmt::format("{:04}-{:02}", y - 1, n);
    case PeriodKind::quarter:
      return fmt::format("{:04}-Q{}", y - 1, n);
    case PeriodKind::year:
      return fmt::format("{:04}", y - 1);
    case PeriodKind::none:
      break;
  }
  return std::nullopt;
}

std::string shift_period(PeriodKind k, std::string key, int back) {
  for (int i = 0; i < back; ++i) {
    key = previous_period(k, key).value_or(key);
  }
  return key;
}

std::optional<PeriodKind> kind_of_period_key(std::string_view key) {
  for (const PeriodKind k :
       {PeriodKind::day, PeriodKind::week, PeriodKind::month, PeriodKind::quarter, PeriodKind::year}) {
    if (valid_period_key(k, key)) {
      return k;
    }
  }
  return std::nullopt;
}

std::optional<PeriodBounds> period_bounds(PeriodKind k, std::string_view key) {
  int y = 0;
  std::int64_t n = 0;
  if (!split_key(k, key, y, n)) {
    return std::nullopt;
  }
  std::int64_t first = 0, next = 0;  // days
  switch (k) {
    case PeriodKind::day:
      first = n;
      next = n + 1;
      break;
    case PeriodKind::week: {
      const std::int64_t jan4 = days_from_civil(y, 1, 4);  // always in week 1
      first = jan4 - weekday(jan4) + 7 * (n - 1);
      next = first + 7;
      break;
    }
    case PeriodKind::month:
      first = days_from_civil(y, static_cast<int>(n), 1);
      next = n == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, static_cast<int>(n) + 1, 1);
      break;
    case PeriodKind::quarter:
      first = days_from_civil(y, static_cast<int>(n - 1) * 3 + 1, 1);
      next = n == 4 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, static_cast<int>(n) * 3 + 1, 1);
      break;
    case PeriodKind::year:
    case PeriodKind::none:
      first = days_from_civil(y, 1, 1);
      next = days_from_civil(y + 1, 1, 1);
      break;
  }
  return PeriodBounds{first * 86400, next * 86400 - 1};
}

}  // namespace fbkit::stats
