#include "stats/compute.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "core/strings.hpp"
#include "csv/reader.hpp"
#include "stats/columns.hpp"
#include "stats/mathstat.hpp"

namespace fbkit::stats {

namespace {

std::string period_of(const Group& g, const Layout& l) {
  return l.query.period == PeriodKind::none ? std::string() : g.keys.back();
}

}  // namespace

Volumes load_volumes(const std::string& path, const Layout& layout) {
  if (layout.query.period == PeriodKind::none) {
    throw UsageError("--volumes needs --period (order volumes are per period)");
  }
  FileSource src(path);
  csv::Reader reader(src);
  const std::vector<std::string> header = reader.read_header();
  Volumes v;
  int period_col = -1, orders_col = -1;
  std::vector<int> by_cols;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == "period") {
      period_col = static_cast<int>(i);
    } else if (header[i] == "orders") {
      orders_col = static_cast<int>(i);
    }
  }
  if (period_col < 0 || orders_col < 0) {
    throw UsageError("--volumes " + path + ": needs columns 'period' and 'orders' (and optionally --by columns)");
  }
  for (std::size_t b = 0; b < layout.query.by.size(); ++b) {
    const auto it = std::find(header.begin(), header.end(), layout.query.by[b]);
    if (it != header.end()) {
      v.by.push_back(layout.query.by[b]);
      v.by_index.push_back(static_cast<int>(b));
      by_cols.push_back(static_cast<int>(it - header.begin()));
    }
  }
  for (const std::string& h : header) {
    if (h != "period" && h != "orders" && std::find(v.by.begin(), v.by.end(), h) == v.by.end()) {
      throw UsageError("--volumes " + path + ": column " + quote_value(h) +
                       " is neither period, orders nor a --by column");
    }
  }
  csv::Record rec;
  while (reader.next(rec)) {
    const std::string period(rec[static_cast<std::size_t>(period_col)]);
    if (!valid_period_key(layout.query.period, period)) {
      throw DataError(Location{reader.name(), rec.line, 0}, "period " + quote_value(period) + " is not a " +
                                                                std::string(period_kind_name(layout.query.period)) +
                                                                " (like " +
                                                                period_key(layout.query.period, 2025, 1, 31) + ")");
    }
    const std::string_view o = rec[static_cast<std::size_t>(orders_col)];
    char* end = nullptr;
    const std::string os(o);
    const double orders = std::strtod(os.c_str(), &end);
    if (os.empty() || end != os.c_str() + os.size() || !(orders >= 0) || !std::isfinite(orders)) {
      throw DataError(Location{reader.name(), rec.line, 0}, "orders " + quote_value(os) + " is not a number >= 0");
    }
    std::vector<std::string> key;
    for (const int c : by_cols) {
      key.emplace_back(rec[static_cast<std::size_t>(c)]);
    }
    key.push_back(period);
    if (!v.orders.emplace(key, orders).second) {
      throw DataError(Location{reader.name(), rec.line, 0}, "a second row for period " + period);
    }
  }
  return v;
}

