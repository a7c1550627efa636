// When no profile recognizes a file's header: its key columns found by what
// their values look like (issue #15 section 3, docs/import.md "When no
// profile fits"): the time (received_at), the text, the score or NPS.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "import/profile.hpp"

namespace fbkit::import {

struct Inferred {
  std::size_t column = 0;
  std::string target;  // received_at, text, text_suggestion, score_overall or nps_score
  std::string why;     // "20 of 20 values are times", for --explain-mapping
};

// The key columns among those of `names` whose target is "" (kept as extra),
// read from `sample` (the first data rows), their values converted as
// `profile` converts them. At most one column per target. `time_only`: the
// received_at alone, from a column named as a time (a file of a few canonical
// names among its own: its ids and codes are no scores).
std::vector<Inferred> infer_columns(const std::vector<std::string>& names, const std::vector<std::string>& targets,
                                    const std::vector<std::vector<std::string>>& sample, const Profile& profile,
                                    bool time_only = false);

}  // namespace fbkit::import
