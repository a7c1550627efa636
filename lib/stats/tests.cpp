#include "stats/tests.hpp"

#include <algorithm>
#include <vector>

#include "stats/metricdefs.hpp"

namespace fbkit::stats {

std::map<std::string, ShareChange> share_changes(const std::map<std::string, std::int64_t>& now,
                                                 const std::map<std::string, std::int64_t>& before) {
  std::int64_t total_now = 0, total_before = 0;
  for (const auto& [k, n] : now) {
    total_now += n;
  }
  for (const auto& [k, n] : before) {
    total_before += n;
  }
  std::map<std::string, ShareChange> out;
  if (total_now == 0 || total_before == 0) {
    return out;
  }
  std::vector<double> p;
  for (const auto& [k, n] : now) {
    const auto b = before.find(k);
    const std::int64_t was = b == before.end() ? 0 : b->second;
    const double share_now = static_cast<double>(n) / static_cast<double>(total_now);
    ShareChange& c = out[k];
    c.previous_share = static_cast<double>(was) / static_cast<double>(total_before);
    c.change = share_now - c.previous_share;
    c.p_value = two_proportion_z(n, total_now, was, total_before).p_value;
    p.push_back(c.p_value);
  }
  const std::vector<double> q = benjamini_hochberg(p);
  std::size_t i = 0;
  for (auto& [k, c] : out) {
    c.q_value = q[i++];
    c.significant = c.q_value < 0.05;
  }
  return out;
}

namespace {

std::optional<Ratio> csat_of(const Aggregator& agg) {
  if (!agg.bound() || agg.groups().empty() || !agg.layout().has(Metric::csat)) {
    return std::nullopt;
  }
  const Layout& l = agg.layout();
  const auto overall = std::find(l.scores.begin(), l.scores.end(), "score_overall");
  if (overall == l.scores.end()) {
    return std::nullopt;
  }
  const Group& g = agg.groups().front();
  const Ratio r = csat_ratio(&g.counts[l.score_at(static_cast<std::size_t>(overall - l.scores.begin()))]);
  return r.n > 0 ? std::optional<Ratio>(r) : std::nullopt;
}

}  // namespace

std::optional<TestResult> csat_test(const Aggregator& a, const Aggregator& b) {
  const std::optional<Ratio> ra = csat_of(a), rb = csat_of(b);
  if (!ra || !rb) {
    return std::nullopt;
  }
  return two_proportion_z(ra->x, ra->n, rb->x, rb->n);
}

}  // namespace fbkit::stats