namespace {

// A row's period, "" without --period.
std::string period_cell(const std::vector<Cell>& r, const Layout& l) {
  return l.query.period == PeriodKind::none ? std::string() : std::get<std::string>(r[l.query.by.size()]);
}

// --rank: sorts each period's rows by the metric (groups under --min-n last)
// and appends the rank and low_n columns.
void rank_rows(Table& t, const std::vector<ColumnSpec>& specs, const Layout& l, const View& view, std::int64_t min_n) {
  const auto period_cell = [&](const std::vector<Cell>& r) { return stats::period_cell(r, l); };
  const int rc = t.find(view.rank);
  if (rc < 0 || t.columns[static_cast<std::size_t>(rc)].key ||
      t.columns[static_cast<std::size_t>(rc)].type == ColumnType::text) {
    std::string known;
    for (const Column& c : t.columns) {
      if (!c.key && c.type != ColumnType::text && c.name != "rank" && c.name != "low_n" && c.name != "cum_share") {
        known += known.empty() ? c.name : ", " + c.name;
      }
    }
    throw UsageError("--rank: no metric column '" + view.rank + "' (available: " + known + ")");
  }
  std::string denom = "n";
  for (const ColumnSpec& s : specs) {
    if (s.column.name == view.rank && !s.denominator.empty()) {
      denom = s.denominator;
    }
  }
  const int dc = t.find(denom);
  // A group whose --by value is blank (no agent recorded, say) is not one
  // agent or product: it is listed, never ranked.
  const std::size_t keys = l.query.by.size();
  const auto rankable = [&](const std::vector<Cell>& r) {
    double v = 0;
    for (std::size_t k = 0; k < keys; ++k) {
      if (const auto* key = std::get_if<std::string>(&r[k]); key && key->empty()) {
        return false;
      }
    }
    return cell_number(r[static_cast<std::size_t>(rc)], v) &&
           std::get<std::int64_t>(r[static_cast<std::size_t>(dc)]) >= min_n;
  };
  std::stable_sort(t.rows.begin(), t.rows.end(), [&](const std::vector<Cell>& a, const std::vector<Cell>& b) {
    const std::string pa = period_cell(a), pb = period_cell(b);
    if (pa != pb) {
      return pa < pb;
    }
    const bool ra = rankable(a), rb = rankable(b);
    if (ra != rb) {
      return ra;
    }
    if (!ra) {
      return false;
    }
    double va = 0, vb = 0;
    cell_number(a[static_cast<std::size_t>(rc)], va);
    cell_number(b[static_cast<std::size_t>(rc)], vb);
    return view.rank_ascending ? va < vb : va > vb;
  });
  std::string current = "\x01";
  std::int64_t position = 0, rank = 0;
  double last = 0;
  for (auto& r : t.rows) {
    if (period_cell(r) != current) {
      current = period_cell(r);
      position = 0;
    }
    const bool ok = rankable(r);
    double v = 0;
    cell_number(r[static_cast<std::size_t>(rc)], v);
    if (ok) {
      ++position;
      rank = position == 1 || v != last ? position : rank;
      last = v;
    }
    r.push_back(ok ? Cell(rank) : Cell());
    r.push_back(Cell(std::get<std::int64_t>(r[static_cast<std::size_t>(dc)]) < min_n));
  }
}

// --pareto, --top: each period's rows by n, largest first.
void sort_by_n(Table& t, const Layout& l) {
  const auto period_cell = [&](const std::vector<Cell>& r) { return stats::period_cell(r, l); };
  const int n_col = t.find("n");
  std::stable_sort(t.rows.begin(), t.rows.end(), [&](const std::vector<Cell>& a, const std::vector<Cell>& b) {
    const std::string pa = period_cell(a), pb = period_cell(b);
    if (pa != pb) {
      return pa < pb;
    }
    return std::get<std::int64_t>(a[static_cast<std::size_t>(n_col)]) >
           std::get<std::int64_t>(b[static_cast<std::size_t>(n_col)]);
  });
}

// cum_share (the running share of the period's rows), and --top's cut.
void cumulate(Table& t, const Layout& l, const View& view, std::map<std::string, std::int64_t>& totals) {
  const auto period_cell = [&](const std::vector<Cell>& r) { return stats::period_cell(r, l); };
  const int n_col = t.find("n");
  const int cum = t.find("cum_share");
  std::vector<std::vector<Cell>> kept;
  std::string current = "\x01";
  std::size_t in_period = 0;
  std::int64_t running = 0;
  for (auto& r : t.rows) {
    if (period_cell(r) != current) {
      current = period_cell(r);
      in_period = 0;
      running = 0;
    }
    running += std::get<std::int64_t>(r[static_cast<std::size_t>(n_col)]);
    if (cum >= 0) {
      const std::int64_t total = totals[current];
      r[static_cast<std::size_t>(cum)] =
          total > 0 ? Cell(static_cast<double>(running) / static_cast<double>(total)) : Cell();
    }
    if (view.top == 0 || in_period++ < view.top) {
      kept.push_back(std::move(r));
    }
  }
  t.rows = std::move(kept);
}

}  // namespace

