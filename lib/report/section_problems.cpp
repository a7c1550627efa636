#include <algorithm>

#include "report/sections.hpp"

namespace fbkit::report {

Query issues_query(const Periods& p, std::vector<std::string> filters) {
  Query q;
  q.and_where = std::move(filters);
  q.by = {"issue"};
  q.period = p.current.kind;
  q.from = p.trend_from;
  q.to = p.current.to;
  q.metrics = {stats::Metric::share, stats::Metric::csat};
  return q;
}

bool problem_issue(const Frame& f, const std::string& issue) {
  const std::vector<std::string>& skip = f.cfg.not_problems;
  const auto skipped = [&](const std::string& s) { return std::find(skip.begin(), skip.end(), s) != skip.end(); };
  const auto cat = f.names.issue_category.find(issue);
  const std::string category = cat == f.names.issue_category.end() ? "" : cat->second;
  return !issue.empty() && issue != f.names.no_text && !skipped(category) && !skipped(issue);
}

std::vector<std::string> top_issues(const Frame& f, const Json& issues) {
  std::vector<std::pair<std::int64_t, std::string>> ranked;
  for (const Json& r : issues["metrics"]) {
    if (!f.in_period(r)) {
      continue;
    }
    const std::string is = r["issue"].get<std::string>();
    if (!problem_issue(f, is)) {
      continue;
    }
    ranked.emplace_back(-r["n"].get<std::int64_t>(), is);
  }
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string> top;
  for (std::size_t i = 0; i < ranked.size() && static_cast<int>(i) < f.cfg.top_issues; ++i) {
    top.push_back(ranked[i].second);
  }
  return top;
}

Query no_text_query(const Periods& p, std::vector<std::string> filters) {
  Query q;
  q.from = p.current.from;
  q.to = p.current.to;
  q.metrics = {stats::Metric::share};
  q.and_where = std::move(filters);
  return q;
}

void add_no_text(Json& section, const Json* block, std::int64_t under_issues) {
  if (block == nullptr || !section.contains("rows")) {
    return;
  }
  const Json& rows = (*block)["metrics"];
  section["rows"]["no_text"] = {{"n", rows.empty() ? Json(0) : rows[0]["n"]},
                                {"where", where_of((*block)["args"])},
                                {"under_issues", under_issues}};
}

Json where_of(const Json& args) {
  Json where = Json::array();
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--where") {
      where.push_back(args[i + 1]);
    }
  }
  return where;
}

Json problem_rows(const Frame& f, const Json& args) {
  // The definition in words (tone.hpp), and the --where of the issues query
  // (stats block "issues") that counted them.
  const Json where = where_of(args);
  const bool by_tone = f.ctx.has("sentiment") || f.ctx.has("score_overall");
  return {{"definition", by_tone ? f.cfg.label("problem_rows") : f.cfg.label("problem_rows_all")},
          {"where", where},
          {"examples_order", f.cfg.label("examples_order")}};
}

namespace {

Json problem(const Frame& f, const std::string& is, const Json& row, const std::map<std::string, Json>& changes,
             const RowFacts& facts) {
  const auto cat = f.names.issue_category.find(is);
  Json item = {{"issue", is},
               {"label", f.names.issue(is)},
               {"category", cat != f.names.issue_category.end() ? cat->second : ""},
               {"n", row["n"]},
               {"share", row["share"]}};
  const auto c = changes.find(is);
  for (const char* k : {"previous_share", "change", "p_value", "q_value", "significant"}) {
    item[k] = c != changes.end() ? c->second[k] : Json(nullptr);
  }
  if (const auto a = facts.affected.find(is); a != facts.affected.end() && a->second.rows > 0) {
    const auto rows = static_cast<double>(a->second.rows);
    if (facts.knows_new) {
      item["new_share"] = static_cast<double>(a->second.new_customers) / rows;
    }
    if (facts.knows_high_value) {
      item["high_value_share"] = static_cast<double>(a->second.high_value) / rows;
    }
  }
  const auto cand = facts.candidates.find(is);  // ranked by the scan (examples.hpp)
  item["examples"] = cand == facts.candidates.end() ? Json::array() : pick_examples(cand->second, f.cfg.examples);
  return item;
}

}  // namespace

Json problems_section(const Frame& f, const Json* issues, const std::vector<std::string>& top, const RowFacts& facts) {
  Json problems = Json::object();
  if (issues == nullptr) {
    problems["note"] = "no issue column: run fbkit classify before fbkit report";
    problems["issues"] = Json::array();
    return problems;
  }
  const std::map<std::string, Json> changes = share_change_cells((*issues)["metrics"], "issue", f.periods);
  Json list = Json::array();
  for (const std::string& is : top) {
    const Json* row = nullptr;
    for (const Json& x : (*issues)["metrics"]) {
      if (f.in_period(x) && x["issue"] == is) {
        row = &x;
      }
    }
    if (row != nullptr) {  // always: `top` comes from these rows
      list.push_back(problem(f, is, *row, changes, facts));
    }
  }
  problems["issues"] = list;
  std::int64_t rows_n = 0;  // every problem row of the period, listed or not (the shares' whole)
  for (const Json& x : (*issues)["metrics"]) {
    rows_n += f.in_period(x) ? x["n"].get<std::int64_t>() : 0;
  }
  problems["rows_n"] = rows_n;
  if (list.empty() && rows_n > 0) {
    // Rows that express a problem, all under an issue that is none (other, praise, a
    // suggestion): said with their issues, not "no row expresses a problem".
    Json unlisted = Json::array();
    for (const Json& x : (*issues)["metrics"]) {
      if (f.in_period(x) && x["n"].get<std::int64_t>() > 0) {
        const std::string is = x["issue"].get<std::string>();
        unlisted.push_back({{"issue", is}, {"label", f.names.issue(is)}, {"n", x["n"]}});
      }
    }
    problems["unlisted"] = unlisted;
  }
  problems["rows"] = problem_rows(f, (*issues)["args"]);
  return problems;
}

}  // namespace fbkit::report
