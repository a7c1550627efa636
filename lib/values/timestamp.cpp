#include "values/timestamp.hpp"

#include <fmt/format.h>

#include <cmath>

#include "values/parse.hpp"

namespace fbkit::values {

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool valid_date(int y, int m, int d) {
  return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = static_cast<unsigned>((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t yy = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yy + (m <= 2 ? 1 : 0));
}

int weekday(std::int64_t days) {
  return static_cast<int>(((days + 3) % 7 + 7) % 7);
}

std::optional<std::int64_t> parse_canonical_seconds(std::string_view s) {
  if (s.size() != 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':') {
    return std::nullopt;
  }
  int v[6] = {0, 0, 0, 0, 0, 0};
  static constexpr int kAt[6] = {0, 5, 8, 11, 14, 17};
  static constexpr int kLen[6] = {4, 2, 2, 2, 2, 2};
  for (int k = 0; k < 6; ++k) {
    for (int j = 0; j < kLen[k]; ++j) {
      const char c = s[static_cast<std::size_t>(kAt[k]) + static_cast<std::size_t>(j)];
      if (c < '0' || c > '9') {
        return std::nullopt;
      }
      v[k] = v[k] * 10 + (c - '0');
    }
  }
  if (!valid_date(v[0], v[1], v[2]) || v[3] > 23 || v[4] > 59 || v[5] > 59) {
    return std::nullopt;
  }
  return days_from_civil(v[0], v[1], v[2]) * 86400 + v[3] * 3600 + v[4] * 60 + v[5];
}

std::optional<std::int64_t> parse_seconds(std::string_view s) {
  if (const auto direct = parse_canonical_seconds(s)) {
    return direct;
  }
  if (s.size() == 19 && s[10] == 'T') {
    return std::nullopt;  // canonical in shape, but no real date or time (2025-02-30, 24:00:00)
  }
  const auto parsed = parse_datetime(s, DateOrder::ymd, false);
  return parsed.value ? parse_canonical_seconds(*parsed.value) : std::nullopt;
}

void format_seconds(std::int64_t seconds, std::string& out) {
  const std::int64_t days = (seconds >= 0 ? seconds : seconds - 86399) / 86400;
  const std::int64_t rest = seconds - days * 86400;
  int y = 0, m = 0, d = 0;
  civil_from_days(days, y, m, d);
  out.clear();
  if (y < 0 || y > 9999) {
    fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", y, m, d, rest / 3600, rest / 60 % 60,
                   rest % 60);
    return;
  }
  // The common case without fmt: this runs once per classified row (sla_due_at).
  out.assign("0000-00-00T00:00:00");
  const auto put = [&](std::size_t pos, std::int64_t v, int width) {
    for (int k = width - 1; k >= 0; --k, v /= 10) {
      out[pos + static_cast<std::size_t>(k)] = static_cast<char>('0' + v % 10);
    }
  };
  put(0, y, 4);
  put(5, m, 2);
  put(8, d, 2);
  put(11, rest / 3600, 2);
  put(14, rest / 60 % 60, 2);
  put(17, rest % 60, 2);
}

std::string format_seconds(std::int64_t seconds) {
  std::string out;
  format_seconds(seconds, out);
  return out;
}

void add_hours(std::string_view at, double hours, std::string& out) {
  out.clear();
  if (const auto t = parse_seconds(at)) {
    format_seconds(*t + std::llround(hours * 3600), out);
  }
}

std::string add_hours(std::string_view at, double hours) {
  std::string out;
  add_hours(at, hours, out);
  return out;
}

}  // namespace fbkit::values
