#include "values/excel.hpp"

#include <cmath>

#include "values/timestamp.hpp"

namespace fbkit::values {

std::optional<std::string> from_excel_serial(double serial) {
  if (!std::isfinite(serial) || serial < 1 || serial >= 2958466) {
    return std::nullopt;
  }
  long long seconds = std::llround(serial * 86400.0);
  long long days = seconds / 86400;
  const long long secs = seconds % 86400;
  // Serial 60 is the 1900-02-29 that never was; serials after it are one day ahead.
  if (days >= 60) {
    days -= 1;
  }
  // Serial 1 is 1900-01-01, which is day -25567 since 1970-01-01.
  return format_seconds((days - 25568) * 86400 + secs);
}

}  // namespace fbkit::values
