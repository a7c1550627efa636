// Classifies one row: scans its text columns once, evaluates the rules over
// the hit set and derives category, issue, urgency, sentiment, department and
// SLA. Bound to one header (column positions are looked up once).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "classify/matcher.hpp"
#include "classify/model.hpp"
#include "classify/negation.hpp"
#include "classify/sentiment.hpp"

namespace fbkit::classify {

// The phrase hits of one text column.
struct ColumnHits {
  std::size_t column = 0;
  std::vector<PhraseHit> hits;
};

// The result for one row; the strings are the appended CSV columns.
struct Decision {
  std::vector<const Rule*> fired;     // issue rules that matched, in evaluation order
  std::vector<const Rule*> urgent;    // urgency rules that matched
  std::vector<const Rule*> liked;     // problem rules said only where the customer praises (docs/rules.md)
  std::vector<const Rule*> unhappy;   // `unhappy` rules left out: the row's sentiment is positive
  std::vector<const Rule*> conceded;  // `concession` praise rules left out: a concession beside a complaint
  std::vector<const Rule*> hazard;    // urgency rules whose issue the row took (no concrete problem named one)
  bool no_text = false;               // every text column is empty, a placeholder or only punctuation
  bool claimed = false;               // an issue other than the fallback was decided
  std::vector<ColumnHits> columns;    // what was found, for --explain: the first `used_columns`
  std::size_t used_columns = 0;       // (the rest are kept to reuse their memory)
  int positive = 0, negative = 0;     // lexicon votes after negation
  int negated_votes = 0;              // of those, votes of a negated lexicon phrase (不好吃)
  double model_positive = -1;         // the model's P(positive); -1 when it was not asked
  std::string_view sentiment_by;      // what decided the sentiment (docs/rules.md)
  // The appended columns. The views point into the rule set, the row's fields
  // or the owned strings below: valid until the next row.
  std::string_view category, issue, urgency, sentiment, value_tier, route_department;
  std::string sla_due_at, matched_rules;
  std::string praise_aspect;                // the ';'-joined aspects praised
  std::string multi_category, multi_issue;  // the ';'-joined lists of --multi
};

// The matcher's hits of a batch's rows, found before the rows are classified
// (Classifier::prescan), so that the matcher's tables stay in cache.
struct ScannedHits {
  std::vector<Hit> hits;
  std::vector<std::size_t> ends;  // per row, then text column (text_columns() order): where its hits end
  void clear() {
    hits.clear();
    ends.clear();
  }
};

class Classifier {
public:
  // `multi`: keep every matching issue (';'-separated) instead of the first;
  // `sentiment`: the model and placeholders (null: the rules alone, as before them).
  Classifier(const RuleSet& rules, const std::vector<std::string>& header, bool multi,
             const Sentiment* sentiment = nullptr);

  // Classifies a row (fields in header order); value_tier is decided by the caller.
  void classify(const std::vector<std::string_view>& fields, std::string_view value_tier, Decision& out);
  // The same with the model's answer for the row given, model_answer()'s, and
  // the hits of its texts, row `row` of `scanned` (so that a batch's answers
  // and hits are found together, the model's and the matcher's tables in cache).
  void classify(const std::vector<std::string_view>& fields, std::string_view value_tier, Decision& out,
                double model_answer, const ScannedHits& scanned, std::size_t row);
  // Appends the matcher's hits of the row's text columns to `out`.
  void prescan(const std::vector<std::string_view>& fields, ScannedHits& out);
  // What the model answers for a row when classify() asks it: its P(positive),
  // or -1 (not asked: no model, no text or a placeholder, no CJK; or no answer).
  double model_answer(const std::vector<std::string_view>& fields);
  // The tokens model_answer() last asked the model about (classify --adapt trains
  // on them), written out here (valid while that row's fields are).
  const std::string& model_tokens();

  const RuleSet& rules() const { return m_rules; }
  // The model and placeholders it was built with (null: the rules alone).
  const Sentiment* sentiment() const { return m_sentiment; }
  const std::vector<std::string>& header() const { return m_header; }
  // The positions of the text columns scanned.
  const std::vector<std::size_t>& text_columns() const { return m_text_columns; }

private:
  // `col`: the condition's column (kTierColumn: the computed value_tier; -1: absent).
  static bool holds(const Condition& c, std::ptrdiff_t col, const std::vector<std::string_view>& fields,
                    std::string_view tier);
  static constexpr std::ptrdiff_t kTierColumn = -2;
  // `phrase_found`: a phrase of r.any was said or one of r.negated negated;
  // `cols`: the columns of r.when.
  bool fires(const Rule& r, bool phrase_found, const std::vector<std::ptrdiff_t>& cols,
             const std::vector<std::string_view>& fields, std::string_view tier) const;

