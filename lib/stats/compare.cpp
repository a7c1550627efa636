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

// A test's outcome: its two-sided p-value, or why no test was made.
struct Tested {
  std::optional<double> p;
  const char* note = "";  // no_value, no_base, small_n, few_events, zero_variance (docs/metrics.md)
};

// The test of a share: the pooled two-proportion z. Both sides 0% or both 100%
// is a test of no difference (p = 1, entered into Benjamini-Hochberg); otherwise
// the normal approximation needs n >= min_n and at least 5 expected successes and
// failures on each side under the pooled proportion.
Tested share_test(const Ratio& a, const Ratio& b, std::int64_t min_n) {
  if (a.n <= 0 || b.n <= 0) {
    return {std::nullopt, "no_base"};
  }
  if ((a.x == 0 && b.x == 0) || (a.x == a.n && b.x == b.n)) {
    return {1.0, ""};
  }
  if (a.n < min_n || b.n < min_n) {
    return {std::nullopt, "small_n"};
  }
  const double pooled = static_cast<double>(a.x + b.x) / static_cast<double>(a.n + b.n);
  const double smaller = static_cast<double>(std::min(a.n, b.n));
  if (smaller * pooled < 5 || smaller * (1 - pooled) < 5) {
    return {std::nullopt, "few_events"};
  }
  return {two_proportion_z(a.x, a.n, b.x, b.n).p_value, ""};
}

// The test of a difference, or why none applies.
Tested test_of(const Comparable& m, const Group& a, const Group& b, const Layout& l, std::int64_t min_n) {
  switch (m.kind) {
    case Comparable::Kind::share:
      return share_test(m.ratio(a, l), m.ratio(b, l), min_n);
    case Comparable::Kind::mean: {
      const Moments ma = moments(&a.counts[m.at], 1, 5), mb = moments(&b.counts[m.at], 1, 5);
      if (ma.n < std::max<std::int64_t>(min_n, 2) || mb.n < std::max<std::int64_t>(min_n, 2)) {
        return {std::nullopt, "small_n"};
      }
      if (ma.var == 0 && mb.var == 0) {
        return {std::nullopt, "zero_variance"};
      }
      return {welch_t(ma.mean, ma.var, ma.n, mb.mean, mb.var, mb.n).p_value, ""};
    }
    case Comparable::Kind::nps: {
      const Nps na = nps_of(&a.counts[m.at]), nb = nps_of(&b.counts[m.at]);
      if (na.n < std::max<std::int64_t>(min_n, 2) || nb.n < std::max<std::int64_t>(min_n, 2)) {
        return {std::nullopt, "small_n"};
      }
      if (na.se == 0 && nb.se == 0) {
        return {std::nullopt, "zero_variance"};
      }
      return {z_difference(na.value, na.se, nb.value, nb.se).p_value, ""};
    }
  }
  return {};
}

std::vector<Column> changes_columns(const Layout& l) {
  std::vector<Column> c;
  for (const std::string& k : l.key_columns()) {
    c.push_back(make_column(k, ColumnType::text, true));
  }
  for (const char* name : {"metric", "basis"}) {
    c.push_back(make_column(name, ColumnType::text, true));
  }
  c.push_back(make_column("value", ColumnType::number));
  c.push_back(make_column("base_period", ColumnType::text));
  for (const char* name : {"base_value", "change", "change_rel", "p_value", "q_value"}) {
    c.push_back(make_column(name, ColumnType::number));
  }
  c.push_back(make_column("significant", ColumnType::boolean));
  c.push_back(make_column("test_note", ColumnType::text));
  return c;
}

// The rows with a p-value, by the family Benjamini-Hochberg adjusts them in.
using Families = std::map<std::vector<std::string>, std::vector<std::pair<std::size_t, double>>>;

// The base period's group of `keys` (the same keys, the period replaced), if any.
const Group* base_group(const std::map<std::vector<std::string>, const Group*>& index,
                        const std::vector<std::string>& keys, const std::optional<std::string>& base_period) {
  if (!base_period) {
    return nullptr;
  }
  std::vector<std::string> bk = keys;
  bk.back() = *base_period;
  const auto it = index.find(bk);
  return it == index.end() ? nullptr : it->second;
}

// Adjusts each family's p-values and marks the rows whose q is below alpha.
void adjust(Table& t, const Families& families, double alpha) {
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

FdrFamily parse_fdr_family(std::string_view name) {
  if (name == "metric") {
    return FdrFamily::metric;
  }
  if (name == "period") {
    return FdrFamily::period;
  }
  throw UsageError(fmt::format("unknown test family '{}' (metric or period)", name));
}

Table changes_table(const Aggregator& agg, const View& view) {
  const Layout& l = agg.layout();
  if (l.query.period == PeriodKind::none) {
    throw UsageError("--compare needs --period (changes are between periods)");
  }
  Table t;
  t.name = "changes";
  t.columns = changes_columns(l);
  std::map<std::vector<std::string>, const Group*> index;
  for (const Group& g : agg.groups()) {
    index[g.keys] = &g;
  }
  const std::vector<Comparable> metrics = comparables(l);
  const std::vector<std::string> bases =
      l.query.period == PeriodKind::year ? std::vector<std::string>{"prev"} : std::vector<std::string>{"prev", "yoy"};
  const std::int64_t min_n = view.min_n >= 0 ? view.min_n : agg.settings().min_n;
  const FdrFamily family = view.fdr_family ? *view.fdr_family : agg.settings().fdr_family;
  Families families;
  for (const auto& [keys, g] : index) {
    for (const Comparable& m : metrics) {
      for (const std::string& basis : bases) {
        std::vector<Cell> row(keys.begin(), keys.end());
        row.emplace_back(m.name);
        row.emplace_back(basis);
        const Value v = value_of(m, *g, l);
        row.push_back(v.ok ? Cell(v.v) : Cell());
        const auto base_period = basis == "prev" ? previous_period(l.query.period, keys.back())
                                                 : year_ago_period(l.query.period, keys.back());
        row.push_back(base_period ? Cell(*base_period) : Cell());
        const Group* base = base_group(index, keys, base_period);
        const Value bv = base ? value_of(m, *base, l) : Value{};
        row.push_back(bv.ok ? Cell(bv.v) : Cell());
        const bool both = v.ok && bv.ok;
        row.push_back(both ? Cell(v.v - bv.v) : Cell());
        row.push_back(both && bv.v != 0 ? Cell((v.v - bv.v) / std::fabs(bv.v)) : Cell());
        const Tested test = both   ? test_of(m, *g, *base, l, min_n)
                            : v.ok ? Tested{std::nullopt, "no_base"}
                                   : Tested{std::nullopt, "no_value"};
        row.push_back(test.p ? Cell(*test.p) : Cell());
        row.emplace_back();  // q_value, by adjust()
        row.emplace_back(false);
        row.emplace_back(std::string(test.note));
        if (test.p) {
          std::vector<std::string> fk = family == FdrFamily::metric ? std::vector<std::string>{m.name, basis} : keys;
          families[fk].emplace_back(t.rows.size(), *test.p);
        }
        t.rows.push_back(std::move(row));
      }
    }
  }
  adjust(t, families, 1 - view.ci);
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
  t.columns.back().percent = true;
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
