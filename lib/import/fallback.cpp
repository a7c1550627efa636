// A profile's fallback columns (Profile::fallbacks): found among the columns
// a file keeps as extra ones.
#include <algorithm>

#include "import/mapping.hpp"
#include "text/unicode.hpp"

namespace fbkit::import {

void find_fallbacks(FileMapping& fm) {
  for (const ColumnRule& rule : fm.profile->fallbacks) {
    for (std::size_t i = 0; i < fm.names.size(); ++i) {
      const std::string key = text::normalize_key(fm.names[i]);
      const bool matches =
          std::any_of(rule.headers.begin(), rule.headers.end(), [&](const HeaderPattern& h) { return h.matches(key); });
      // Only a column kept under its own name: not one mapped, dropped or renamed.
      if (matches && fm.targets[i].empty() && fm.how[i] == kKeptAsExtra) {
        fm.how[i] += "; also " + rule.target + " where no column of profile " + fm.profile->name + " fills it";
        fm.fallbacks.push_back({i, rule.target, -1, nullptr});
        break;
      }
    }
  }
}

}  // namespace fbkit::import
