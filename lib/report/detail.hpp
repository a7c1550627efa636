// The workbook's detail sheet: the period's rows (after --where) in the
// canonical columns, for drill-down in Excel. Date-times are Excel dates with
// a date format, scores and numbers are numbers, the rest text (string cells:
// a customer's "=HYPERLINK(...)" stays text, render/xlsx.hpp), with phone
// numbers, e-mail addresses and card numbers masked as everywhere in the report.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "render/table.hpp"
#include "report/context.hpp"
#include "stats/batch.hpp"

namespace fbkit::report {

// Excel's serial date-time of seconds since 1970-01-01T00:00:00 (local time, no zone).
double excel_serial(std::int64_t seconds);

class DetailRows final : public stats::RecordVisitor {
public:
  // enabled false: collects nothing (the html, md and json forms).
  DetailRows(const Period& period, bool enabled);
  void begin_input(const csv::Reader& reader) override;
  void add(const csv::Reader& reader, const csv::Record& record) override;
  // The table (once, at the end); no columns when disabled.
  render::Table take();

private:
  Period m_period;
  bool m_enabled;
  render::Table m_table;
  std::vector<std::string> m_names;    // the table's columns, from the first input
  std::vector<std::ptrdiff_t> m_from;  // per column: its index in the current input (-1: absent)
  std::vector<bool> m_time, m_number;  // per column: a date-time, a number
  std::ptrdiff_t m_received = -1;
};

}  // namespace fbkit::report
