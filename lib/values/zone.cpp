#include "values/zone.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>

#include "core/error.hpp"
#include "values/timestamp.hpp"

namespace fbkit::values {

bool known_zone(const std::string& zone) {
  if (zone.empty() || zone.find("..") != std::string::npos || zone.front() == '/') {
    return false;
  }
  const char* dir = std::getenv("TZDIR");
  const std::string base = dir != nullptr && *dir != '\0' ? dir : "/usr/share/zoneinfo";
  struct stat st {};
  return stat((base + "/" + zone).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

Zone process_zone() {
  if (const char* tz = std::getenv("TZ"); tz != nullptr && *tz != '\0') {
    return Zone{tz[0] == ':' ? tz + 1 : tz, "TZ"};
  }
  char buf[4096];
  const ssize_t n = ::readlink("/etc/localtime", buf, sizeof buf - 1);
  if (n <= 0) {
    return Zone{"/etc/localtime", "machine"};
  }
  const std::string target(buf, static_cast<std::size_t>(n));
  const std::size_t at = target.find("zoneinfo/");
  return Zone{at == std::string::npos ? target : target.substr(at + 9), "machine"};
}

void use_zone(const std::string& zone) {
  ::setenv("TZ", zone.c_str(), 1);
  ::tzset();
}

void use_zone_option(const std::string& option, const std::string& zone) {
  if (!known_zone(zone)) {
    throw UsageError(option + " " + zone + ": unknown time zone (a name of the tz database, e.g. Asia/Shanghai)");
  }
  use_zone(zone);
}

std::string to_local_time(std::string_view iso, int offset_minutes) {
  const std::optional<std::int64_t> wall = parse_canonical_seconds(iso);
  if (!wall) {
    return std::string(iso);
  }
  // localtime_r reads the zone set once (tzset), not the environment per call.
  const std::time_t utc = static_cast<std::time_t>(*wall - std::int64_t{offset_minutes} * 60);
  std::tm tm{};
  if (localtime_r(&utc, &tm) == nullptr) {
    return std::string(iso);
  }
  char out[80];  // room for any int, as the compiler checks
  std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return out;
}

}  // namespace fbkit::values
