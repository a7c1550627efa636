#include "values/excel.hpp"

#include <cmath>
#include <cstdio>

namespace fbkit::values {

namespace {
// Days since 1970-01-01 -> civil date (Howard Hinnant's algorithm).
void civil_from_days(long long z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long yy = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yy + (m <= 2));
}
}  // namespace

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
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  civil_from_days(days - 25568, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld", y, m, d, secs / 3600, secs / 60 % 60,
                secs % 60);
  return std::string(buf);
}

}  // namespace fbkit::values
