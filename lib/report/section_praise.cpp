#include <algorithm>

#include "report/sections.hpp"

namespace fbkit::report {

namespace {

constexpr int kPraiseListed = 5;  // issues listed, one example each

}  // namespace

Query praise_query(const Periods& p, std::vector<std::string> filters) {
  Query q;
  q.by = {"issue"};
  q.from = p.current.from;
  q.to = p.current.to;
  q.metrics = {stats::Metric::share};
  q.and_where = std::move(filters);
  return q;
}

Json praise_section(const Frame& f, const Json& praise, const RowFacts& facts) {
  std::vector<std::pair<std::int64_t, std::string>> ranked;
  for (const Json& r : praise["metrics"]) {
    const std::string is = r["issue"].get<std::string>();
    if (!is.empty()) {
      ranked.emplace_back(-r["n"].get<std::int64_t>(), is);
    }
  }
  std::sort(ranked.begin(), ranked.end());
  Json list = Json::array();
  for (std::size_t i = 0; i < ranked.size() && static_cast<int>(i) < kPraiseListed; ++i) {
    const std::string& is = ranked[i].second;
    const Json* row = find_row(praise["metrics"], "issue", is);
    const auto cand = facts.praise.find(is);
    list.push_back({{"issue", is},
                    {"label", f.names.issue(is)},
                    {"n", (*row)["n"]},
                    {"share", (*row)["share"]},
                    {"examples", cand == facts.praise.end() ? Json::array() : pick_examples(cand->second, 1)}});
  }
  const Json rows = {{"definition", f.cfg.label("praise_rows")}, {"where", where_of(praise["args"])}};
  return {{"issues", list}, {"rows", rows}};
}

}  // namespace fbkit::report
