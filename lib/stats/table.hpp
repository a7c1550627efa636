// The result model of stats: tables of typed cells with stable column names.
// Computation fills it; format.hpp renders it (csv, json, md, terminal table).
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace fbkit::stats {

// A cell: empty (not computable, e.g. a mean of no scores), an integer count,
// a real number, text, or a yes/no flag.
using Cell = std::variant<std::monostate, std::int64_t, double, std::string, bool>;

enum class ColumnType { text, integer, number, boolean };

struct Column {
  std::string name;  // stable: scripts and --fail-on refer to it
  ColumnType type = ColumnType::text;
  bool key = false;      // a grouping column (by, period), not a measure
  bool percent = false;  // a proportion (0 to 1): md, table and xtab show it as a percentage
  // A rate or mean: the count column it is over ("n" when empty); --fail-on
  // does not alert on it below min_n. Empty for counts and keys.
  std::string over;
};

// A column by name and type.
inline Column make_column(std::string name, ColumnType type, bool key = false) {
  Column c;
  c.name = std::move(name);
  c.type = type;
  c.key = key;
  return c;
}

struct Table {
  std::string name;  // "metrics", "changes", "terms"
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;

  // Index of a column by name, or -1.
  int find(const std::string& column) const {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (columns[i].name == column) {
        return static_cast<int>(i);
      }
    }
    return -1;
  }
};

// The number in a cell (integers too), or false when it is empty or text.
inline bool cell_number(const Cell& c, double& out) {
  if (const auto* i = std::get_if<std::int64_t>(&c)) {
    out = static_cast<double>(*i);
    return true;
  }
  if (const auto* d = std::get_if<double>(&c)) {
    out = *d;
    return true;
  }
  return false;
}

}  // namespace fbkit::stats
