#include "report/tone.hpp"

#include "values/canonical.hpp"

namespace fbkit::report {

namespace {

// What the overall score says: -1 low (1-2), 1 high (4-5), 0 neither (3,
// blank, not a number). `blank_or_number` is false for a cell that is not a
// number, which no comparison of `--where` passes.
int score_says(std::string_view score, bool& blank_or_number) {
  double v = 0;
  blank_or_number = score.empty() || values::parse_decimal(score, v);
  if (score.empty() || !blank_or_number) {
    return 0;
  }
  return v <= 2 ? -1 : v >= 4 ? 1 : 0;
}

// tone_where() without the no_text condition.
std::vector<std::string> tone_conditions(Tone t, bool has_sentiment, bool has_score) {
  if (t == Tone::neither || (!has_sentiment && !has_score)) {
    return {};
  }
  const bool problem = t == Tone::problem;
  const std::string mine = problem ? "negative" : "positive", other = problem ? "positive" : "negative";
  const std::string score_mine = problem ? "score_overall<=2" : "score_overall>=4";
  if (!has_score) {
    return {"sentiment=" + mine};
  }
  // Not the other side's score: a number up to 3 (from 3 for praise), or blank.
  const std::string not_other = problem ? "score_overall<4|score_overall=" : "score_overall>2|score_overall=";
  if (!has_sentiment) {
    return {score_mine};
  }
  return {"sentiment=" + mine + "|" + score_mine, "sentiment!=" + other, not_other};
}

}  // namespace

Tone tone_of(std::string_view sentiment, std::string_view score) {
  bool plain = true;
  const int says = score_says(score, plain);
  const bool negative = sentiment == "negative" || says < 0;
  const bool positive = sentiment == "positive" || says > 0;
  // The conditions of tone_where(): "not high" and "not low" hold for a blank
  // score or a number, not for other text.
  if (negative && !positive && plain) {
    return Tone::problem;
  }
  if (positive && !negative && plain) {
    return Tone::praise;
  }
  return Tone::neither;
}

int tone_signal(Tone t, std::string_view sentiment, std::string_view score) {
  if (t == Tone::neither) {
    return 0;
  }
  bool plain = true;
  const int says = score_says(score, plain);
  const bool problem = t == Tone::problem;
  return (sentiment == (problem ? "negative" : "positive") ? 1 : 0) + (says == (problem ? -1 : 1) ? 1 : 0);
}

std::vector<std::string> tone_where(Tone t, bool has_sentiment, bool has_score, const std::string& no_text) {
  std::vector<std::string> where = tone_conditions(t, has_sentiment, has_score);
  if (t != Tone::neither && !no_text.empty()) {
    where.push_back("issue!=" + no_text);
  }
  return where;
}

std::vector<std::string> no_text_where(Tone t, bool has_sentiment, bool has_score, const std::string& no_text) {
  std::vector<std::string> where = tone_conditions(t, has_sentiment, has_score);
  if (!where.empty() && !no_text.empty()) {
    where.push_back("issue=" + no_text);
    return where;
  }
  return {};
}

}  // namespace fbkit::report
