// `fbkit classify --learn FILE`: a sentiment model trained on the user's own
// rows that carry a score (score_overall 1-2 negative, 4-5 positive), with the
// settings and tokens of the default model (scripts/train_sentiment.py), for
// `--model FILE` on rows that have no score.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "classify/sentiment.hpp"
#include "core/io.hpp"

namespace fbkit::classify {

struct LearnOptions {
  std::vector<std::string> inputs;              // canonical CSV; "-" is standard input
  const SentimentSettings* settings = nullptr;  // its placeholders are no text
};

struct LearnReport {
  std::int64_t negative = 0, positive = 0;     // rows learned from (held-back ones included)
  std::int64_t unscored = 0;                   // rows with score 3, no score or an unreadable one
  std::int64_t no_text = 0;                    // scored rows without text (or only a placeholder)
  std::int64_t held_back = 0, held_right = 0;  // every 10th labelled row: not trained on
  std::size_t model_bytes = 0;

  // The report printed after the model is written to `path`.
  std::string text(const std::string& path) const;
};

// Reads the inputs, trains on nine tenths of the labelled rows (one thread, a
// fixed seed: the same rows give the same model), measures the tenth held
// back, quantizes and writes the model to `out` (the caller commits it).
// DataError when an input has no score_overall or no text column, or when
// there are fewer than 10 rows of either label.
LearnReport learn(const LearnOptions& options, ByteSink& out);

}  // namespace fbkit::classify
