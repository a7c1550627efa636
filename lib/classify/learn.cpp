#include "classify/learn.hpp"

#include <fasttext/fasttext.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "classify/fasttext_train.hpp"
#include "core/error.hpp"
#include "core/schema.hpp"
#include "csv/reader.hpp"

namespace fbkit::classify {

namespace {

constexpr std::int64_t kMinPerLabel = 10;  // fewer rows of a label teach nothing
constexpr std::int64_t kHoldEvery = 10;    // every 10th labelled row is held back

// -1 negative (1-2), 1 positive (4-5), 0 neither (3, blank, not a number).
int label_of(std::string_view score) {
  double v = 0;
  const auto [end, ec] = std::from_chars(score.data(), score.data() + score.size(), v);
  if (score.empty() || ec != std::errc() || end != score.data() + score.size() || !std::isfinite(v)) {
    return 0;
  }
  return v <= 2 ? -1 : v >= 4 ? 1 : 0;
}

struct Labelled {
  std::string train;                              // fastText's training lines
  std::vector<std::pair<int, std::string>> held;  // label, tokens
};

// Reads every input's rows into training lines and held-back rows.
void read_rows(const LearnOptions& options, LearnReport& report, Labelled& data) {
  std::int64_t labelled = 0;
  std::string tokens;
  for (const std::string& path : input_paths(options.inputs)) {
    FileSource src(path, input_name(path));
    csv::Reader reader(src);
    const std::vector<std::string> header = reader.read_header();
    const auto score = std::find(header.begin(), header.end(), "score_overall") - header.begin();
    std::vector<std::size_t> texts;
    for (std::size_t c = 0; c < header.size(); ++c) {
      if (schema::is_text(header[c])) {
        texts.push_back(c);
      }
    }
    if (static_cast<std::size_t>(score) == header.size() || texts.empty()) {
      throw DataError(input_name(path) + ": --learn needs a score_overall column and a text column (text, " +
                      "text_title ...): it learns from rows with a score, 1-2 negative, 4-5 positive");
    }
    csv::Record rec;
    while (reader.next(rec)) {
      const int label = static_cast<std::size_t>(score) < rec.fields.size()
                            ? label_of(rec.fields[static_cast<std::size_t>(score)])
                            : 0;
      if (label == 0) {
        ++report.unscored;
        continue;
      }
      tokens.clear();
      for (const std::size_t c : texts) {
        if (c < rec.fields.size() &&
            (options.settings == nullptr || !options.settings->is_placeholder(rec.fields[c]))) {
          tokenize(rec.fields[c], tokens);
        }
      }
      if (tokens.empty()) {
        ++report.no_text;
        continue;
      }
      (label > 0 ? report.positive : report.negative) += 1;
      if (++labelled % kHoldEvery == 0) {
        data.held.emplace_back(label, tokens);
      } else {
        data.train += label > 0 ? "__label__positive " : "__label__negative ";
        data.train += tokens;
        data.train += '\n';
      }
    }
  }
}

// The tokens and token bigrams of the training lines, distinct (at most `cap`).
std::size_t distinct_features(const std::string& lines, std::size_t cap) {
  std::unordered_set<std::string_view> seen;
  std::string_view prev;
  for (std::size_t i = 0; i < lines.size() && seen.size() < cap;) {
    const std::size_t end = std::min(lines.find_first_of(" \n", i), lines.size());
    const std::string_view token(lines.data() + i, end - i);
    seen.insert(token);
    if (!prev.empty()) {
      seen.insert(std::string_view(prev.data(), static_cast<std::size_t>(token.data() + token.size() - prev.data())));
    }
    prev = end < lines.size() && lines[end] == '\n' ? std::string_view() : token;
    i = end + 1;
  }
  return seen.size();
}

// Trains and quantizes with the settings of scripts/train_sentiment.py, except
// that fewer than 20,000 lines get more epochs (up to 100: a few hundred rows
// are learned in 10 epochs hardly at all), and the quantization keeps the
// rows of the distinct features seen (at least 1,000, at most 50,000: product
// quantization of 50,000 rows takes seconds).
void train(fasttext::FastText& ft, const std::string& input, const std::string& lines) {
  const auto count = static_cast<int>(std::count(lines.begin(), lines.end(), '\n'));
  ft.train(supervised_args(input, 16, 2, std::clamp(200000 / std::max(count, 1), 10, 100)));
  fasttext::Args quant;  // as `fasttext quantize -qnorm -cutoff 50000 -retrain -thread 1`
  quant.input = input;
  quant.qnorm = true;
  quant.cutoff = std::max<std::size_t>(1000, distinct_features(lines, 50000));
  quant.retrain = true;
  quant.thread = 1;
  quant.verbose = 0;
  ft.quantize(quant);
}

}  // namespace

std::string LearnReport::text(const std::string& path) const {
  std::string out = fmt::format(
      "learned from {} rows with a score: {} negative (1-2), {} positive (4-5); left out {} without a score of "
      "1-2 or 4-5 and {} without text\n",
      negative + positive, negative, positive, unscored, no_text);
  out += fmt::format("held back {} rows (every {}th, not trained on): the model agrees with their score on {:.1f}%\n",
                     held_back, kHoldEvery,
                     held_back > 0 ? 100.0 * static_cast<double>(held_right) / static_cast<double>(held_back) : 0.0);
  out += fmt::format("wrote {} ({} bytes): classify with --model {}\n", path, model_bytes, path);
  return out;
}

LearnReport learn(const LearnOptions& options, ByteSink& out) {
  LearnReport report;
  Labelled data;
  read_rows(options, report, data);
  if (report.negative < kMinPerLabel || report.positive < kMinPerLabel) {
    throw DataError(
        fmt::format("too few rows to learn from: {} negative (score 1-2) and {} positive (4-5) with "
                    "text; at least {} of each",
                    report.negative, report.positive, kMinPerLabel));
  }
  const TempPath input("learn-train");
  if (!(std::ofstream(input.path(), std::ios::binary) << data.train)) {
    throw IoError("cannot write " + input.path());
  }
  fasttext::FastText ft;
  try {
    train(ft, input.path(), data.train);
  } catch (const std::exception& e) {
    throw DataError(std::string("fastText could not learn from these rows: ") + e.what());
  }
  std::vector<std::pair<fasttext::real, std::string>> predictions;
  for (const auto& [label, tokens] : data.held) {
    std::istringstream in(tokens + '\n');  // a line, as trained on (its end is fastText's </s>)
    predictions.clear();
    ft.predictLine(in, predictions, 1, 0.0);
    const int got = predictions.empty() ? 0 : predictions.front().second == "__label__positive" ? 1 : -1;
    report.held_right += got == label ? 1 : 0;
  }
  report.held_back = static_cast<std::int64_t>(data.held.size());
  const TempPath model("learn-model");
  ft.saveModel(model.path());
  const std::string bytes = read_file(model.path());
  report.model_bytes = bytes.size();
  out.write(bytes.data(), bytes.size());
  return report;
}

}  // namespace fbkit::classify
