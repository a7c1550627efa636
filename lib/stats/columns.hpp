// The columns of the metrics table (internal to lib/stats): each column with
// the function that computes its cell from a group, and its denominator.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "stats/aggregate.hpp"
#include "stats/compute.hpp"
#include "stats/spec.hpp"
#include "stats/table.hpp"

namespace fbkit::stats {

// What a cell is computed with besides its group.
struct Ctx {
  const Layout& layout;
  double level;
  std::int64_t period_total;
  const Volumes* volumes;
};

using Emit = std::function<Cell(const Group&, const Ctx&)>;

struct ColumnSpec {
  Column column;
  Emit emit;
  std::string denominator;  // the count column the value is over ("" = n)
};

inline Column col(std::string name, ColumnType type, bool key = false) {
  Column c;
  c.name = std::move(name);
  c.type = type;
  c.key = key;
  return c;
}

// The same column, marked as a proportion (shown as a percentage by md, table, xtab).
inline Column percent(Column c) {
  c.percent = true;
  return c;
}

// The metric columns the layout and view ask for, in output order (with_volumes:
// complaints, orders and complaints per 1000 orders).
std::vector<ColumnSpec> column_specs(const Layout& l, const View& view, bool with_volumes);

}  // namespace fbkit::stats
