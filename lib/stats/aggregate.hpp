// The mergeable aggregate of stats: per group (the --by values and the period),
// integer counters only (rows, each score value 1..5 and 0..10, statuses,
// seconds), a quantile sketch of resolution times and, with --terms, term
// counts. Everything a metric needs is exact and adds up under merging, so
// merging the aggregates of shards equals aggregating their concatenation.
// Memory grows with the number of groups (and, with --terms, the vocabulary),
// never with the number of rows.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "csv/reader.hpp"
#include "stats/quantile.hpp"
#include "stats/settings.hpp"
#include "stats/spec.hpp"
#include "stats/watch.hpp"
#include "text/language.hpp"
#include "text/terms.hpp"
#include "values/canonical.hpp"

namespace fbkit::stats {

// What is aggregated, fixed from the query and the first input's header; a
// partial state stores it and --merge requires every part to have the same.
struct Layout {
  Query query;
  std::vector<Metric> metrics;          // the metrics computed, in canonical order
  std::vector<std::string> scores;      // score dimensions present (score_overall first)
  bool has_category = false;            // complaints are counted by category
  std::vector<std::string> fcr_column;  // the first-contact column used (0 or 1 name)

  bool has(Metric m) const;

  // Offsets of the counters in Group::counts.
  static constexpr std::size_t kRows = 0;
  std::size_t score_at(std::size_t dim) const { return 1 + 5 * dim; }  // 5 counters: values 1..5
  std::size_t nps_at() const { return 1 + 5 * scores.size(); }         // 11 counters: 0..10
  std::size_t status_at() const { return nps_at() + 11; }              // not_started, in_progress, completed, closed
  std::size_t overdue_at() const { return status_at() + 4; }
  std::size_t resolution_at() const { return overdue_at() + 1; }  // n, sum of seconds
  std::size_t sla_at() const { return resolution_at() + 2; }      // n, met
  std::size_t revisit_at() const { return sla_at() + 2; }         // resolved, followed up
  std::size_t second_at() const { return revisit_at() + 2; }      // n, satisfied
  std::size_t fcr_at() const { return second_at() + 2; }          // n, yes
  std::size_t complaints_at() const { return fcr_at() + 2; }
  std::size_t width() const { return complaints_at() + 1; }

  // The key columns of the output: the --by columns, then "period".
  std::vector<std::string> key_columns() const;
  // The layout as "name<TAB>value" lines, for partial states and their comparison.
  std::string describe() const;
};

// The layout from the query and the first input's header (name: how it is
// called in messages). Throws UsageError for a --by column named twice or
// called "period" with --period, and for a requested metric whose columns the
// input lacks.
Layout make_layout(const Query& query, const Settings& settings, const std::vector<std::string>& header,
                   const std::string& name);

struct Group {
  std::vector<std::string> keys;  // by values, then the period key
  std::vector<std::int64_t> counts;
  QuantileSketch resolution;
  std::map<std::string, std::int64_t> terms;  // rows mentioning each term
};

// A row problem counted instead of stopping the run: the first place and the count.
struct RowWarning {
  std::string column;
  std::string what;
  Location first;
  std::string value;
  std::int64_t count = 0;
  // "FILE:LINE: COLUMN: 'VALUE' WHAT (N rows)".
  std::string message() const;
};

class Aggregator {
public:
  Aggregator(Query query, Settings settings);
  ~Aggregator();
  Aggregator(Aggregator&&) noexcept;
  Aggregator& operator=(Aggregator&&) noexcept;

  // Binds the columns of an input's header (the first fixes the layout).
  // Throws UsageError when a --by/--where column or a requested metric's
  // column is missing.
  void begin_input(const std::vector<std::string>& header, const std::string& name);
  // Adds one record of the current input.
  void add(const csv::Record& record);
  // Reads every record of a CSV input (begin_input + add); `language`, when
  // given, sees its header and the rows it still wants (--lang auto).
  void add_input(ByteSource& source, text::LanguageScan* language = nullptr);

  // Adds another aggregate with the same layout (ConfigError otherwise).
  void merge(const Aggregator& other, const std::string& name);

  bool bound() const { return m_layout != nullptr; }
  const Layout& layout() const { return *m_layout; }
  const Settings& settings() const { return m_settings; }
  // The groups, in first-seen order.
  const std::vector<Group>& groups() const { return m_groups; }
  // Rows read, and rows that passed the filters.
  std::int64_t rows_read() const { return m_rows_read; }
  std::vector<RowWarning> warnings() const;
  // --where values no row had, --by columns blank in every row (watch.hpp).
  const ValueWatch& watch() const { return m_watch; }

  // For loading a partial state: fixes the layout, and finds or adds a group.
  void set_layout(const Layout& layout);
  Group& group(const std::vector<std::string>& keys);
  void set_rows_read(std::int64_t n) { m_rows_read = n; }

private:
  struct Binding;
  Group& group_for_key();
  // add()'s steps. Whether the row passes --where and --from/--to, and has the
  // received_at a period needs (received: its time, when read).
  bool admit(const csv::Record& rec, std::optional<std::int64_t>& received, std::string_view& received_text);
  // The row's group: its --by values and its period.
  Group& group_of(const csv::Record& rec, std::string_view received_text, std::optional<std::int64_t> received);
  void count_scores(const csv::Record& rec, std::int64_t* counts);
  // The row's status (nullopt: none or not a status code).
  std::optional<values::Status> count_status(const csv::Record& rec, std::int64_t* counts);
  // Overdue, resolution times and SLA; whether the row has a resolved_at.
  bool count_times(const csv::Record& rec, Group& g, std::optional<values::Status> status,
                   std::optional<std::int64_t> received);
  // A datetime column's seconds (nullopt: blank or warned about).
  std::optional<std::int64_t> time_of(const csv::Record& rec, int col, const char* name);
  void count_followup(const csv::Record& rec, std::int64_t* counts, std::optional<values::Status> status,
                      bool resolved);
  // First contact, complaints and terms.
  void count_answers(const csv::Record& rec, Group& g);
  void warn(const std::string& column, const std::string& what, std::int64_t line, std::string_view value);

  Query m_query;
  Settings m_settings;
  std::unique_ptr<Layout> m_layout;
  std::unique_ptr<Binding> m_bind;
  std::unique_ptr<text::TermExtractor> m_terms;
  std::vector<Group> m_groups;
  std::unordered_map<std::string, std::uint32_t> m_index;
  std::string m_key;       // the key of the current row
  std::string m_last_key;  // and of the row before, with its group
  std::uint32_t m_last_group = 0;
  bool m_have_last = false;
  std::string m_last_date;    // received_at's date part of the last row ...
  std::string m_last_period;  // ... and its period key
  std::string m_input;
  std::int64_t m_rows_read = 0;
  std::map<std::pair<std::string, std::string>, RowWarning> m_warnings;
  std::vector<std::string> m_scratch_terms;
  ValueWatch m_watch;
};

}  // namespace fbkit::stats
