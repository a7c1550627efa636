// What the sections share: alerts, percentages, share changes.
#include "report/sections.hpp"

#include <fmt/core.h>

#include "stats/tests.hpp"

namespace fbkit::report {

bool Frame::in_period(const Json& row) const {
  return !periods.timed || row.value("period", "") == periods.current.key;
}

const Json* Frame::current_row(const Json& rows) const {
  if (!periods.timed) {
    return rows.empty() ? nullptr : &rows[0];
  }
  return find_row(rows, "period", periods.current.key);
}

void Alerts::add(std::string breach, std::string line) {
  breaches.push_back(std::move(breach));
  lines.push_back(std::move(line));
}

std::string percent(double v) {
  return fmt::format("{:.1f}%", v * 100);
}

namespace {

// Rows per group of `key_col` in the period `period` of a by-period table.
std::map<std::string, std::int64_t> counts_in(const Json& rows, const std::string& key_col, const std::string& period) {
  std::map<std::string, std::int64_t> out;
  for (const Json& r : rows) {
    if (r.value("period", "") == period) {
      out[r[key_col].get<std::string>()] = r["n"].get<std::int64_t>();
    }
  }
  return out;
}

}  // namespace

std::map<std::string, Json> share_change_cells(const Json& rows, const std::string& key_col, const Periods& p) {
  std::map<std::string, Json> out;
  for (const auto& [k, c] :
       stats::share_changes(counts_in(rows, key_col, p.current.key), counts_in(rows, key_col, p.previous))) {
    out[k] = {{"previous_share", c.previous_share},
              {"change", c.change},
              {"p_value", c.p_value},
              {"q_value", c.q_value},
              {"significant", c.significant}};
  }
  return out;
}

}  // namespace fbkit::report
