#include <doctest/doctest.h>

#include "values/timestamp.hpp"

using namespace fbkit::values;

TEST_CASE("values::days_from_civil and civil_from_days agree with each other and the calendar") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(2000, 3, 1) == 11017);
  CHECK(days_from_civil(1899, 12, 30) == -25569);  // Excel's day 0
  int y = 0, m = 0, d = 0;
  for (std::int64_t day = -800000; day <= 800000; day += 997) {
    civil_from_days(day, y, m, d);
    REQUIRE(valid_date(y, m, d));
    REQUIRE(days_from_civil(y, m, d) == day);
  }
  CHECK(weekday(days_from_civil(2025, 12, 1)) == 0);  // a Monday
  CHECK(days_in_month(2024, 2) == 29);
  CHECK(days_in_month(2100, 2) == 28);
  CHECK(days_in_month(2000, 2) == 29);
}

TEST_CASE("values::parse_seconds: one verdict on what is a time, for every command") {
  CHECK(parse_seconds("1970-01-02T00:00:01") == 86401);
  CHECK(parse_seconds("1970-01-02 00:00:01") == 86401);
  CHECK(parse_seconds("2025-01-03 14:05") == parse_seconds("2025-01-03T14:05:00"));
  CHECK(parse_seconds("2025/1/3") == parse_seconds("2025-01-03T00:00:00"));
  CHECK(parse_seconds("2025-01-03T14:05:00.250+08:00") == parse_seconds("2025-01-03T14:05:00"));
  // Canonical in shape but no real date or time: not a time anywhere.
  CHECK(parse_seconds("2025-02-30T10:00:00") == std::nullopt);
  CHECK(parse_seconds("2025-02-30 10:00:00") == std::nullopt);
  CHECK(parse_seconds("2024-02-29T10:00:00").has_value());
  CHECK(parse_seconds("2025-02-29T10:00:00") == std::nullopt);
  CHECK(parse_seconds("2025-01-01T24:00:00") == std::nullopt);
  CHECK(parse_seconds("2025-13-01T00:00:00") == std::nullopt);
  CHECK(parse_seconds("soon") == std::nullopt);
  CHECK(parse_seconds("") == std::nullopt);
  CHECK(parse_canonical_seconds("2025-01-03") == std::nullopt);
}

TEST_CASE("values::format_seconds and add_hours") {
  CHECK(format_seconds(0) == "1970-01-01T00:00:00");
  CHECK(format_seconds(-1) == "1969-12-31T23:59:59");
  CHECK(format_seconds(*parse_seconds("2024-02-29T23:59:59")) == "2024-02-29T23:59:59");
  CHECK(add_hours("2024-02-28T23:00:00", 25) == "2024-03-01T00:00:00");
  CHECK(add_hours("2024-12-31 23:30:00", 0.5) == "2025-01-01T00:00:00");
  CHECK(add_hours("9999-12-31T23:00:00", 2) == "10000-01-01T01:00:00");
  CHECK(add_hours("2024-13-01T00:00:00", 1).empty());
  CHECK(add_hours("2025-02-30T10:00:00", 72).empty());  // was 2025-03-05T10:00:00 in classify
  CHECK(add_hours("yesterday", 1).empty());
  std::string out = "stale";
  add_hours("2025-01-03T00:00:00", -1, out);
  CHECK(out == "2025-01-02T23:00:00");
}
