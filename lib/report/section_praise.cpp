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
  Json list = Json::array(), mentioned = Json::array();
  for (const auto& [minus_n, is] : ranked) {
    const bool problem = problem_issue(f, is);
    Json& to = problem ? mentioned : list;
    if (static_cast<int>(to.size()) == kPraiseListed) {
      continue;
    }
    const Json* row = find_row(praise["metrics"], "issue", is);
    Json item = {{"issue", is}, {"label", f.names.issue(is)}, {"n", (*row)["n"]}, {"share", (*row)["share"]}};
    if (!problem) {
      const auto cand = facts.praise.find(is);
      item["examples"] = cand == facts.praise.end() ? Json::array() : pick_examples(cand->second, 1);
    }
    to.push_back(std::move(item));
  }
  const Json rows = {{"definition", f.cfg.label("praise_rows")}, {"where", where_of(praise["args"])}};
  return {{"issues", list}, {"mentioned", mentioned}, {"rows", rows}};
}

}  // namespace fbkit::report
