#include <doctest/doctest.h>

#include "stats/period.hpp"

using namespace fbkit::stats;

TEST_CASE("stats::period_key puts dates in ISO weeks across year ends") {
  CHECK(period_key(PeriodKind::week, 2024, 12, 30) == "2025-W01");  // Monday of 2025's first week
  CHECK(period_key(PeriodKind::week, 2021, 1, 3) == "2020-W53");    // Sunday, still 2020's week 53
  CHECK(period_key(PeriodKind::week, 2021, 1, 4) == "2021-W01");
  CHECK(period_key(PeriodKind::week, 2026, 12, 31) == "2026-W53");
  CHECK(period_key(PeriodKind::week, 2027, 1, 1) == "2026-W53");
  CHECK(period_key(PeriodKind::day, 2025, 3, 5) == "2025-03-05");
  CHECK(period_key(PeriodKind::month, 2025, 3, 5) == "2025-03");
  CHECK(period_key(PeriodKind::quarter, 2025, 12, 31) == "2025-Q4");
  CHECK(period_key(PeriodKind::year, 2025, 12, 31) == "2025");
  CHECK(iso_weeks_in_year(2020) == 53);
  CHECK(iso_weeks_in_year(2021) == 52);
  CHECK(iso_weeks_in_year(2026) == 53);
}

TEST_CASE("stats::previous_period and year_ago_period") {
  CHECK(previous_period(PeriodKind::week, "2021-W01") == "2020-W53");
  CHECK(previous_period(PeriodKind::week, "2022-W01") == "2021-W52");
  CHECK(previous_period(PeriodKind::month, "2025-01") == "2024-12");
  CHECK(previous_period(PeriodKind::quarter, "2025-Q1") == "2024-Q4");
  CHECK(previous_period(PeriodKind::day, "2025-03-01") == "2025-02-28");
  CHECK(previous_period(PeriodKind::day, "2024-03-01") == "2024-02-29");
  CHECK(previous_period(PeriodKind::year, "2025") == "2024");
  CHECK(year_ago_period(PeriodKind::week, "2026-W53") == std::nullopt);  // 2025 has 52 weeks
  CHECK(year_ago_period(PeriodKind::week, "2021-W10") == "2020-W10");
  CHECK(year_ago_period(PeriodKind::day, "2024-02-29") == std::nullopt);
  CHECK(year_ago_period(PeriodKind::month, "2025-01") == "2024-01");
  CHECK(year_ago_period(PeriodKind::quarter, "2025-Q3") == "2024-Q3");
  CHECK(previous_period(PeriodKind::week, "2021-W53") == std::nullopt);  // no such week
  CHECK(!valid_period_key(PeriodKind::month, "2025-13"));
}

TEST_CASE("stats::parse_seconds reads canonical and common datetimes") {
  CHECK(parse_seconds("1970-01-02T00:00:01") == 86401);
  CHECK(parse_seconds("2025-01-03 14:05") == parse_seconds("2025-01-03T14:05:00"));
  CHECK(parse_seconds("2025-02-30T00:00:00") == std::nullopt);
  CHECK(parse_seconds("soon") == std::nullopt);
  CHECK(format_seconds(*parse_seconds("2024-02-29T23:59:59")) == "2024-02-29T23:59:59");
  CHECK(parse_bound("2025-01-31", true) == parse_seconds("2025-01-31T23:59:59"));
  CHECK(parse_bound("2025-01-31", false) == parse_seconds("2025-01-31T00:00:00"));
  CHECK(parse_bound("31/01/2025", false) == std::nullopt);
}

TEST_CASE("stats::period_bounds: the first and last second of each kind of period") {
  const auto at = [](int y, int m, int d) { return days_from_civil(y, m, d) * 86400; };
  CHECK(period_bounds(PeriodKind::day, "2024-02-29")->from == at(2024, 2, 29));
  CHECK(period_bounds(PeriodKind::day, "2024-02-29")->to == at(2024, 3, 1) - 1);
  CHECK(period_bounds(PeriodKind::week, "2021-W01")->from == at(2021, 1, 4));  // a Monday
  CHECK(period_bounds(PeriodKind::week, "2020-W53")->to == at(2021, 1, 4) - 1);
  CHECK(period_bounds(PeriodKind::week, "2025-W01")->from == at(2024, 12, 30));
  CHECK(period_bounds(PeriodKind::month, "2025-12")->to == at(2026, 1, 1) - 1);
  CHECK(period_bounds(PeriodKind::quarter, "2025-Q3")->from == at(2025, 7, 1));
  CHECK(period_bounds(PeriodKind::quarter, "2025-Q4")->to == at(2026, 1, 1) - 1);
  CHECK(period_bounds(PeriodKind::year, "2025")->from == at(2025, 1, 1));
  CHECK_FALSE(period_bounds(PeriodKind::month, "2025-13"));
  CHECK_FALSE(period_bounds(PeriodKind::week, "2021-W53"));
}

TEST_CASE("stats::kind_of_period_key and shift_period") {
  CHECK(kind_of_period_key("2025-10-23") == PeriodKind::day);
  CHECK(kind_of_period_key("2025-W42") == PeriodKind::week);
  CHECK(kind_of_period_key("2025-10") == PeriodKind::month);
  CHECK(kind_of_period_key("2025-Q3") == PeriodKind::quarter);
  CHECK(kind_of_period_key("2025") == PeriodKind::year);
  CHECK_FALSE(kind_of_period_key("2025-13"));
  CHECK_FALSE(kind_of_period_key("2025-Q5"));
  CHECK_FALSE(kind_of_period_key("October"));
  CHECK(shift_period(PeriodKind::month, "2025-02", 3) == "2024-11");
  CHECK(shift_period(PeriodKind::week, "2021-W02", 2) == "2020-W53");
  CHECK(shift_period(PeriodKind::quarter, "2025-Q1", 0) == "2025-Q1");
}
