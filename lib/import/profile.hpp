// Import profiles: YAML files that say which header names of an export mean
// which canonical column, how its values map to canonical codes, which
// columns are constant and which are dropped (config/import/*.yaml).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "values/parse.hpp"

namespace fbkit::import {

// A header name to match, normalized (NFKC, case-folded, trimmed); `*` in a
// pattern matches any run of characters ("*您对本次服务满意吗*").
struct HeaderPattern {
  std::string text;
  bool glob = false;
  bool matches(const std::string& normalized_header) const;
};

struct ColumnRule {
  std::string target;  // canonical column
  std::vector<HeaderPattern> headers;
};

struct Profile {
  std::string name;
  std::string description;
  std::string origin;  // file it came from, for messages
  values::DateOrder date_order = values::DateOrder::ymd;
  std::vector<ColumnRule> columns;
  // `fallback`: a canonical column read from one of these headers in the rows
  // where the column `columns` maps to it is empty or absent (Freshdesk's
  // Closed time for a ticket closed without a Resolved time); the header is
  // kept as an extra column too.
  std::vector<ColumnRule> fallbacks;
  // target column -> normalized source value -> canonical value
  std::map<std::string, std::map<std::string, std::string>> values;
  // normalized Likert answer -> 1-5, for every score column (import_values.yaml `scores`)
  std::map<std::string, int> scores;
  std::vector<std::pair<std::string, std::string>> constants;
  std::vector<HeaderPattern> drop;
  // `keep`: header names this platform writes that no canonical column fits
  // (a comment's likes, its poster's region): kept as extra columns, as any
  // unmapped column is, and counted as recognized when a profile is chosen.
  std::vector<HeaderPattern> keep;
  std::vector<std::string> required;
  bool keep_unmapped = true;

  // The canonical column a normalized header maps to by this profile's own
  // aliases (not by canonical names), if any.
  std::optional<std::string> target_of(const std::string& normalized_header) const;
  bool drops(const std::string& normalized_header) const;
  bool keeps(const std::string& normalized_header) const;
};

// Loads and validates a profile document on its own: ConfigError with every
// mistake, each FILE:LINE:COL: key.path: what.
// `common_values` (config/import_values.yaml) is merged under the profile's own maps.
Profile load_profile(const config::Document& doc, const config::Document* common_values);

// Every profile under import/ in the store, sorted by name: a file of --config
// DIR is laid over the built-in profile of the same file name (mappings merge
// by key, lists replace) and import_values.yaml over the built-in one. Every
// mistake of every profile is reported at once.
std::vector<Profile> load_profiles(const config::Store& store);

// A profile by name from the store, or from a YAML file path.
Profile find_profile(const config::Store& store, const std::string& name_or_path);

}  // namespace fbkit::import
