// Time zones: which zone the canonical times are in (they carry none: "local
// time" is the zone in effect, docs/import.md "Time zones"), and times that
// name a UTC offset (Z, +08:00) moved into it.
#pragma once

#include <string>
#include <string_view>

namespace fbkit::values {

// A zone name the C library knows: a file under $TZDIR or /usr/share/zoneinfo
// (without the check it would read any name as UTC, silently).
bool known_zone(const std::string& zone);

// The zone in effect and where it came from.
struct Zone {
  std::string name;  // Asia/Shanghai, or the TZ variable as written
  std::string from;  // "TZ" or "machine" (/etc/localtime); callers name their own (--tz)
};

// The process's zone: the TZ variable's, else the machine's (/etc/localtime).
Zone process_zone();

// Makes `zone` the process's zone (TZ, tzset) for local times: set once, before any is read.
void use_zone(const std::string& zone);
// use_zone for a zone named by a command-line option; UsageError "OPTION ZONE:
// unknown time zone" when it is no known_zone.
void use_zone_option(const std::string& option, const std::string& zone);

// The canonical "YYYY-MM-DDTHH:MM:SS" `iso` written at `offset_minutes` east of
// UTC, as the local time of the process's zone (daylight saving time included).
std::string to_local_time(std::string_view iso, int offset_minutes);

}  // namespace fbkit::values
