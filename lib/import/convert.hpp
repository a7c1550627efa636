// Turning a raw export value into the canonical form of its column: dates to
// ISO 8601, scores to 1-5, money to plain decimals, codes through the profile's
// value maps. Text is never altered.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "import/profile.hpp"

namespace fbkit::import {

struct Converted {
  std::string value;
  std::string problem;  // empty when the value converted (or was blank)
  bool blank = false;
  bool kept_raw = false;    // the value was kept although it is not valid (a score of 6: clean flags it)
  bool future = false;      // a received_at or resolved_at later than `latest`: kept, and a problem
  bool had_offset = false;  // a time that named its UTC offset (Z, +08:00): moved into the zone in effect
};

// Converts `raw` for canonical column `target` under profile `p`. A received_at
// or resolved_at later than `latest` ("YYYY-MM-DDTHH:MM:SS"; empty: no limit)
// is kept with the problem "in the future".
Converted convert_value(const Profile& p, const std::string& target, std::string_view raw,
                        std::string_view latest = {});

// convert_value for one column, with what it needs looked up once, and the
// results of columns with few distinct values (codes, scores) remembered:
// at most kCacheLimit values per column, so memory stays bounded.
class ColumnConverter {
public:
  ColumnConverter(const Profile& p, std::string target, std::string latest = {});
  const Converted& convert(std::string_view raw);
  const std::string& target() const { return m_target; }

  static constexpr std::size_t kCacheLimit = 4096;

private:
  const Profile& m_profile;
  std::string m_target;
  std::string m_latest;
  bool m_cached = false;
  std::unordered_map<std::string, Converted> m_cache;
  Converted m_last;
};

}  // namespace fbkit::import
