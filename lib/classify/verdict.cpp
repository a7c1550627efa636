// Classifier::decide_sentiment: where a row's sentiment comes from (docs/rules.md,
// "Where sentiment comes from"); and a batch's model answers and hits, found
// before its rows are classified.
#include <cmath>

#include "classify/engine.hpp"
#include "values/canonical.hpp"

namespace fbkit::classify {

void Classifier::classify(const std::vector<std::string_view>& fields, std::string_view value_tier, Decision& out,
                          double model_answer, const ScannedHits& scanned, std::size_t row) {
  m_answer = model_answer;
  m_scanned = &scanned;
  m_scanned_at = row * m_text_columns.size();
  classify(fields, value_tier, out);
  m_answer = kNotAnswered;
  m_scanned = nullptr;
}

void Classifier::prescan(const std::vector<std::string_view>& fields, ScannedHits& out) {
  for (const std::size_t col : m_text_columns) {
    if (col < fields.size() && !fields[col].empty()) {
      m_matcher.scan(fields[col], out.hits);
    }
    out.ends.push_back(out.hits.size());
  }
}

void Classifier::model_input(const std::vector<std::string_view>& fields, bool tokens, bool& placeholder, bool& said,
                             bool& cjk) {
  m_model_texts.clear();
  for (const std::size_t col : m_text_columns) {
    if (col >= fields.size() || fields[col].empty()) {
      continue;
    }
    if (m_sentiment->settings.is_placeholder(fields[col])) {
      placeholder = true;
      continue;
    }
    said = true;
    if (tokens && m_sentiment->model != nullptr) {
      cjk = cjk || has_cjk(fields[col]);
      m_model_texts.push_back(fields[col]);
    }
  }
}

double Classifier::model_answer(const std::vector<std::string_view>& fields) {
  // As decide_sentiment() asks: text said, not only placeholders, with CJK.
  m_model_texts.clear();
  if (m_sentiment == nullptr || m_sentiment->model == nullptr || (m_no_text != nullptr && says_nothing(fields))) {
    return -1;
  }
  bool placeholder = false, said = false, cjk = false;
  model_input(fields, true, placeholder, said, cjk);
  return (placeholder && !said) || !cjk ? -1 : m_sentiment->model->positive(m_model_texts);
}

const std::string& Classifier::model_tokens() {
  m_tokens.clear();
  for (const std::string_view text : m_model_texts) {
    tokenize(text, m_tokens);
  }
  return m_tokens;
}

void Classifier::decide_sentiment(const std::vector<std::string_view>& fields, const Category* category,
                                  Decision& out) {
  out.model_positive = -1;
  if (out.no_text) {  // nothing said: the score, else neutral
    out.sentiment_by = "no_text";
    rules_sentiment(fields, out);
    return;
  }
  // The deciding rule's category votes too (a complaint is negative, praise positive), when
  // it matched words of the text: a rule of other columns only (a ticked problem type) says
  // nothing of how the text feels.
  if (!out.fired.empty() && out.fired.front()->reads_text() && category != nullptr) {
    out.positive += category->sentiment == "positive" ? 1 : 0;
    out.negative += category->sentiment == "negative" ? 1 : 0;
  }
  if (m_sentiment == nullptr) {
    out.sentiment_by = "rules";
    rules_sentiment(fields, out);
    return;
  }
  // The text the customer wrote: the text columns that are not a platform's placeholder.
  bool placeholder = false, said = false, cjk = false;
  model_input(fields, m_answer == kNotAnswered, placeholder, said, cjk);
  if (placeholder && !said) {
    out.positive = out.negative = out.negated_votes = 0;  // as an empty text: the score, else neutral
    out.sentiment_by = "no_text";
    rules_sentiment(fields, out);
    return;
  }
  // English (no CJK character) and text without a token the model knows: the rules.
  const double p = m_answer != kNotAnswered ? m_answer : cjk ? m_sentiment->model->positive(m_model_texts) : -1;
  if (p < 0) {
    out.sentiment_by = "rules";
    rules_sentiment(fields, out);
    return;
  }
  out.model_positive = p;
  const bool lexicon_verdict = out.positive != out.negative;
  // A sure model (P within sure_within of 0 or 1) is not overruled by the urgency
  // or negation rules: it decides where it says the other side.
  const bool sure = std::abs(p - 0.5) > 0.5 - m_sentiment->settings.sure_within;
  if (!out.urgent.empty() && !(sure && p >= 0.5)) {
    out.sentiment = "negative";  // a threat (urgency rule) is negative whatever else is said
    out.sentiment_by = "urgent";
  } else if (out.urgent.empty() && out.negated_votes > 0 && (out.positive == 0 || out.negative == 0) &&
             !(sure && (p >= 0.5) != (out.positive > out.negative))) {
    out.sentiment_by = "negation";  // an explicit negation (不好吃) and nothing said against it
    rules_sentiment(fields, out);
  } else if (out.positive > 0 && out.negative > 0 && std::abs(p - 0.5) < m_sentiment->settings.mixed_within) {
    // Praise and complaint in one text (房间不错，但是早餐一般) and a model that
    // leans neither way firmly: the score decides, else it is neutral.
    const int score = m_score >= 0 ? values::score_cell(fields[static_cast<std::size_t>(m_score)]) : 0;
    out.sentiment = score <= 0 ? "neutral" : score <= 2 ? "negative" : score >= 4 ? "positive" : "neutral";
    out.sentiment_by = "mixed";
  } else if (lexicon_verdict && std::abs(p - 0.5) < m_sentiment->settings.rules_within) {
    out.sentiment_by = "rules";  // the model is unsure
    rules_sentiment(fields, out);
  } else if (out.positive == 0 && out.negative > 0 && p >= 0.5 && p < 0.5 + m_sentiment->settings.complaint_within) {
    // Only complaints said (送餐好慢啊, a problem rule and no praise word) and a model
    // that leans to positive without being sure: the complaint decides.
    out.sentiment = "negative";
    out.sentiment_by = "complaint";
  } else if (out.negative == 0 && out.positive > 0 && p < 0.5 && p >= 0.5 - m_sentiment->settings.praise_within) {
    // Only praise said (praise words, no complaint: 质量很好，就是用了一次还看不出效果) and a
    // model that leans to negative without being sure: the praise decides.
    out.sentiment = "positive";
    out.sentiment_by = "praise";
  } else {
    out.sentiment = p >= 0.5 ? "positive" : "negative";
    out.sentiment_by = "model";
  }
}

}  // namespace fbkit::classify
