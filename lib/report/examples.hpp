// The example comments of an issue, most representative first. Each row of
// the issue (of one tone: problems or praise) is counted into its IssueTexts;
// the candidates kept are then ranked by, in order (a text that says nothing,
// a placeholder or punctuation alone, is counted nowhere: RowScanner::says_something):
//   1. signal: how strongly the row says it: one point each for the
//      sentiment, the score (tone_signal) and matching no classify rule of
//      the other side (a complaint that also matched a praise rule is mixed);
//   2. typical length: between half and twice the median length of the
//      issue's texts (neither a two-word note nor an essay);
//   3. typicality: how characteristic of the issue its wording is: the mean,
//      over its distinct character bigrams, of how much more often the
//      issue's other texts contain the bigram than all the period's texts do
//      (0 when not more often), so words everyone uses (味道, 还可以) count
//      for nothing and the issue's own words (太慢, 凉了) for much;
//   4. the newest, then the feedback id.
// Every step is in the model next to each example (signal, typical_length,
// typicality), so the choice can be retraced.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "report/report.hpp"

namespace fbkit::report {

// A comment that may be shown under its issue.
struct Example {
  std::string id, received_at, text;
  int score = 9;  // 9: no score
  std::int64_t when = 0;
  int signal = 0;  // tone_signal
  bool typical_length = false;
  double typicality = 0;
};

// The length in bytes of the UTF-8 character that starts with byte c.
std::size_t char_length(unsigned char c);
// The characters of a UTF-8 text.
std::size_t char_count(std::string_view s);
// Its distinct character bigrams.
std::set<std::string> bigrams(std::string_view s);
// The same, each packed into a number (two UTF-8 characters fit in 8 bytes), sorted.
std::vector<std::uint64_t> packed_bigrams(std::string_view s);

// What the texts of one issue look like: their lengths and the bigrams they use.
class IssueTexts {
public:
  // Counts one row's text.
  void add(std::string_view text);
  std::size_t rows() const { return m_chars.size(); }
  // The median length in characters (0 without rows).
  std::size_t median_chars() const;
  // The share of the rows that contain bigram b (packed_bigrams; the rows but
  // the text asked about when `self` is given).
  double share(std::uint64_t b, bool self) const;
  // The mean, over the distinct bigrams of `text` (one of the rows added), of
  // max(0, share of the other rows containing it - its share in `all`); 0 for
  // a single row.
  double typicality(std::string_view text, const IssueTexts& all) const;

private:
  std::unordered_map<std::uint64_t, std::int64_t> m_rows_with;  // packed bigram -> rows containing it
  std::vector<std::size_t> m_chars;
};

// Whether x comes before y in the scan's bounded list of candidates: signal,
// then the newest, then id (the text-based steps need every row first).
bool stronger(const Example& x, const Example& y);
// Fills typical_length and typicality from `texts` (the issue's) and `all`
// (every text of the period) and sorts the candidates in the order above.
void rank_examples(std::vector<Example>& candidates, const IssueTexts& texts, const IssueTexts& all);
// Up to n examples in order, skipping near-duplicates (bigram Jaccard > 0.5) of those chosen.
Json pick_examples(const std::vector<Example>& candidates, int n);

}  // namespace fbkit::report
