#include "stats/columns.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "stats/mathstat.hpp"
#include "stats/metricdefs.hpp"

namespace fbkit::stats {

namespace {

Cell number_or_empty(bool ok, double v) {
  return ok ? Cell(v) : Cell();
}

// Built member by member: GCC 12 warns falsely about brace-initialized temporaries here.
void add(std::vector<ColumnSpec>& specs, Column column, Emit emit, std::string denominator) {
  ColumnSpec s;
  s.column = std::move(column);
  if (s.column.type == ColumnType::number && !s.column.key) {
    s.column.over = denominator.empty() ? "n" : denominator;
  }
  s.emit = std::move(emit);
  s.denominator = std::move(denominator);
  specs.push_back(std::move(s));
}

void add_share(std::vector<ColumnSpec>& specs, const View& view, const std::string& name, const std::string& denom,
               const std::function<Ratio(const Group&, const Layout&)>& f) {
  add(
      specs, percent(col(name, ColumnType::number)),
      [f](const Group& g, const Ctx& c) {
        const Ratio r = f(g, c.layout);
        return number_or_empty(r.n > 0, r.value());
      },
      denom);
  if (view.intervals) {
    for (const bool high : {false, true}) {
      add(
          specs, percent(col(name + (high ? "_hi" : "_lo"), ColumnType::number)),
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

// The key columns, n, share and cum_share.
void add_key_specs(std::vector<ColumnSpec>& specs, const Layout& l, const View& view) {
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
        specs, percent(col("share", ColumnType::number)),
        [](const Group& g, const Ctx& c) {
          return number_or_empty(c.period_total > 0,
                                 static_cast<double>(g.counts[Layout::kRows]) / static_cast<double>(c.period_total));
        },
        "");
  }
  if (view.pareto || view.top > 0) {
    add(
        specs, percent(col("cum_share", ColumnType::number)), [](const Group&, const Ctx&) { return Cell(); }, "");
  }
}

// Each score dimension's n and mean (with intervals), score_overall's distribution, csat and low_rate.
void add_score_specs(std::vector<ColumnSpec>& specs, const Layout& l, const View& view) {
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
          specs, percent(col(fmt::format("score_overall_{}", v), ColumnType::number)),
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
}

// nps_n and nps (with its interval).
void add_nps_specs(std::vector<ColumnSpec>& specs, const Layout& l, const View& view) {
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
}

// Closure, open and overdue cases, resolution times, SLA, revisits, second satisfaction, first contact.
void add_case_specs(std::vector<ColumnSpec>& specs, const Layout& l, const View& view) {
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
}

// complaints, orders and complaints per 1000 orders (--volumes).
void add_volume_specs(std::vector<ColumnSpec>& specs) {
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

}  // namespace

std::vector<ColumnSpec> column_specs(const Layout& l, const View& view, bool with_volumes) {
  std::vector<ColumnSpec> specs;
  add_key_specs(specs, l, view);
  add_score_specs(specs, l, view);
  add_nps_specs(specs, l, view);
  add_case_specs(specs, l, view);
  if (with_volumes) {
    add_volume_specs(specs);
  }
  return specs;
}

}  // namespace fbkit::stats
