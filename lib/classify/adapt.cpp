#include "classify/adapt.hpp"

#include <fasttext/fasttext.h>
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <string_view>

#include "classify/batches.hpp"
#include "classify/fasttext_train.hpp"
#include "core/error.hpp"
#include "core/io.hpp"

namespace fbkit::classify {

namespace {

constexpr double kSure = 0.1;               // P <= 0.1 or >= 0.9: a row the model is sure of
constexpr std::uint64_t kSeed = 20261204;   // the rows' order (supervised_args() trains with the same seed)
constexpr std::int64_t kEpochRows = 50000;  // epochs: this / rows answered, rounded, 5 to 100
constexpr int kMinEpoch = 5, kMaxEpoch = 100;
constexpr std::string_view kPositive = "__label__positive ", kNegative = "__label__negative ";

// A batch of pass 1: its rows' answers, and the training lines of its sure
// rows ("__label__positive TOKENS"), in row order.
struct SureBatch : ClassifierBatch {
  std::int64_t answered = 0;  // rows with an answer
  std::vector<std::string> lines;
  // Asks the model about the batch's rows (on any thread).
  void answer(const Classifier& prototype) {
    answered = 0;
    lines.clear();
    answer_rows(prototype, [this](std::size_t row) {
      const double p = model_answers[row];
      if (p < 0) {
        return;
      }
      ++answered;
      if (p <= kSure || p >= 1 - kSure) {
        std::string line(p >= 0.5 ? kPositive : kNegative);
        lines.push_back(line.append(classifier->model_tokens()).append(1, '\n'));
      }
    });
  }
};

// Pass 1: the training lines of the sure rows, the first kAdaptMaxRows in
// input order (the batches are answered in parallel, taken in order).
std::vector<std::string> sure_lines(const RuleSet& rules, const Sentiment& sentiment,
                                    const std::vector<std::string>& inputs, const std::vector<std::string>& shown,
                                    AdaptReport& report) {
  const std::unique_ptr<csv::BatchReader> reader = open_batches(inputs, shown);
  const Classifier prototype(rules, reader->header(), false, &sentiment);
  std::vector<std::string> lines;
  const auto take = [&](SureBatch& b) {
    report.answered += b.answered;
    for (std::string& line : b.lines) {
      if (static_cast<std::int64_t>(lines.size()) >= kAdaptMaxRows) {
        ++report.left_out;
        continue;
      }
      (line.compare(0, kPositive.size(), kPositive) == 0 ? report.positive : report.negative) += 1;
      lines.push_back(std::move(line));
    }
  };
  csv::run_batches<SureBatch>(
      *reader, [&](SureBatch& b) { b.answer(prototype); }, take);
  return lines;
}

// A fixed order of the lines (fastText reads them in order, its learning rate
// falling to 0): Fisher-Yates with a 64-bit LCG, as scripts/train_sentiment.py's adapt_order().
void shuffle(std::vector<std::string>& lines) {
  std::uint64_t state = kSeed;
  for (std::size_t i = lines.size(); i > 1; --i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    std::swap(lines[i - 1], lines[static_cast<std::size_t>((state >> 33) % i)]);
  }
}

}  // namespace

std::string AdaptReport::message() const {
  if (epoch == 0 && left_out > 0) {
    // The cap kept too few of a label (an input sorted by sentiment): its counts are of the rows kept alone.
    return fmt::format(
        "fbkit classify --adapt: the first {} rows the model was sure of, of {} it answered for, were {} positive and "
        "{} negative (at least {} of each needed; {} more sure rows left out, at most {} are kept): the model is used "
        "as it is",
        positive + negative, answered, positive, negative, kAdaptMinPerLabel, left_out, kAdaptMaxRows);
  }
  if (epoch == 0) {
    return fmt::format(
        "fbkit classify --adapt: the model was sure of {} positive and {} negative rows of {} (at least {} of each "
        "needed): the model is used as it is",
        positive, negative, answered, kAdaptMinPerLabel);
  }
  return fmt::format(
      "fbkit classify --adapt: trained on {} rows the model was sure of ({} positive, {} negative) of the {} it "
      "answered for, {} epochs{}",
      positive + negative, positive, negative, answered, epoch,
      left_out > 0 ? fmt::format("; {} more sure rows left out (at most {})", left_out, kAdaptMaxRows) : "");
}

std::shared_ptr<const SentimentModel> adapt_model(const RuleSet& rules, const Sentiment& sentiment,
                                                  const std::vector<std::string>& inputs,
                                                  const std::vector<std::string>& shown, AdaptReport& report) {
  std::vector<std::string> lines = sure_lines(rules, sentiment, inputs, shown, report);
  if (report.positive < kAdaptMinPerLabel || report.negative < kAdaptMinPerLabel) {
    return nullptr;
  }
  shuffle(lines);
  const TempPath input("adapt-train");
  {
    std::ofstream f(input.path(), std::ios::binary);
    for (const std::string& line : lines) {
      f << line;
    }
    if (!f.flush()) {
      throw IoError("cannot write " + input.path());
    }
  }
  lines = {};
  const std::int64_t n = std::max<std::int64_t>(report.answered, 1);
  report.epoch = static_cast<int>(std::clamp<std::int64_t>((kEpochRows + n / 2) / n, kMinEpoch, kMaxEpoch));
  fasttext::FastText ft;
  try {
    // The default model's settings (dim 8, word trigrams), more epochs for a small input, not quantized.
    ft.train(supervised_args(input.path(), 8, 3, report.epoch));
  } catch (const std::exception& e) {
    throw DataError(std::string("classify --adapt: fastText could not learn from the sure rows: ") + e.what());
  }
  const TempPath model("adapt-model");
  ft.saveModel(model.path());
  return std::make_shared<const SentimentModel>(read_file(model.path()), sentiment.model->origin() + " (--adapt)");
}

}  // namespace fbkit::classify
