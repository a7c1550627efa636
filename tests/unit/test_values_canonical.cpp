#include <doctest/doctest.h>

#include "values/canonical.hpp"

using fbkit::values::parse_decimal;
using fbkit::values::Status;

TEST_CASE("values::Status reads the four codes and nothing else") {
  CHECK(Status::parse("not_started")->code() == Status::not_started);
  CHECK(Status::parse("in_progress")->code() == Status::in_progress);
  CHECK(Status::parse("completed")->code() == Status::completed);
  CHECK(Status::parse("closed")->name() == "closed");
  CHECK_FALSE(Status::parse(""));
  CHECK_FALSE(Status::parse("Closed"));
  CHECK_FALSE(Status::parse(" closed"));
}

TEST_CASE("values::Status: open is not started or in progress; overdue is open and due before the as-of time") {
  CHECK(Status(Status::not_started).is_open());
  CHECK(Status(Status::in_progress).is_open());
  CHECK_FALSE(Status(Status::completed).is_open());
  CHECK_FALSE(Status(Status::closed).is_open());
  CHECK(Status(Status::in_progress).is_overdue(99, 100));
  CHECK_FALSE(Status(Status::in_progress).is_overdue(100, 100));  // due at the as-of second: not yet
  CHECK_FALSE(Status(Status::completed).is_overdue(0, 100));
}

TEST_CASE("values::parse_decimal reads the whole value, a leading + and no white space") {
  double v = 0;
  CHECK((parse_decimal("12.5", v) && v == 12.5));
  CHECK((parse_decimal("+2", v) && v == 2));
  CHECK((parse_decimal("-3", v) && v == -3));
  CHECK((parse_decimal("1e3", v) && v == 1000));
  CHECK_FALSE(parse_decimal("+-3", v));
  CHECK_FALSE(parse_decimal("+", v));
  CHECK_FALSE(parse_decimal("", v));
  CHECK_FALSE(parse_decimal(" 1", v));
  CHECK_FALSE(parse_decimal("1 ", v));
  CHECK_FALSE(parse_decimal("1,234", v));
  CHECK_FALSE(parse_decimal("inf", v));
  CHECK_FALSE(parse_decimal("nan", v));
  CHECK_FALSE(parse_decimal("1e999", v));
}

TEST_CASE("values::score_cell and nps_cell read a cell as stats and classify both do") {
  using fbkit::values::nps_cell;
  using fbkit::values::score_cell;
  CHECK(score_cell("4") == 4);
  CHECK(score_cell("★★★★★") == 5);
  CHECK(score_cell("满意") == 4);
  CHECK(score_cell("") == 0);
  CHECK(score_cell("N/A") == 0);
  CHECK(score_cell("7") == -1);
  CHECK(score_cell("0") == -1);
  CHECK(nps_cell("10") == 10);
  CHECK(nps_cell("0") == 0);
  CHECK(nps_cell("") == -1);
  CHECK(nps_cell("11") == -2);
}
