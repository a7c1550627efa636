#include <doctest/doctest.h>

#include "values/excel.hpp"

using fbkit::values::from_excel_serial;

TEST_CASE("values::from_excel_serial matches Excel's calendar") {
  CHECK(from_excel_serial(1) == "1900-01-01T00:00:00");
  CHECK(from_excel_serial(59) == "1900-02-28T00:00:00");
  CHECK(from_excel_serial(61) == "1900-03-01T00:00:00");
  CHECK(from_excel_serial(45953) == "2025-10-23T00:00:00");
  CHECK(from_excel_serial(45953.586805555555) == "2025-10-23T14:05:00");
  CHECK(from_excel_serial(0.5) == std::nullopt);
  CHECK(from_excel_serial(3e6) == std::nullopt);
}
