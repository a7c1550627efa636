// `fbkit classify --adapt`: self-training on the input's own text. A first
// pass asks the sentiment model for every row's P(positive); the rows it is
// sure of (P >= 0.9 positive, P <= 0.1 negative) train a new fastText model
// in-process, which then answers for every row in place of the first
// (docs/rules.md, "Adapting the model to the input"; the figures:
// config/models/README.md, "Fourth round").
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "classify/model.hpp"
#include "classify/sentiment.hpp"

namespace fbkit::classify {

struct AdaptReport {
  std::int64_t answered = 0;    // rows the model answered for (text with CJK, not a placeholder)
  std::int64_t positive = 0;    // sure rows trained on as positive
  std::int64_t negative = 0;    // and as negative
  std::int64_t left_out = 0;    // sure rows beyond the cap (not trained on)
  int epoch = 0;                // epochs trained (0: no model trained)
  std::string message() const;  // one line for standard error
};

// The sure rows trained on are at most this many (the first ones read): memory stays bounded.
constexpr std::int64_t kAdaptMaxRows = 200000;
// Fewer sure rows of a label than this: no model is trained (the given one is kept).
constexpr std::int64_t kAdaptMinPerLabel = 10;

// Reads `inputs` (canonical CSV; names `shown` for messages) once with the
// rules and `sentiment`, and trains a model on the sure rows: one thread, a
// fixed seed, the rows in a fixed order (the same input gives the same
// model). Null when there are too few sure rows of a label.
std::shared_ptr<const SentimentModel> adapt_model(const RuleSet& rules, const Sentiment& sentiment,
                                                  const std::vector<std::string>& inputs,
                                                  const std::vector<std::string>& shown, AdaptReport& report);

}  // namespace fbkit::classify
