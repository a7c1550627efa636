// What only the rows can tell, gathered in the same reading as the stats
// queries: example comments per issue, how many of an issue's rows are new or
// high-value customers, the oldest overdue items, vague feedback to call back.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "report/config.hpp"
#include "report/context.hpp"
#include "report/report.hpp"
#include "stats/batch.hpp"
#include "stats/overdue.hpp"

namespace fbkit::report {

// A comment that may be shown under its issue.
struct Example {
  std::string id, received_at, text;
  int score = 9;  // 9: no score
  std::int64_t when = 0;
};

// Who an issue's rows in the period come from.
struct Affected {
  std::int64_t rows = 0;
  std::int64_t new_customers = 0;  // customer_type new
  std::int64_t high_value = 0;     // value_tier high
};

struct RowFacts {
  std::map<std::string, std::vector<Example>> candidates;  // issue -> the most representative, best first
  std::map<std::string, Affected> affected;                // issue -> who
  stats::OldestOverdue overdue{0};                         // open items past due at the as-of time
  std::vector<Json> vague;                                 // vague and not handled, newest first
  std::int64_t vague_n = 0;
  std::int64_t dated = 0;            // rows with a received_at, in any period
  std::int64_t first = 0, last = 0;  // their first and last received_at (when dated > 0)
};

// Collects RowFacts: overdue items and the data's time span whenever received,
// the rest in the period (every row for a period of kind none).
class RowScanner : public stats::RecordVisitor {
public:
  RowScanner(const Period& period, std::int64_t as_of, const Config& cfg);
  void begin_input(const csv::Reader& reader) override;
  void add(const csv::Reader& reader, const csv::Record& record) override;
  // The facts gathered (once, at the end).
  RowFacts take();

private:
  void add_example(const std::string& issue, const csv::Record& r, std::string_view text, std::int64_t when);
  std::string_view get(const csv::Record& r, std::ptrdiff_t c) const;

  Period m_period;
  std::int64_t m_as_of;
  std::size_t m_vague_listed;
  RowFacts m_facts;
  std::vector<std::pair<std::int64_t, Json>> m_vague;  // received, item
  // Columns of the current input (-1: absent).
  std::ptrdiff_t m_id = -1, m_received = -1, m_issue = -1, m_text = -1, m_score = -1, m_ctype = -1, m_tier = -1,
                 m_status = -1, m_due = -1, m_dept = -1, m_dept2 = -1, m_flags = -1;
};

// Up to n examples, skipping near-duplicates (bigram Jaccard > 0.5) of those chosen.
Json pick_examples(const std::vector<Example>& candidates, int n);

// What customers wrote, safe to show: masked (again), at most `max_chars` characters.
std::string shown_text(std::string_view text, std::size_t max_chars);

// An overdue item as the report lists it, days overdue at `as_of`.
Json overdue_json(const stats::OverdueItem& item, std::int64_t as_of);

}  // namespace fbkit::report
