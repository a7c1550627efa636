// --partial / --merge: the aggregate of stats as a text file that a later run
// merges with others. The file is deterministic (groups sorted, sketches in
// canonical form), versioned, and carries the layout, which must match.
#pragma once

#include <string>
#include <string_view>

#include "core/io.hpp"

namespace fbkit::stats {

class Aggregator;

// Tab, newline, CR and backslash as \t \n \r \\ (one line per value).
std::string escape_text(std::string_view s);
std::string unescape_text(std::string_view s);

// Writes the aggregate (its layout fixed: at least one input read).
void write_state(const Aggregator& agg, ByteSink& out);
// Reads a partial state written by write_state and merges it into `agg`.
// DataError FILE:LINE for a malformed file, ConfigError for a mismatched layout.
void merge_state(Aggregator& agg, const std::string& path);

}  // namespace fbkit::stats
