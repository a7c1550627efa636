#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "values/parse.hpp"

using fbkit::values::DateOrder;
using fbkit::values::parse_datetime;

static std::string iso(std::string_view s, DateOrder order = DateOrder::ymd) {
  const auto r = parse_datetime(s, order);
  return r.value ? *r.value : "ERROR: " + r.error;
}

TEST_CASE("values::parse_datetime reads the date forms of Chinese exports") {
  CHECK(iso("2025-10-23 14:05:09") == "2025-10-23T14:05:09");
  CHECK(iso("2025-10-23T14:05:09") == "2025-10-23T14:05:09");
  CHECK(iso(" 2025/10/23 14:05 ") == "2025-10-23T14:05:00");
  CHECK(iso("2025/1/3 9:05") == "2025-01-03T09:05:00");
  CHECK(iso("2025.10.23") == "2025-10-23T00:00:00");
  CHECK(iso("20251023") == "2025-10-23T00:00:00");
  CHECK(iso("2025年10月23日 14:05") == "2025-10-23T14:05:00");
  CHECK(iso("2025年10月23日14:05") == "2025-10-23T14:05:00");
  CHECK(iso("2025年10月23日 14时05分") == "2025-10-23T14:05:00");
  CHECK(iso("2025年1月3日") == "2025-01-03T00:00:00");
  CHECK(iso("2025-10-23 下午2:05") == "2025-10-23T14:05:00");
  CHECK(iso("2025-10-23 上午12:30") == "2025-10-23T00:30:00");
}

TEST_CASE("values::parse_datetime drops zones and fractions of ISO times") {
  CHECK(iso("2025-10-23T14:05:09Z") == "2025-10-23T14:05:09");
  CHECK(iso("2025-10-23T14:05:09+08:00") == "2025-10-23T14:05:09");
  CHECK(iso("2025-10-23T14:05:09.123") == "2025-10-23T14:05:09");
  CHECK(iso("2025-10-23 14:05:09.5-0500") == "2025-10-23T14:05:09");
}

// The time as written and its offset in minutes east of UTC ("naive" without one).
static std::string zoned(std::string_view s, DateOrder order = DateOrder::ymd) {
  std::optional<int> offset;
  const auto r = parse_datetime(s, order, true, offset);
  if (!r.value) {
    return "ERROR: " + r.error;
  }
  return *r.value + " " + (offset ? std::to_string(*offset) : "naive");
}

TEST_CASE("values::parse_datetime tells the UTC offset a time names") {
  CHECK(zoned("2025-10-31T20:00:00Z") == "2025-10-31T20:00:00 0");
  CHECK(zoned("2025-10-31T20:00:00") == "2025-10-31T20:00:00 naive");
  CHECK(zoned("2025-10-31 20:00") == "2025-10-31T20:00:00 naive");
  CHECK(zoned("2025-10-31") == "2025-10-31T00:00:00 naive");
  CHECK(zoned("2025-10-31T20:00:00+08:00") == "2025-10-31T20:00:00 480");
  CHECK(zoned("2025-10-31T20:00:00-05:00") == "2025-10-31T20:00:00 -300");
  CHECK(zoned("2025-10-31T20:00:00+0800") == "2025-10-31T20:00:00 480");
  CHECK(zoned("2025-10-31T20:00:00+05:30") == "2025-10-31T20:00:00 330");
  CHECK(zoned("2025-10-31 20:00:00 +0800") == "2025-10-31T20:00:00 480");
  CHECK(zoned("2025-10-31 20:00 +08") == "2025-10-31T20:00:00 480");
  CHECK(zoned("2025-10-31 20:00 -05:00") == "2025-10-31T20:00:00 -300");
  CHECK(zoned("2025-10-31T20:00:00.123Z") == "2025-10-31T20:00:00 0");
  CHECK(zoned("2025-10-23 14:05:09.5-0500") == "2025-10-23T14:05:09 -300");
  CHECK(zoned("2025-10-31 20:00 UTC") == "2025-10-31T20:00:00 0");
  CHECK(zoned("2025-10-31 20:00 GMT") == "2025-10-31T20:00:00 0");
  CHECK(zoned("2025-10-31 20:00 GMT+8") == "2025-10-31T20:00:00 480");
  CHECK(zoned("10/31/2025 8:00 PM UTC", DateOrder::mdy) == "2025-10-31T20:00:00 0");
  CHECK(zoned("2025-10-31T20:00:00+15:00") == "ERROR: no such UTC offset: +15:00");
  CHECK(zoned("2025-10-31T20:00:00+0899") == "ERROR: no such UTC offset: +0899");
  CHECK(zoned("2025-10-31T20:00:00+8:00:00") == "ERROR: not a date");
  CHECK(zoned("2025-10-31T20:00:00X") == "ERROR: not a date");
}

