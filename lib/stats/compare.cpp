// The changes table (period over period, year over year, with tests) and the
// terms table.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "stats/compute.hpp"
#include "stats/mathstat.hpp"
#include "stats/metricdefs.hpp"

namespace fbkit::stats {

namespace {

// One comparable metric: its value in a group, and the test of two groups.
struct Comparable {
  std::string name;
  enum class Kind { share, mean, nps } kind;
  std::function<Ratio(const Group&, const Layout&)> ratio;  // share
  std::size_t at = 0;                                       // mean: the counters of values 1..5
};

std::vector<Comparable> comparables(const Layout& l) {
  std::vector<Comparable> out;
  const auto overall = std::find(l.scores.begin(), l.scores.end(), "score_overall");
  const std::size_t oat =
      overall == l.scores.end() ? 0 : l.score_at(static_cast<std::size_t>(overall - l.scores.begin()));
  if (l.has(Metric::mean)) {
    for (std::size_t d = 0; d < l.scores.size(); ++d) {
      out.push_back({l.scores[d] + "_mean", Comparable::Kind::mean, nullptr, l.score_at(d)});
    }
  }
  if (l.has(Metric::csat)) {
    out.push_back(
        {"csat", Comparable::Kind::share, [oat](const Group& g, const Layout&) { return csat_ratio(&g.counts[oat]); }});
  }
  if (l.has(Metric::low)) {
    out.push_back({"low_rate", Comparable::Kind::share,
                   [oat](const Group& g, const Layout&) { return low_ratio(&g.counts[oat]); }});
  }
  if (l.has(Metric::nps)) {
    out.push_back({"nps", Comparable::Kind::nps, nullptr, l.nps_at()});
  }
  const auto pair = [](std::size_t (Layout::*at)() const) {
    return [at](const Group& g, const Layout& lay) { return Ratio{g.counts[(lay.*at)() + 1], g.counts[(lay.*at)()]}; };
  };
  if (l.has(Metric::closure)) {
    out.push_back({"closure_rate", Comparable::Kind::share,
                   [](const Group& g, const Layout& lay) { return closure_ratio(g, lay); }});
  }
  if (l.has(Metric::sla)) {
    out.push_back({"sla_rate", Comparable::Kind::share, pair(&Layout::sla_at)});
  }
  if (l.has(Metric::revisit)) {
    out.push_back({"revisit_rate", Comparable::Kind::share, pair(&Layout::revisit_at)});
  }
  if (l.has(Metric::second)) {
    out.push_back({"second_sat", Comparable::Kind::share, pair(&Layout::second_at)});
  }
  if (l.has(Metric::fcr)) {
    out.push_back({"fcr_rate", Comparable::Kind::share, pair(&Layout::fcr_at)});
  }
  return out;
}

struct Value {
  bool ok = false;
  double v = 0;
};

Value value_of(const Comparable& m, const Group& g, const Layout& l) {
  switch (m.kind) {
    case Comparable::Kind::share: {
      const Ratio r = m.ratio(g, l);
      return {r.n > 0, r.n > 0 ? r.value() : 0};
    }
    case Comparable::Kind::mean: {
      const Moments mo = moments(&g.counts[m.at], 1, 5);
      return {mo.n > 0, mo.mean};
    }
    case Comparable::Kind::nps: {
      const Nps s = nps_of(&g.counts[m.at]);
      return {s.n > 0, s.value};
    }
  }
  return {};
}

// The two-sided p-value of a difference, or nothing when no test applies.
std::optional<double> p_value(const Comparable& m, const Group& a, const Group& b, const Layout& l) {
  switch (m.kind) {
    case Comparable::Kind::share: {
      const Ratio ra = m.ratio(a, l), rb = m.ratio(b, l);
      if (ra.n <= 0 || rb.n <= 0) {
        return std::nullopt;
      }
      return two_proportion_z(ra.x, ra.n, rb.x, rb.n).p_value;
    }
    case Comparable::Kind::mean: {
      const Moments ma = moments(&a.counts[m.at], 1, 5), mb = moments(&b.counts[m.at], 1, 5);
      if (ma.n < 2 || mb.n < 2) {
        return std::nullopt;
      }
      return welch_t(ma.mean, ma.var, ma.n, mb.mean, mb.var, mb.n).p_value;
    }
    case Comparable::Kind::nps: {
      const Nps na = nps_of(&a.counts[m.at]), nb = nps_of(&b.counts[m.at]);
      if (na.n < 2 || nb.n < 2) {
        return std::nullopt;
      }
      return z_difference(na.value, na.se, nb.value, nb.se).p_value;
    }
  }
  return std::nullopt;
}

// The changes table's columns, no rows.
Table changes_columns(const Layout& l) {
  Table t;
  t.name = "changes";
  for (const std::string& k : l.key_columns()) {
    t.columns.push_back(make_column(k, ColumnType::text, true));
  }
  for (const char* name : {"metric", "basis"}) {
    t.columns.push_back(make_column(name, ColumnType::text, true));
  }
  t.columns.push_back(make_column("value", ColumnType::number));
  t.columns.push_back(make_column("base_period", ColumnType::text));
  for (const char* name : {"base_value", "change", "change_rel", "p_value", "q_value"}) {
    t.columns.push_back(make_column(name, ColumnType::number));
  }
  t.columns.push_back(make_column("significant", ColumnType::boolean));
  return t;
}

using Families = std::map<std::pair<std::string, std::string>, std::vector<std::pair<std::size_t, double>>>;

// Each family's q-values (Benjamini-Hochberg) and whether they are under alpha.
void add_q_values(Table& t, const Families& families, double alpha) {
  const std::size_t qc = static_cast<std::size_t>(t.find("q_value"));
  for (const auto& [family, members] : families) {
    std::vector<double> ps;
    for (const auto& [row, p] : members) {
      ps.push_back(p);
    }
    const std::vector<double> qs = benjamini_hochberg(ps);
    for (std::size_t i = 0; i < members.size(); ++i) {
      t.rows[members[i].first][qc] = qs[i];
      t.rows[members[i].first][qc + 1] = qs[i] < alpha;
    }
  }
}

}  // namespace

Table changes_table(const Aggregator& agg, const View& view) {
  const Layout& l = agg.layout();
  if (l.query.period == PeriodKind::none) {
    throw UsageError("--compare needs --period (changes are between periods)");
  }
  Table t = changes_columns(l);
  std::map<std::vector<std::string>, const Group*> index;
  for (const Group& g : agg.groups()) {
    index[g.keys] = &g;
  }
  const std::vector<Comparable> metrics = comparables(l);
  const std::vector<std::string> bases =
      l.query.period == PeriodKind::year ? std::vector<std::string>{"prev"} : std::vector<std::string>{"prev", "yoy"};
  // Families for Benjamini-Hochberg: (metric, basis) -> rows with a p-value.
  Families families;
  for (const auto& [keys, g] : index) {
    for (const Comparable& m : metrics) {
      for (const std::string& basis : bases) {
        std::vector<Cell> row;
        for (const std::string& k : keys) {
          row.emplace_back(k);
        }
        row.emplace_back(m.name);
        row.emplace_back(basis);
        const Value v = value_of(m, *g, l);
        row.push_back(v.ok ? Cell(v.v) : Cell());
        const auto base_period = basis == "prev" ? previous_period(l.query.period, keys.back())
                                                 : year_ago_period(l.query.period, keys.back());
        if (base_period) {
          row.emplace_back(std::in_place_type<std::string>, *base_period);
        } else {
          row.emplace_back();
        }
        const Group* base = nullptr;
        if (base_period) {
          std::vector<std::string> bk = keys;
          bk.back() = *base_period;
          const auto it = index.find(bk);
          base = it == index.end() ? nullptr : it->second;
        }
        const Value bv = base ? value_of(m, *base, l) : Value{};
        row.push_back(bv.ok ? Cell(bv.v) : Cell());
        const bool both = v.ok && bv.ok;
        row.push_back(both ? Cell(v.v - bv.v) : Cell());
        row.push_back(both && bv.v != 0 ? Cell((v.v - bv.v) / std::fabs(bv.v)) : Cell());
        const auto p = both ? p_value(m, *g, *base, l) : std::nullopt;
        row.push_back(p ? Cell(*p) : Cell());
        row.emplace_back();  // q_value, below
        row.emplace_back(false);
        if (p) {
          families[{m.name, basis}].emplace_back(t.rows.size(), *p);
        }
        t.rows.push_back(std::move(row));
      }
    }
  }
  add_q_values(t, families, 1 - view.ci);
  return t;
}

Table terms_table(const Aggregator& agg, const View& view) {
  const Layout& l = agg.layout();
  Table t;
  t.name = "terms";
  for (const std::string& k : l.key_columns()) {
    t.columns.push_back(make_column(k, ColumnType::text, true));
  }
  t.columns.push_back(make_column("rank", ColumnType::integer));
  t.columns.push_back(make_column("term", ColumnType::text));
  t.columns.push_back(make_column("rows", ColumnType::integer));
  t.columns.push_back(make_column("share", ColumnType::number));
  std::vector<const Group*> order;
  for (const Group& g : agg.groups()) {
    order.push_back(&g);
  }
  std::sort(order.begin(), order.end(), [](const Group* a, const Group* b) { return a->keys < b->keys; });
  for (const Group* g : order) {
    std::vector<std::pair<std::string, std::int64_t>> terms(g->terms.begin(), g->terms.end());
    std::sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    const std::int64_t n = g->counts[Layout::kRows];
    for (std::size_t i = 0; i < terms.size() && i < view.terms_top; ++i) {
      std::vector<Cell> row;
      for (const std::string& k : g->keys) {
        row.emplace_back(k);
      }
      row.emplace_back(static_cast<std::int64_t>(i + 1));
      row.emplace_back(terms[i].first);
      row.emplace_back(terms[i].second);
      row.emplace_back(static_cast<double>(terms[i].second) / static_cast<double>(std::max<std::int64_t>(n, 1)));
      t.rows.push_back(std::move(row));
    }
  }
  return t;
}

}  // namespace fbkit::stats
