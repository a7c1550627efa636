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

struct SurveyRules {
  bool too_fast = true;
  double min_seconds = 30;           // faster than this is invalid
  double median_fraction = 1.0 / 3;  // ... or faster than this share of the median (0: off)
  bool straight_lining = true;
  int straight_min_answered = 4;              // answered score_* columns needed to call it
  std::vector<int> straight_values = {1, 5};  // the extremes
  bool contradiction = true;
  int contradiction_high = 5;  // overall 5 while every dimension <= contradiction_low_dims
  int contradiction_low = 1;   // overall 1 while every dimension >= contradiction_high_dims
  int contradiction_low_dims = 2;
  int contradiction_high_dims = 4;
  int contradiction_min_dims = 2;  // answered dimensions needed
};

struct VagueRules {
  bool enabled = true;
  int max_units = 2;                 // a text of at most this many characters/words ...
  std::vector<std::string> generic;  // ... or made only of these words (and fillers)
  std::vector<std::string> fillers;
  std::vector<std::string> positive;  // short praise is not vague
  int skip_score_at_least = 4;        // score_overall >= this: not vague (0: never skip)
};

struct Rules {
  std::string origin;  // the file, for messages

  // In-place normalization.
  std::vector<std::string> text_columns;  // globs
  TextOptions text;
  std::vector<std::string> mask_columns;     // globs
  bool mask_extra_columns = true;            // and every column outside the canonical schema
  std::vector<std::string> mask_id_columns;  // globs: extra columns that hold identifiers, never masked
  text::PiiOptions mask;
  bool mask_enabled = true;
  // customer_id: kept as it is, replaced by a pseudonym when it is personal
  // data itself (a phone number or an e-mail address), or always replaced.
  enum class CustomerIds { keep, personal, all } customer_ids = CustomerIds::personal;
  // column -> (normalized alias -> canonical value)
  std::map<std::string, std::map<std::string, std::string>> aliases;
  std::vector<std::string> score_columns;  // globs; valid 1..5
  std::vector<std::string> nps_columns;    // valid 0..10

  // Removal.
  bool duplicates = true;
  std::vector<std::string> duplicate_ignore;  // columns left out of the comparison
  bool repeated = true;
  double repeated_window_hours = 24;
  std::vector<std::string> test_text;         // RE2, whole text, case-insensitive
  std::vector<std::string> test_customer_id;  // RE2, whole value
  // Spam: one strong signal, or spam_weak_needed weak ones, and never a row
  // that reads as a complaint (a word of spam_unless_words, or a score given).
  std::vector<std::string> spam_regex;         // strong: RE2, anywhere in the text
  std::vector<std::string> spam_weak_regex;    // weak: RE2, anywhere in the text
  std::vector<std::string> spam_words;         // weak: literal, anywhere, case-insensitive
  int spam_min_length = 10;                    // weak, a flood: at least this many characters ...
  double spam_flood_share = 0.8;               // ... of which one (not punctuation) makes this share
  int spam_weak_needed = 2;                    // weak signals that make spam together
  std::vector<std::string> spam_unless_words;  // literal: a complaint, never spam
  bool spam_unless_scored = true;              // a row with a score is an answer, never spam
  bool survey_enabled = true;
  SurveyRules survey;
  VagueRules vague;

  std::uint64_t memory_bytes = std::uint64_t{128} << 20;  // duplicate memory before spilling to disk
};

// The built-in rules (config/clean.yaml) with `doc` applied on top: a key the
// document leaves out keeps its default; a list it gives replaces the default
// list. Every mistake is a ConfigError "FILE:LINE:COL: key.path: what".
Rules load_rules(const config::Document& doc);
// Applies one document to `rules` (the step above, for tests).
void apply_rules(const config::Document& doc, Rules& rules);

}  // namespace fbkit::clean
