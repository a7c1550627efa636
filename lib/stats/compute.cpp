#include "stats/compute.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "core/strings.hpp"
#include "csv/reader.hpp"
#include "stats/mathstat.hpp"
#include "stats/metricdefs.hpp"

namespace fbkit::stats {

namespace {

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

Cell number_or_empty(bool ok, double v) {
  return ok ? Cell(v) : Cell();
}

Column col(std::string name, ColumnType type, bool key = false) {
  Column c;
  c.name = std::move(name);
  c.type = type;
  c.key = key;
  return c;
}

// Built member by member: GCC 12 warns falsely about brace-initialized temporaries here.
void add(std::vector<ColumnSpec>& specs, Column column, Emit emit, std::string denominator) {
  ColumnSpec s;
  s.column = std::move(column);
  s.emit = std::move(emit);
  s.denominator = std::move(denominator);
  specs.push_back(std::move(s));
}

void add_share(std::vector<ColumnSpec>& specs, const View& view, const std::string& name, const std::string& denom,
               std::function<Ratio(const Group&, const Layout&)> f) {
  add(
      specs, col(name, ColumnType::number),
      [f](const Group& g, const Ctx& c) {
        const Ratio r = f(g, c.layout);
        return number_or_empty(r.n > 0, r.value());
      },
      denom);
  if (view.intervals) {
    for (const bool high : {false, true}) {
      add(
          specs, col(name + (high ? "_hi" : "_lo"), ColumnType::number),
          [f, high](const Group& g, const Ctx& c) {
            const Ratio r = f(g, c.layout);
            if (r.n <= 0) {
              return Cell();
            }
            const Interval i = wilson(r.x, r.n, c.level);
            return Cell(high ? i.high : i.low);
          },
          denom);
    }
  }
}

std::vector<ColumnSpec> column_specs(const Layout& l, const View& view, bool with_volumes) {
  std::vector<ColumnSpec> specs;
  const auto key_count = l.key_columns().size();
  for (std::size_t k = 0; k < key_count; ++k) {
    add(
        specs, col(l.key_columns()[k], ColumnType::text, true),
        [k](const Group& g, const Ctx&) { return Cell(g.keys[k]); }, "");
  }
  add(
      specs, col("n", ColumnType::integer), [](const Group& g, const Ctx&) { return Cell(g.counts[Layout::kRows]); },
      "");
  if (l.has(Metric::share)) {
    add(
        specs, col("share", ColumnType::number),
        [](const Group& g, const Ctx& c) {
          return number_or_empty(c.period_total > 0,
                                 static_cast<double>(g.counts[Layout::kRows]) / static_cast<double>(c.period_total));
        },
        "");
  }
  if (view.pareto || view.top > 0) {
    add(
        specs, col("cum_share", ColumnType::number), [](const Group&, const Ctx&) { return Cell(); }, "");
  }
  const bool overall_used = l.has(Metric::dist) || l.has(Metric::csat) || l.has(Metric::low);
  for (std::size_t d = 0; d < l.scores.size(); ++d) {
    const std::string& dim = l.scores[d];
    const bool is_overall = dim == "score_overall";
    if (!l.has(Metric::mean) && !(is_overall && overall_used)) {
      continue;
    }
    const std::size_t at = l.score_at(d);
    add(
        specs, col(dim + "_n", ColumnType::integer),
        [at](const Group& g, const Ctx&) { return Cell(moments(&g.counts[at], 1, 5).n); }, "");
    if (!l.has(Metric::mean)) {
      continue;
    }
    const std::string n_col = dim + "_n";
    add(
        specs, col(dim + "_mean", ColumnType::number),
        [at](const Group& g, const Ctx&) {
          const Moments m = moments(&g.counts[at], 1, 5);
          return number_or_empty(m.n > 0, m.mean);
        },
        n_col);
    if (view.intervals) {
      for (const bool high : {false, true}) {
        add(
            specs, col(dim + (high ? "_mean_hi" : "_mean_lo"), ColumnType::number),
            [at, high](const Group& g, const Ctx& c) {
              const Moments m = moments(&g.counts[at], 1, 5);
              if (m.n < 2) {
                return Cell();
              }
              const double margin = t_margin(std::sqrt(m.var), m.n, c.level);
              // Clamped to the 1-5 scale the mean lives on.
              return Cell(high ? std::min(5.0, m.mean + margin) : std::max(1.0, m.mean - margin));
            },
            n_col);
      }
    }
  }
  const auto overall = std::find(l.scores.begin(), l.scores.end(), "score_overall");
  const std::size_t oat =
      overall == l.scores.end() ? 0 : l.score_at(static_cast<std::size_t>(overall - l.scores.begin()));
  if (l.has(Metric::dist)) {
    for (std::size_t v = 1; v <= 5; ++v) {
      add(
          specs, col(fmt::format("score_overall_{}", v), ColumnType::number),
          [oat, v](const Group& g, const Ctx&) {
            const std::int64_t n = moments(&g.counts[oat], 1, 5).n;
            return number_or_empty(n > 0, static_cast<double>(g.counts[oat + v - 1]) / static_cast<double>(n));
          },
          "score_overall_n");
    }
  }
  if (l.has(Metric::csat)) {
    add_share(specs, view, "csat", "score_overall_n",
              [oat](const Group& g, const Layout&) { return csat_ratio(&g.counts[oat]); });
  }
  if (l.has(Metric::low)) {
    add_share(specs, view, "low_rate", "score_overall_n",
              [oat](const Group& g, const Layout&) { return low_ratio(&g.counts[oat]); });
  }
  if (l.has(Metric::nps)) {
    const std::size_t at = l.nps_at();
    add(
        specs, col("nps_n", ColumnType::integer),
        [at](const Group& g, const Ctx&) { return Cell(nps_of(&g.counts[at]).n); }, "");
    add(
        specs, col("nps", ColumnType::number),
        [at](const Group& g, const Ctx&) {
          const Nps s = nps_of(&g.counts[at]);
          return number_or_empty(s.n > 0, s.value);
        },
        "nps_n");
    if (view.intervals) {
      for (const bool high : {false, true}) {
        add(
            specs, col(high ? "nps_hi" : "nps_lo", ColumnType::number),
            [at, high](const Group& g, const Ctx& c) {
              const Nps s = nps_of(&g.counts[at]);
              if (s.n <= 0) {
                return Cell();
              }
              const double m = normal_quantile(1 - (1 - c.level) / 2) * s.se;
              return Cell(high ? std::min(1.0, s.value + m) : std::max(-1.0, s.value - m));
            },
            "nps_n");
      }
    }
  }
  if (l.has(Metric::closure)) {
    add_share(specs, view, "closure_rate", "n",
              [](const Group& g, const Layout& lay) { return closure_ratio(g, lay); });
  }
  if (l.has(Metric::open)) {
    add(
        specs, col("open", ColumnType::integer),
        [](const Group& g, const Ctx& c) {
          return Cell(g.counts[c.layout.status_at()] + g.counts[c.layout.status_at() + 1]);
        },
        "");
  }
  if (l.has(Metric::overdue)) {
    add(
        specs, col("overdue", ColumnType::integer),
        [](const Group& g, const Ctx& c) { return Cell(g.counts[c.layout.overdue_at()]); }, "");
  }
  if (l.has(Metric::resolution)) {
    add(
        specs, col("resolution_n", ColumnType::integer),
        [](const Group& g, const Ctx& c) { return Cell(g.counts[c.layout.resolution_at()]); }, "");
    add(
        specs, col("resolution_hours_mean", ColumnType::number),
        [](const Group& g, const Ctx& c) {
          const std::int64_t n = g.counts[c.layout.resolution_at()];
          return number_or_empty(
              n > 0, static_cast<double>(g.counts[c.layout.resolution_at() + 1]) / static_cast<double>(n) / 3600.0);
        },
        "resolution_n");
    add(
        specs, col("resolution_hours_median", ColumnType::number),
        [](const Group& g, const Ctx&) {
          return number_or_empty(g.resolution.count() > 0, g.resolution.median() / 3600.0);
        },
        "resolution_n");
  }
  const auto pair_ratio = [](std::size_t (Layout::*at)() const) {
    return [at](const Group& g, const Layout& lay) { return Ratio{g.counts[(lay.*at)() + 1], g.counts[(lay.*at)()]}; };
  };
  if (l.has(Metric::sla)) {
    add(
        specs, col("sla_n", ColumnType::integer),
        [](const Group& g, const Ctx& c) { return Cell(g.counts[c.layout.sla_at()]); }, "");
    add_share(specs, view, "sla_rate", "sla_n", pair_ratio(&Layout::sla_at));
  }
  if (l.has(Metric::revisit)) {
    add(
        specs, col("resolved", ColumnType::integer),
        [](const Group& g, const Ctx& c) { return Cell(g.counts[c.layout.revisit_at()]); }, "");
    add_share(specs, view, "revisit_rate", "resolved", pair_ratio(&Layout::revisit_at));
  }
  if (l.has(Metric::second)) {
    add(
        specs, col("second_n", ColumnType::integer),
        [](const Group& g, const Ctx& c) { return Cell(g.counts[c.layout.second_at()]); }, "");
    add_share(specs, view, "second_sat", "second_n", pair_ratio(&Layout::second_at));
  }
  if (l.has(Metric::fcr)) {
    add(
        specs, col("fcr_n", ColumnType::integer),
        [](const Group& g, const Ctx& c) { return Cell(g.counts[c.layout.fcr_at()]); }, "");
    add_share(specs, view, "fcr_rate", "fcr_n", pair_ratio(&Layout::fcr_at));
  }
  if (with_volumes) {
    add(
        specs, col("complaints", ColumnType::integer),
        [](const Group& g, const Ctx& c) { return Cell(g.counts[c.layout.complaints_at()]); }, "");
    const auto orders = [](const Group& g, const Ctx& c) -> std::optional<double> {
      std::vector<std::string> key;
      for (const int i : c.volumes->by_index) {
        key.push_back(g.keys[static_cast<std::size_t>(i)]);
      }
      key.push_back(g.keys.back());
      const auto it = c.volumes->orders.find(key);
      return it == c.volumes->orders.end() ? std::nullopt : std::optional<double>(it->second);
    };
    add(
        specs, col("orders", ColumnType::number),
        [orders](const Group& g, const Ctx& c) {
          const auto o = orders(g, c);
          return o ? Cell(*o) : Cell();
        },
        "");
    add(
        specs, col("complaints_per_1000", ColumnType::number),
        [orders](const Group& g, const Ctx& c) {
          const auto o = orders(g, c);
          return o && *o > 0 ? Cell(static_cast<double>(g.counts[c.layout.complaints_at()]) / *o * 1000.0) : Cell();
        },
        "");
  }
  return specs;
}

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
  const std::size_t pcol = l.query.by.size();
  const bool has_period = l.query.period != PeriodKind::none;
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
  const auto period_cell = [&](const std::vector<Cell>& r) {
    return has_period ? std::get<std::string>(r[pcol]) : std::string();
  };
  const int n_col = t.find("n");
  if (!view.rank.empty()) {
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
    const std::int64_t min_n = view.min_n >= 0 ? view.min_n : agg.settings().min_n;
    // A group whose --by value is blank (no agent recorded, say) is not one
    // agent or product: it is listed, never ranked.
    const std::size_t keys = agg.layout().query.by.size();
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
  } else if (view.pareto || view.top > 0) {
    std::stable_sort(t.rows.begin(), t.rows.end(), [&](const std::vector<Cell>& a, const std::vector<Cell>& b) {
      const std::string pa = period_cell(a), pb = period_cell(b);
      if (pa != pb) {
        return pa < pb;
      }
      return std::get<std::int64_t>(a[static_cast<std::size_t>(n_col)]) >
             std::get<std::int64_t>(b[static_cast<std::size_t>(n_col)]);
    });
  }
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

std::vector<std::string> breaches(const Table& metrics, const std::vector<Alert>& alerts) {
  std::vector<std::string> out;
  for (const Alert& a : alerts) {
    const auto c = static_cast<std::size_t>(metrics.find(a.metric));
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
      out.push_back(fmt::format("{}: {}{}={}", a.text, where.empty() ? "all rows " : where, a.metric,
                                std::holds_alternative<std::int64_t>(row[c])
                                    ? fmt::format("{}", std::get<std::int64_t>(row[c]))
                                    : fmt::format("{:.6f}", v)));
    }
  }
  return out;
}

}  // namespace fbkit::stats