  const RuleSet& m_rules;
  std::vector<std::string> m_header;
  bool m_multi;
  Matcher m_matcher;
  std::vector<std::size_t> m_text_columns;
  std::ptrdiff_t m_received = -1, m_department = -1, m_score = -1;
  const Sentiment* m_sentiment = nullptr;
  std::vector<std::string_view> m_model_texts;  // the row's texts the model reads (model_input())
  std::string m_tokens;                         // model_tokens()
  std::vector<int> m_lex_sign;                  // per pattern: +1 positive, -1 negative, 0 neither
  std::vector<std::uint8_t> m_state;            // per pattern this row: bit 0 said, bit 1 said negated
  // ... and said in a clause whose lexicon votes sum up positive, to zero, negative.
  static constexpr std::uint8_t kInPositive = 4, kInNeutral = 8, kInNegative = 16;
  // ... and said in a clause with a concession word (虽然, 以前: sentiment.concessions), or without one.
  static constexpr std::uint8_t kInConceding = 32, kInPlain = 64;
  std::vector<std::uint8_t> m_concession_word;  // per pattern: 1 for a word of sentiment.concessions
  std::vector<int> m_touched;
  std::vector<Hit> m_raw;
  std::vector<std::uint8_t> m_silent;  // per phrase hit of a column: see silent_votes()
  // Only rules that use a phrase found in the row (or need none) are evaluated.
  struct RuleIndex {
    std::vector<std::vector<int>> by_pattern;  // pattern -> rule * 4 + 1 (any), + 2 (negated), + 0 (all)
    std::vector<int> always;                   // rules with no phrase requirement
    std::vector<std::uint32_t> stamp;          // per rule: the row it was last queued for
    std::vector<std::uint32_t> phrase_stamp;   // per rule: the row one of its any/negated phrases was found in
    std::vector<int> queue;
    std::vector<std::vector<std::ptrdiff_t>> when_columns;  // per rule: the column of each condition
  };
  void index_rules(const std::vector<Rule>& rules, RuleIndex& index) const;
  void candidates(RuleIndex& index);
  // The sentiment from the lexicon votes, the deciding category, the model and the score.
  void decide_sentiment(const std::vector<std::string_view>& fields, const Category* category, Decision& out);
  // The model's input: whether a text column holds a placeholder, another text,
  // CJK; with `tokens`, the other texts (those the model reads) in m_model_texts.
  void model_input(const std::vector<std::string_view>& fields, bool tokens, bool& placeholder, bool& said, bool& cjk);
  static constexpr double kNotAnswered = -2;  // m_answer: the model is asked in decide_sentiment
  double m_answer = kNotAnswered;
  const ScannedHits* m_scanned = nullptr;  // the row's hits, from its entry m_scanned_at on (null: scanned here)
  std::size_t m_scanned_at = 0;
  // The sentiment of the rules alone: the votes, else the score, else neutral.
  void rules_sentiment(const std::vector<std::string_view>& fields, Decision& out) const;
  // classify()'s steps: the hits and sentiment votes of the text columns; the
  // issue and urgency rules that fire; the category and issue they decide (the
  // deciding issue, or the fallback's).
  void scan_texts(const std::vector<std::string_view>& fields, Decision& out);
  void fire_rules(const std::vector<std::string_view>& fields, std::string_view value_tier, Decision& out);
  const Issue* decide_issue(Decision& out) const;
  // aspects.cpp: whether the row's texts say nothing; which fired rules are
  // problems said only in praising clauses (moved to out.liked) or praise
  // said only in complaining ones (dropped), and the aspects praised.
  bool says_nothing(const std::vector<std::string_view>& fields) const;
  void weigh_clauses(const std::vector<PhraseHit>& hits);
  void weigh_topics(const std::vector<std::string_view>& fields, Decision& out);
  // The `kinds` bits (kInPositive ... kInPlain) of the clauses the rule's any and all
  // phrases were said in, not negated.
  std::uint8_t said_in(const Rule& r, std::uint8_t kinds) const;
  // In a negative row that names a problem, `concession` praise rules said only in
  // clauses with a concession word (虽然, 以前) are moved to out.conceded and the
  // aspects only they praised leave out.praise_aspect.
  void concede_praise(Decision& out) const;
  // A row urgent for a hazard no concrete problem rule named (鱼香肉丝里吃出来根头发): the urgency
  // rules' issues in place of praise, the catch-all or nothing (docs/rules.md, "The rule file"); else `first`.
  const Issue* hazard_issue(Decision& out, const Issue* first) const;
  std::vector<int> m_hit_vote;                    // per phrase hit of a column: its weighted lexicon vote
  std::vector<std::uint8_t> m_rule_kind;          // per issue rule: kProblem, kPraise or 0
  std::vector<const std::string*> m_rule_aspect;  // per issue rule: the aspect it praises (null: none)
  static constexpr std::uint8_t kProblem = 1, kPraise = 2;
  const Issue* m_praise = nullptr;   // settings.praise_issue, when in the taxonomy
  const Issue* m_no_text = nullptr;  // settings.no_text_issue, when in the taxonomy
  bool m_clauses = false;            // the lexicon is not empty: clauses are weighed
  RuleIndex m_issue_index, m_urgency_index;
  std::vector<const Issue*> m_rule_issue;         // per issue rule
  std::vector<const Issue*> m_urgency_issue;      // per urgency rule (null: it names none)
  std::vector<const Category*> m_issue_category;  // per issue
  const Issue* m_fallback = nullptr;              // the issue of rows no rule claims
  // The canonical name of the row's own department (departments.hpp), cached.
  std::string_view own_department(std::string_view name);
  std::unordered_map<std::string, std::string> m_departments;
  std::uint32_t m_row = 0;
};

// Marks (out[i] = 1) the phrase hits whose lexicon vote does not count: those
// inside a longer lexicon hit, which votes instead (好 inside 好吃), and those
// whose span is the cue that negated another hit (没有 in 没有漏 is no
// complaint). `hits` sorted by start; `lex_sign` per pattern, 0 outside the
// lexicon. Linear after one sort of the negating cues.
void silent_votes(const std::vector<PhraseHit>& hits, const std::vector<int>& lex_sign, std::vector<std::uint8_t>& out);
}  // namespace fbkit::classify
