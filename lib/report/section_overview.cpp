#include <algorithm>

#include "report/sections.hpp"

namespace fbkit::report {

Query channels_query(const Periods& p) {
  Query q;
  q.by = {"channel"};
  q.period = p.current.kind;
  q.from = period_of(p.current.kind, p.previous).from;
  q.to = p.current.to;
  q.metrics = {stats::Metric::share};
  return q;
}

Json overview_section(const Frame& f, const Json& trend, const Json* channels,
                      const std::map<std::string, double>& invitations) {
  const Periods& p = f.periods;
  const Json* cur = f.current_row(trend["metrics"]);
  const Json* prev = p.timed ? find_row(trend["metrics"], "period", p.previous) : nullptr;
  Json overview = Json::object();
  overview["n"] = cur != nullptr ? (*cur)["n"] : Json(0);
  overview["previous_n"] = prev != nullptr ? (*prev)["n"] : p.timed ? Json(0) : Json(nullptr);
  if (channels == nullptr) {
    return overview;
  }
  const std::map<std::string, Json> changes = share_change_cells((*channels)["metrics"], "channel", p);
  Json rows = Json::array();
  for (const Json& r : (*channels)["metrics"]) {
    if (!f.in_period(r)) {
      continue;
    }
    const std::string code = r["channel"].get<std::string>();
    Json row = {{"channel", code}, {"label", f.names.code("channel", code)}, {"n", r["n"]}, {"share", r["share"]}};
    const auto c = changes.find(code);
    for (const char* k : {"previous_share", "change", "p_value", "q_value", "significant"}) {
      row[k] = c != changes.end() ? c->second[k] : Json(nullptr);
    }
    if (const auto it = invitations.find(code); it != invitations.end() && it->second > 0) {
      row["invitations"] = it->second;
      row["response_rate"] = r["n"].get<double>() / it->second;
    }
    rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Json& a, const Json& b) { return a["n"] > b["n"]; });
  overview["channels"] = rows;
  return overview;
}

}  // namespace fbkit::report
