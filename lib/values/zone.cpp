#include "values/zone.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <optional>

#include "core/error.hpp"
#include "values/timestamp.hpp"

namespace fbkit::values {

namespace {

std::atomic<unsigned> g_zone_generation{0};  // bumped by use_zone: the cache below is then stale

// The zone's offset at `utc`, in seconds east of UTC (localtime_r: the zone set
// once by tzset, not the environment per call).
std::optional<std::int64_t> ask_offset(std::int64_t utc) {
  const auto t = static_cast<std::time_t>(utc);
  std::tm tm{};
  if (localtime_r(&t, &tm) == nullptr) {
    return std::nullopt;
  }
  return std::int64_t{tm.tm_gmtoff};
}

// ask_offset, asked once per hour of UTC times (the last 1024 hours remembered:
// rows of a few weeks, in any order): an hour whose start and end agree has no
// transition in it (zones change at most once an hour); one that holds a
// transition is asked every time.
std::optional<std::int64_t> utc_offset_seconds(std::int64_t utc) {
  struct Hour {
    unsigned generation = ~0U;
    std::int64_t hour = 0;
    std::optional<std::int64_t> offset;  // nullopt: not steady, ask
  };
  thread_local std::array<Hour, 1024> hours;
  const std::int64_t hour = utc >= 0 ? utc / 3600 : (utc - 3599) / 3600;
  const unsigned generation = g_zone_generation.load(std::memory_order_relaxed);
  Hour& h = hours[static_cast<std::size_t>(hour) % hours.size()];
  if (h.generation != generation || h.hour != hour) {
    const std::optional<std::int64_t> start = ask_offset(hour * 3600);
    h = Hour{generation, hour, start && start == ask_offset(hour * 3600 + 3599) ? start : std::nullopt};
  }
  return h.offset ? h.offset : ask_offset(utc);
}

}  // namespace

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
  g_zone_generation.fetch_add(1, std::memory_order_relaxed);
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
  const std::int64_t utc = *wall - std::int64_t{offset_minutes} * 60;
  const std::optional<std::int64_t> local = utc_offset_seconds(utc);
  return local ? format_seconds(utc + *local) : std::string(iso);
}

}  // namespace fbkit::values
