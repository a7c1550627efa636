// The rules of `fbkit clean` (config/clean.yaml, docs/clean.md): what is
// normalized in place, what is masked, which rows are removed and why, and
// the `vague` flag.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "clean/normalize.hpp"
#include "config/config.hpp"
#include "text/pii.hpp"

namespace fbkit::clean {

// Every value below comes from the YAML (config/clean.yaml under the user's
// file): C++ holds no default of its own, only zeros until the rules are loaded.
struct SurveyRules {
  bool too_fast = false;
  double min_seconds = 0;      // faster than this is invalid
  double median_fraction = 0;  // ... or faster than this share of the median (0: off)
  bool straight_lining = false;
  int straight_min_answered = 0;     // answered score_* columns needed to call it
  std::vector<int> straight_values;  // the extremes
  bool contradiction = false;
  int contradiction_high = 0;  // overall high_overall while every dimension <= low_dims
  int contradiction_low = 0;   // overall low_overall while every dimension >= high_dims
  int contradiction_low_dims = 0;
  int contradiction_high_dims = 0;
  int contradiction_min_dims = 0;  // answered dimensions needed
};

struct VagueRules {
  bool enabled = false;
  int max_units = 0;                 // a text of at most this many characters/words ...
  std::vector<std::string> generic;  // ... or made only of these words (and fillers)
  std::vector<std::string> fillers;
  std::vector<std::string> positive;  // short praise is not vague
  int skip_score_at_least = 0;        // score_overall >= this: not vague (0: never skip)
};

struct Rules {
  std::string origin;  // the file, for messages

  // In-place normalization.
  std::vector<std::string> text_columns;  // globs
  TextOptions text;
  std::vector<std::string> mask_columns;     // globs
  bool mask_extra_columns = false;           // and every column outside the canonical schema
  std::vector<std::string> mask_id_columns;  // globs: extra columns that hold identifiers, never masked
  text::PiiOptions mask;
  bool mask_enabled = false;
  // customer_id: kept as it is, replaced by a pseudonym when it is personal
  // data itself (a phone number or an e-mail address), or always replaced.
  enum class CustomerIds { keep, personal, all } customer_ids = CustomerIds::keep;
  // column -> (normalized alias -> canonical value)
  std::map<std::string, std::map<std::string, std::string>> aliases;
  std::vector<std::string> score_columns;  // globs; valid 1..5
  std::vector<std::string> nps_columns;    // valid 0..10

  // Removal.
  bool duplicates = false;
  std::vector<std::string> duplicate_ignore;  // columns left out of the comparison
  bool repeated = false;
  double repeated_window_hours = 0;
  std::vector<std::string> test_text;         // RE2, whole text, case-insensitive
  std::vector<std::string> test_customer_id;  // RE2, whole value
  // Spam: one strong signal, or spam_weak_needed weak ones, and never a row
  // that reads as a complaint (a word of spam_unless_words, or a score given).
  std::vector<std::string> spam_regex;         // strong: RE2, anywhere in the text
  std::vector<std::string> spam_weak_regex;    // weak: RE2, anywhere in the text
  std::vector<std::string> spam_words;         // weak: literal, anywhere, case-insensitive
  int spam_min_length = 0;                     // weak, a flood: at least this many characters ...
  double spam_flood_share = 0;                 // ... of which one (not punctuation) makes this share
  int spam_weak_needed = 0;                    // weak signals that make spam together
  std::vector<std::string> spam_unless_words;  // literal: a complaint, never spam
  bool spam_unless_scored = false;             // a row with a score is an answer, never spam
  bool survey_enabled = false;
  SurveyRules survey;
  VagueRules vague;

  std::uint64_t memory_bytes = 0;  // duplicate memory before spilling to disk
};

// The rules a run uses: `doc` (clean.yaml of --config DIR, or --rules FILE)
// laid over the built-in config/clean.yaml (yaml::Node::overlay(): mappings
// merge by key, a list replaces the built-in list, an empty value keeps it).
// Every mistake is found: ConfigError with all of them, each
// "FILE:LINE:COL: key.path: what".
Rules load_rules(const config::Document& doc);

}  // namespace fbkit::clean
