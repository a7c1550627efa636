// What only the rows can tell, gathered in the same reading as the stats
// queries: example comments per issue (of the problem rows and of the praise
// rows, tone.hpp), how many of an issue's problem rows are new or high-value
// customers, the urgent items, the oldest overdue items, vague feedback to call
// back.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "report/config.hpp"
#include "report/context.hpp"
#include "report/examples.hpp"
#include "report/report.hpp"
#include "report/tone.hpp"
#include "stats/batch.hpp"
#include "stats/overdue.hpp"

namespace fbkit::report {

// Who an issue's rows in the period come from.
struct Affected {
  std::int64_t rows = 0;
  std::int64_t new_customers = 0;  // customer_type new
  std::int64_t high_value = 0;     // value_tier high
};

struct RowFacts {
  std::map<std::string, std::vector<Example>> candidates;  // problem rows: issue -> the most representative first
  std::map<std::string, std::vector<Example>> praise;      // praise rows: issue -> the same
  std::map<std::string, std::vector<Example>> liked;       // praise rows: each praise_aspect -> the same
  std::map<std::string, Affected> affected;                // problem rows: issue -> who
  bool knows_new = false;           // an input has customer_type (else Affected::new_customers means nothing)
  bool knows_high_value = false;    // an input has annual_spend, or a problem row's value_tier is high
  stats::OldestOverdue overdue{0};  // open items past due at the as-of time
  std::vector<Json> vague;          // vague and not handled, newest first
  std::int64_t vague_n = 0;
  std::int64_t rows = 0;             // rows seen (those --where keeps), in any period or none
  std::int64_t dated = 0;            // rows with a received_at, in any period
  std::int64_t first = 0, last = 0;  // their first and last received_at (when dated > 0)
  std::int64_t last_past = 0;        // the last received_at not after the as-of time (when dated > future)
  std::int64_t future = 0;           // rows received after the as-of time (a bogus date, a clock ahead)
  std::vector<Json> urgent;          // urgency urgent in the period: open ones first, then the newest
  std::int64_t urgent_n = 0;
  // Problem and praise rows of the period that say nothing (SentimentSettings::says_nothing)
  // but have an issue all the same (a ticked problem type): counted under it, never quoted.
  std::int64_t wordless_problem = 0, wordless_praise = 0;
};

// Collects RowFacts: overdue items and the data's time span whenever received,
// the rest in the period (every row for a period of kind none).
class RowScanner : public stats::RecordVisitor {
public:
  // With `names`, a row whose matched_rules include a rule of the other side
  // (a praise rule in a complaint) is a weaker example (tone_signal).
  RowScanner(const Period& period, std::int64_t as_of, const Config& cfg, const Names* names = nullptr);
  void begin_input(const csv::Reader& reader) override;
  void add(const csv::Reader& reader, const csv::Record& record) override;
  // The facts gathered (once, at the end).
  RowFacts take();
  // The rows with a received_at seen so far (RowFacts::dated).
  std::int64_t dated() const { return m_facts.dated; }

private:
  // A row of the period: its text among the period's texts, and as a problem or
  // praise row who is affected, its issue's texts and its example.
  void add_texts(const csv::Record& r, std::int64_t when);
  // Adds the row to `list` (the candidates of one issue or aspect), strongest first.
  void add_example(Tone tone, std::vector<Example>& list, const csv::Record& r, std::string_view text,
                   std::int64_t when);
  // A praise row's text under each aspect of its praise_aspect.
  void add_liked(const csv::Record& r, std::string_view text, std::int64_t when);
  void add_urgent(const csv::Record& r, std::int64_t when, bool done);
  std::string_view get(const csv::Record& r, std::ptrdiff_t c) const;
  // Whether a text cell has words: not SentimentSettings::says_nothing (empty, a
  // placeholder, punctuation alone), classify's no_text test; without names, not blank.
  bool says_something(std::string_view cell) const;
  // What the row says: the first of its text and text_<name> answers (a survey's
  // second question; classify reads them too) that says something (words: true),
  // or when none does the first that is not blank.
  struct Said {
    std::string_view text;
    bool words;
  };
  Said text_of(const csv::Record& r) const;

  // Whether the row's matched_rules hold a rule of the side opposite to `tone`.
  bool other_side_matched(Tone tone, const csv::Record& r) const;

  Period m_period;
  std::int64_t m_as_of;
  const Names* m_names;
  std::size_t m_vague_listed;
  RowFacts m_facts;
  std::vector<std::pair<std::int64_t, Json>> m_vague;          // received, item
  std::map<std::string, IssueTexts> m_texts[3];                // problem, praise: issue -> its texts; aspect -> its
  IssueTexts m_all_texts;                                      // every text of the period that says something
  std::vector<std::tuple<bool, std::int64_t, Json>> m_urgent;  // done, received, item
  // Columns of the current input (-1: absent).
  std::ptrdiff_t m_id = -1, m_received = -1, m_issue = -1, m_text = -1, m_score = -1, m_ctype = -1, m_tier = -1,
                 m_status = -1, m_due = -1, m_dept = -1, m_dept2 = -1, m_flags = -1, m_sentiment = -1, m_urgency = -1,
                 m_rules = -1, m_aspect = -1;
  std::vector<std::ptrdiff_t> m_more_texts;  // the text_<name> columns, in header order
};

// What customers wrote, safe to show: masked (again), at most `max_chars` characters.
std::string shown_text(std::string_view text, std::size_t max_chars);

// An overdue item as the report lists it, days overdue at `as_of`.
Json overdue_json(const stats::OverdueItem& item, std::int64_t as_of);

}  // namespace fbkit::report
