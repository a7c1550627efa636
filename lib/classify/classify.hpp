// `fbkit classify` as a library call: canonical CSV in, the same rows out with
// category, issue, urgency, sentiment, value_tier, route_department,
// sla_due_at and matched_rules appended (recomputed when already present).
//
// value_tier needs the annual_spend distribution before the first row is
// written. Unless a fixed threshold is given, classify reads its input twice:
// a first pass collects annual_spend (8 bytes a value, up to a million
// values; beyond that the threshold is narrowed by counting over up to four
// more passes, so memory stays flat) to find the top share, the last pass
// classifies. Standard input cannot be read twice, so it is first copied to a
// temporary file (in $TMPDIR), removed at the end.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "classify/model.hpp"
#include "classify/sentiment.hpp"
#include "core/io.hpp"
#include "csv/writer.hpp"

namespace fbkit::classify {

struct RunOptions {
  std::vector<std::string> inputs;        // paths; "-" is standard input
  bool multi = false;                     // every matching issue, ';'-separated
  std::optional<double> spend_threshold;  // high value = annual_spend >= this; single pass
  std::optional<double> high_share;       // overrides the rule file's high_value_share
  csv::WriterOptions writer;
  const Sentiment* sentiment = nullptr;  // the model and placeholders; null: the rules alone
  // --adapt: a first pass trains a model on the rows the model is sure of, which then answers (adapt.hpp).
  bool adapt = false;
  // Where run() says what --adapt did (a line for standard error); null: nowhere.
  std::function<void(const std::string&)> say;
  // What choose_rules picks: rules and sentiment to use instead of run()'s (a
  // detected domain pack and its model, packs.hpp); a null member keeps run()'s.
  struct Chosen {
    const RuleSet* rules = nullptr;
    const Sentiment* sentiment = nullptr;
  };
  // Called once before any output with the first input (standard input spooled to a file first).
  std::function<Chosen(const std::string& path, const std::string& shown)> choose_rules;
};

struct RunSummary {
  std::int64_t rows = 0;
  std::int64_t other = 0;                 // rows no rule claimed
  std::optional<double> spend_threshold;  // the threshold used, if any
};

// Streams the inputs through the classifier into `out` (committed at the end).
// `explain` (JSON lines, one per row) and `coverage` (a text report) are optional.
RunSummary run(const RuleSet& rules, const RunOptions& options, ByteSink& out, ByteSink* explain, ByteSink* coverage);

// The annual_spend threshold of the top `share` of `values` (ties included);
// nullopt when there are no values or the share is 0.
std::optional<double> top_share_threshold(std::vector<double> values, double share);

// The same over values too many to hold: `pass(visit)` must call visit(v) for
// every value, in any order, each time it is called. Up to `cap` values are
// held (8 bytes each); with more, the answer is narrowed 16 bits of the value
// at a time by counting (a 65,536-bucket histogram) over further passes until
// the candidates fit. Exact; memory bounded by cap and the histogram.
std::optional<double> top_share_threshold_in_passes(const std::function<void(const std::function<void(double)>&)>& pass,
                                                    double share, std::size_t cap = std::size_t{1} << 20);

}  // namespace fbkit::classify
