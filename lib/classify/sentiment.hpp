// Learned sentiment: a fastText model of P(positive) over a text's tokens, the
// platform placeholders that say nothing, and how the model's verdict and the
// rules' are combined (docs/rules.md, "Where sentiment comes from").
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace fbkit::classify {

// Appends the model's tokens of `text` to `out`, separated by single spaces
// (scripts/train_sentiment.py tokenize() is the same rule): ASCII letters
// lowercased, a run of ASCII letters and digits one token, every other
// character one token, white space (ASCII, U+00A0, U+3000, U+FEFF) and
// control characters separating. An invalid UTF-8 byte is a token of its own.
void tokenize(std::string_view text, std::string& out);

// Whether `text` holds a CJK ideograph (U+3400-U+9FFF, U+F900-U+FAFF, U+20000-U+2FFFF).
bool has_cjk(std::string_view text);

// A loaded fastText model with the labels __label__positive and __label__negative.
class SentimentModel {
public:
  // Loads from the model's bytes; ConfigError "ORIGIN: what" when they are not
  // a fastText model of these two labels (bad magic or version, truncated, other labels).
  SentimentModel(std::string_view bytes, const std::string& origin);
  ~SentimentModel();
  SentimentModel(const SentimentModel&) = delete;
  SentimentModel& operator=(const SentimentModel&) = delete;

  // Reads FILE; ConfigError "FILE: what" when it cannot be read or is no such model.
  static std::shared_ptr<const SentimentModel> from_file(const std::string& path);
  // The default model compiled into the binary (config/models/sentiment_zh.ftz).
  static std::shared_ptr<const SentimentModel> builtin();
  // The built-in model of that name under config/ ("models/sentiment_zh.ftz",
  // "models/sentiment_food_zh.ftz"), loaded on first use; null when there is none.
  static std::shared_ptr<const SentimentModel> builtin(std::string_view name);

  // P(positive) of a tokenized text (tokenize()); negative when it has no token.
  double positive(const std::string& tokens) const;
  // positive() of the tokenize() of each of `texts`, joined: the texts are
  // walked once, no token written out.
  double positive(const std::vector<std::string_view>& texts) const;
  const std::string& origin() const { return m_origin; }

private:
  // P(positive) of the model's input rows (InputRows), negative when it has no answer.
  double positive_of_rows(const std::vector<std::int32_t>& rows) const;
  // P(positive) from the best label's probability (a fasttext::real, float): itself or 1 - it.
  static double probability(float prob, bool positive_label);
  class Loaded;  // fastText's model, its input matrix decoded (sentiment.cpp)
  std::unique_ptr<Loaded> m_model;
  std::string m_origin;
  bool m_positive_first = true;  // label 0 is __label__positive
};

// The settings of config/sentiment.yaml.
struct SentimentSettings {
  std::vector<std::string> placeholders;  // texts that say nothing (trimmed, exact)
  double rules_within = 0;                // the lexicon decides when |P - 0.5| < this
  double mixed_within = 0;                // votes on both sides and |P - 0.5| < this: mixed
  double sure_within = 0;                 // P within this of 0 or 1: over negation and urgency rules
  double complaint_within = 0;            // only complaint votes and P < 0.5 + this: negative
  double praise_within = 0;               // only praise said and P >= 0.5 - this: positive
  std::string origin;

  // Whether `text`, trimmed of white space and of trailing ! ！ . 。, is a placeholder.
  bool is_placeholder(std::string_view text) const;
  // Whether a text cell says nothing: a placeholder, or empty, punctuation or tags alone
  // (text::says_something): classify's no_text, and the cells the report never quotes.
  bool says_nothing(std::string_view text) const;
};

// Reads config/sentiment.yaml (or its --config override); ConfigError FILE:LINE:COL.
SentimentSettings load_sentiment_settings(const config::Document& doc);

// What classify needs for learned sentiment; model null: the rules alone.
struct Sentiment {
  std::shared_ptr<const SentimentModel> model;
  SentimentSettings settings;
};

// sentiment.yaml of `store` and the model: FILE when `model` is not empty, none
// with `no_model`, else the one the domain pack `pack` names (its `model` key,
// with the settings given there laid over sentiment.yaml's), else the built-in
// one. A pack's model file is looked up under the configuration: `--config
// DIR`'s DIR/FILE, else the built-in one of that name; an absolute path as it
// is. ConfigError as the parts say (FILE:LINE:COL of the pack's `model`).
Sentiment load_sentiment(const config::Store& store, const std::string& model, bool no_model,
                         const config::Document* pack = nullptr);

}  // namespace fbkit::classify