TEST_CASE("values::parse_datetime reads Weibo's created_at: a weekday, the year after the time") {
  CHECK(zoned("Fri Aug 02 13:27:01 +0800 2019") == "2019-08-02T13:27:01 480");
  CHECK(zoned("Sat Aug 03 23:02:13 +0800 2019") == "2019-08-03T23:02:13 480");
  CHECK(zoned("Wed Oct 10 20:19:24 +0000 2018") == "2018-10-10T20:19:24 0");
  CHECK(zoned("Fri Aug  2 13:27:01 2019") == "2019-08-02T13:27:01 naive");
  CHECK(zoned("Friday, 2 August 2019") == "2019-08-02T00:00:00 naive");
  CHECK(zoned("Fri Aug 31 13:27:01 +0800 2019x") == "ERROR: not a date");
  CHECK(zoned("Fri Feb 30 13:27:01 +0800 2019") == "ERROR: no such date: 2019-02-30");
  CHECK(zoned("Fry Aug 02 13:27:01 +0800 2019") == "ERROR: not a date");
}

TEST_CASE("values::parse_datetime reads dotted day-first dates as a/b/yyyy, told the order") {
  // Not told, 31.10.2025 is as ambiguous as 01.02.2025: import tells the order a file's rows show (mapping.cpp).
  CHECK(iso("31.10.2025") == "ERROR: ambiguous date order: use --date-order mdy or dmy");
  CHECK(iso("31.10.2025 14:05", DateOrder::dmy) == "2025-10-31T14:05:00");
  CHECK(iso("01.02.2025", DateOrder::dmy) == "2025-02-01T00:00:00");
  CHECK(iso("31.10.2025", DateOrder::mdy) == "ERROR: no such date: 2025-31-10");
}

TEST_CASE("values::parse_datetime reads month-first and day-first dates only when told") {
  CHECK(iso("10/23/2025", DateOrder::mdy) == "2025-10-23T00:00:00");
  CHECK(iso("9/24/19", DateOrder::mdy) == "2019-09-24T00:00:00");
  CHECK(iso("1/2/75", DateOrder::mdy) == "1975-01-02T00:00:00");
  CHECK(iso("23/10/2025", DateOrder::dmy) == "2025-10-23T00:00:00");
  CHECK(iso("10/23/2025 2:05 PM", DateOrder::mdy) == "2025-10-23T14:05:00");
  CHECK(iso("10/23/2025") == "ERROR: ambiguous date order: use --date-order mdy or dmy");
  CHECK(iso("Oct 23, 2025") == "2025-10-23T00:00:00");
  CHECK(iso("23 Oct 2025") == "2025-10-23T00:00:00");
  CHECK(iso("October 23, 2025 2:05 pm") == "2025-10-23T14:05:00");
}

TEST_CASE("values::parse_datetime reads Excel serial numbers") {
  CHECK(iso("45953") == "2025-10-23T00:00:00");
  CHECK(iso("45953.586805555555") == "2025-10-23T14:05:00");
  CHECK_FALSE(parse_datetime("45953", DateOrder::ymd, false).value.has_value());
}

TEST_CASE("values::parse_datetime rejects impossible dates and garbage") {
  CHECK(iso("2025-02-30") == "ERROR: no such date: 2025-02-30");
  CHECK(iso("2024-02-29") == "2024-02-29T00:00:00");
  CHECK(iso("2025-13-01") == "ERROR: no such date: 2025-13-01");
  CHECK(iso("2025/10/23 25:00") == "ERROR: no such time: 25:00");
  CHECK(iso("abc") == "ERROR: not a date");
  CHECK(iso("2:05 PM") == "ERROR: not a date");
  CHECK(iso("2025-10") == "ERROR: not a date");
  CHECK(iso("2025-10-23 14") == "ERROR: not a date");
  CHECK(iso("2025-10-23 14:05 extra") == "ERROR: not a date");
  CHECK(iso("123456789012345678901234567890") == "ERROR: not a date");
  CHECK(parse_datetime("-").blank);
  CHECK(parse_datetime("").blank);
}