Table metrics_table(const Aggregator& agg, const View& view, const Volumes* volumes) {
  const Layout& l = agg.layout();
  const std::vector<ColumnSpec> specs = column_specs(l, view, volumes != nullptr);
  Table t;
  t.name = "metrics";
  for (const ColumnSpec& s : specs) {
    t.columns.push_back(s.column);
  }
  if (view.rank.empty() == false) {
    t.columns.push_back(col("rank", ColumnType::integer));
    t.columns.push_back(col("low_n", ColumnType::boolean));
  }
  std::map<std::string, std::int64_t> totals;  // rows per period
  for (const Group& g : agg.groups()) {
    totals[period_of(g, l)] += g.counts[Layout::kRows];
  }
  std::vector<const Group*> order;
  for (const Group& g : agg.groups()) {
    order.push_back(&g);
  }
  // Without groups the table is one row for everything, even when nothing passed the filters.
  Group empty;
  if (order.empty() && l.key_columns().empty()) {
    empty.counts.assign(l.width(), 0);
    order.push_back(&empty);
  }
  // Default order: by values, then period (so a group's trend reads down).
  std::sort(order.begin(), order.end(), [](const Group* a, const Group* b) { return a->keys < b->keys; });
  for (const Group* g : order) {
    const Ctx ctx{l, view.ci, totals[period_of(*g, l)], volumes};
    std::vector<Cell> row;
    row.reserve(t.columns.size());
    for (const ColumnSpec& s : specs) {
      row.push_back(s.emit(*g, ctx));
    }
    t.rows.push_back(std::move(row));
  }
  if (!view.rank.empty()) {
    rank_rows(t, specs, l, view, view.min_n >= 0 ? view.min_n : agg.settings().min_n);
  } else if (view.pareto || view.top > 0) {
    sort_by_n(t, l);
  }
  cumulate(t, l, view, totals);
  return t;
}

void check_alert_columns(const Table& metrics, const std::vector<Alert>& alerts) {
  for (const Alert& a : alerts) {
    const int c = metrics.find(a.metric);
    if (c < 0 || metrics.columns[static_cast<std::size_t>(c)].key ||
        metrics.columns[static_cast<std::size_t>(c)].type == ColumnType::text ||
        metrics.columns[static_cast<std::size_t>(c)].type == ColumnType::boolean) {
      std::string known;
      for (const Column& col : metrics.columns) {
        if (!col.key && (col.type == ColumnType::integer || col.type == ColumnType::number)) {
          known += known.empty() ? col.name : ", " + col.name;
        }
      }
      throw UsageError("--fail-on '" + a.text + "': no metric '" + a.metric + "' in this table (available: " + known +
                       ")");
    }
  }
}

std::vector<std::string> breaches(const Table& metrics, const std::vector<Alert>& alerts, std::int64_t min_n,
                                  std::vector<std::string>* small) {
  std::vector<std::string> out;
  for (const Alert& a : alerts) {
    const auto c = static_cast<std::size_t>(metrics.find(a.metric));
    const int over = metrics.columns[c].over.empty() ? -1 : metrics.find(metrics.columns[c].over);
    for (const auto& row : metrics.rows) {
      double v = 0;
      if (!cell_number(row[c], v) || !a.breached(v)) {
        continue;
      }
      std::string where;
      for (std::size_t k = 0; k < metrics.columns.size(); ++k) {
        if (metrics.columns[k].key) {
          where += fmt::format("{}={} ", metrics.columns[k].name, std::get<std::string>(row[k]));
        }
      }
      const std::string line =
          fmt::format("{}: {}{}={}", a.text, where.empty() ? "all rows " : where, a.metric,
                      std::holds_alternative<std::int64_t>(row[c]) ? fmt::format("{}", std::get<std::int64_t>(row[c]))
                                                                   : fmt::format("{:.6f}", v));
      const auto* n = over >= 0 ? std::get_if<std::int64_t>(&row[static_cast<std::size_t>(over)]) : nullptr;
      if (n != nullptr && *n < min_n) {
        if (small != nullptr) {
          small->push_back(fmt::format("{} over {} answers, fewer than min_n {}: not alerted", line, *n, min_n));
        }
        continue;
      }
      out.push_back(line);
    }
  }
  return out;
}

}  // namespace fbkit::stats
