#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>
#include <string>

#include "values/zone.hpp"

using fbkit::values::to_local_time;

namespace {

// Sets the process's zone for one test case, and puts the old one back.
class ZoneScope {
public:
  explicit ZoneScope(const char* zone) {
    if (const char* old = std::getenv("TZ")) {
      m_old = old;
      m_had = true;
    }
    fbkit::values::use_zone(zone);
  }
  ~ZoneScope() {
    if (m_had) {
      fbkit::values::use_zone(m_old);
    } else {
      ::unsetenv("TZ");
      ::tzset();
    }
  }
  ZoneScope(const ZoneScope&) = delete;
  ZoneScope& operator=(const ZoneScope&) = delete;

private:
  std::string m_old;
  bool m_had = false;
};

}  // namespace

TEST_CASE("values::to_local_time moves a time with an offset into the zone in effect") {
  const ZoneScope zone("Asia/Shanghai");
  CHECK(to_local_time("2025-10-31T20:00:00", 0) == "2025-11-01T04:00:00");
  CHECK(to_local_time("2025-10-31T20:00:00", 480) == "2025-10-31T20:00:00");
  CHECK(to_local_time("2025-10-31T11:00:00", -300) == "2025-11-01T00:00:00");
  CHECK(to_local_time("not a time", 0) == "not a time");
}

TEST_CASE("values::to_local_time follows daylight saving time") {
  const ZoneScope zone("America/New_York");
  CHECK(to_local_time("2025-03-09T06:59:59", 0) == "2025-03-09T01:59:59");  // EST, -5
  CHECK(to_local_time("2025-03-09T07:00:00", 0) == "2025-03-09T03:00:00");  // EDT, -4
  CHECK(to_local_time("2025-11-02T05:30:00", 0) == "2025-11-02T01:30:00");  // EDT
  CHECK(to_local_time("2025-11-02T06:30:00", 0) == "2025-11-02T01:30:00");  // EST: 01:30 twice
}

TEST_CASE("values::known_zone accepts names of the tz database only") {
  CHECK(fbkit::values::known_zone("Asia/Shanghai"));
  CHECK(fbkit::values::known_zone("UTC"));
  CHECK_FALSE(fbkit::values::known_zone("Mars/Olympus"));
  CHECK_FALSE(fbkit::values::known_zone("../etc/passwd"));
  CHECK_FALSE(fbkit::values::known_zone("/usr/share/zoneinfo/UTC"));
  CHECK_FALSE(fbkit::values::known_zone(""));
}
