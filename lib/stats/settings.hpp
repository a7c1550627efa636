// The settings of stats from config/stats.yaml (or --config DIR).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "stats/spec.hpp"

namespace fbkit::stats {

// Every value comes from the YAML (config/stats.yaml under the user's file):
// C++ holds no default of its own.
struct Settings {
  std::int64_t min_n = 0;  // also the smallest side a change is tested on
  FdrFamily fdr_family = FdrFamily::metric;
  std::vector<std::string> complaint_categories;
  std::vector<std::string> satisfied_followup_texts;  // normalized (see normalize_followup)
  std::vector<std::string> fcr_columns;
  std::vector<std::string> fcr_yes;  // lower-cased
  std::vector<std::string> fcr_no;
  std::vector<std::string> stop_chars;
  std::vector<std::string> stop_words;
};

// The settings a run uses: `doc` (stats.yaml of --config DIR) laid over the
// built-in config/stats.yaml (yaml::Node::overlay(): mappings merge by key, a
// list replaces the built-in list). Every mistake is found: ConfigError with
// all of them, each "FILE:LINE:COL: key.path: what".
Settings load_settings(const config::Document& doc);

// Full-width commas to ASCII, spaces removed, ASCII lower-cased: the form
// satisfied_followup_texts are compared in.
std::string normalize_followup(std::string_view text);

}  // namespace fbkit::stats
