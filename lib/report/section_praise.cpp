#include <algorithm>
#include <iterator>
#include <map>
#include <set>

#include "core/strings.hpp"
#include "report/sections.hpp"

namespace fbkit::report {

namespace {

constexpr int kPraiseListed = 5;    // issues listed, one example each
constexpr int kAspectsListed = 10;  // aspects listed, one example each

// What is liked by aspect: stats' rows by praise_aspect ("fit;quality") split
// into their aspects, each counted once per row; shares of all praise rows.
Json liked_aspects(const Frame& f, const Json& aspects, const RowFacts& facts, Json& unnamed) {
  std::map<std::string, std::int64_t> n;
  std::int64_t total = 0, none = 0;
  for (const Json& r : aspects["metrics"]) {
    const std::string cell = r["praise_aspect"].get<std::string>();
    const std::int64_t rows = r["n"].get<std::int64_t>();
    total += rows;
    std::set<std::string> seen;  // a row names an aspect once
    any_item(cell, [&](std::string_view aspect) {
      if (!aspect.empty() && seen.emplace(aspect).second) {
        n[std::string(aspect)] += rows;
      }
      return false;
    });
    none += seen.empty() ? rows : 0;
  }
  std::vector<std::pair<std::int64_t, std::string>> ranked;
  for (const auto& [aspect, rows] : n) {
    ranked.emplace_back(-rows, aspect);
  }
  std::sort(ranked.begin(), ranked.end());
  Json list = Json::array();
  std::set<std::string> shown;  // a comment liking two aspects is the example of the first only, when another is there
  for (const auto& [minus_n, aspect] : ranked) {
    if (static_cast<int>(list.size()) == kAspectsListed) {
      break;
    }
    const auto cand = facts.liked.find(aspect);
    std::vector<Example> fresh;
    if (cand != facts.liked.end()) {
      std::copy_if(cand->second.begin(), cand->second.end(), std::back_inserter(fresh),
                   [&](const Example& e) { return shown.count(e.id) == 0; });
    }
    Json examples = pick_examples(fresh.empty() && cand != facts.liked.end() ? cand->second : fresh, 1);
    for (const Json& e : examples) {
      shown.insert(e["feedback_id"].get<std::string>());
    }
    list.push_back({{"aspect", aspect},
                    {"label", f.names.code("praise_aspect", aspect)},
                    {"n", -minus_n},
                    {"share", static_cast<double>(-minus_n) / static_cast<double>(total)},
                    {"examples", std::move(examples)}});
  }
  unnamed = none;
  return list;
}

}  // namespace

Query praise_query(const Periods& p, std::vector<std::string> filters, const std::string& by) {
  Query q;
  q.by = {by};
  q.from = p.current.from;
  q.to = p.current.to;
  q.metrics = {stats::Metric::share};
  q.and_where = std::move(filters);
  return q;
}

Json praise_section(const Frame& f, const Json& praise, const Json* aspects, const RowFacts& facts) {
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
  std::int64_t n = 0;  // the praise rows, whatever their issue
  for (const Json& r : praise["metrics"]) {
    n += r["n"].get<std::int64_t>();
  }
  // By aspect only when a praise row names one: else the table by issue, as
  // without the column (not a count of rows naming none above no table).
  Json unnamed;
  Json liked = aspects != nullptr ? liked_aspects(f, *aspects, facts, unnamed) : Json::array();
  const Json rows = {{"definition", f.cfg.label(liked.empty() ? "praise_rows" : "praise_rows_aspect")},
                     {"where", where_of(praise["args"])},
                     {"n", n}};
  Json section = {{"issues", list}, {"mentioned", mentioned}, {"rows", rows}};
  if (!liked.empty()) {
    section["aspects"] = std::move(liked);
    section["aspects_unnamed"] = std::move(unnamed);
  }
  return section;
}

}  // namespace fbkit::report
