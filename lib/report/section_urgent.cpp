#include "report/sections.hpp"

namespace fbkit::report {

Query urgent_query(const Periods& p) {
  Query q;
  q.from = p.current.from;
  q.to = p.current.to;
  q.where = "urgency=urgent";
  q.metrics = {stats::Metric::share};
  return q;
}

Json urgent_section(const Frame& f, const Json& urgent, const RowFacts& facts) {
  const Json* row = urgent["metrics"].empty() ? nullptr : &urgent["metrics"][0];
  Json items = Json::array();
  for (const Json& x : facts.urgent) {
    Json item = x;
    item["label"] = f.names.issue(x["issue"].get<std::string>());
    item["status_label"] = f.names.code("status", x["status"].get<std::string>());
    item["department_label"] = f.names.department(x["department"].get<std::string>());
    items.push_back(std::move(item));
  }
  // The columns the data has: no column of blanks (an export without dates, status or department).
  const Json has = {{"received_at", f.periods.timed},
                    {"status", f.ctx.has("status")},
                    {"department", f.ctx.has("route_department") || f.ctx.has("department")}};
  return {{"n", row != nullptr ? (*row)["n"] : Json(0)}, {"listed", items.size()}, {"items", items}, {"has", has}};
}

}  // namespace fbkit::report
