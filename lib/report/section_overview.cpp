// The report's header, the trend query every section reads, and the overview.
#include <fmt/core.h>

#include <algorithm>

#include "report/sections.hpp"
#include "stats/tests.hpp"

namespace fbkit::report {

void Alerts::add(std::string breach, std::string line) {
  breaches.push_back(std::move(breach));
  lines.push_back(std::move(line));
}

std::string percent(double v) {
  return fmt::format("{:.1f}%", v * 100);
}

Json header_section(const Frame& f, const std::string& lang) {
  const Period& p = f.periods.current;
  Json header = {{"title", f.cfg.label("title")},
                 {"lang", lang},
                 {"period",
                  {{"kind", std::string(stats::period_kind_name(p.kind))},
                   {"key", p.key},
                   {"from", stats::format_seconds(p.from)},
                   {"to", stats::format_seconds(p.to)},
                   {"previous", f.periods.previous}}},
                 {"as_of", stats::format_seconds(f.ctx.as_of)}};
  Json inputs = Json::array();
  for (const std::string& in : f.ctx.named) {
    inputs.push_back(in);
  }
  header["inputs"] = inputs;
  return header;
}

Query trend_query(const Periods& p, const std::string& volumes) {
  Query q;
  q.period = p.current.kind;
  q.from = p.from;
  q.to = p.current.to;
  q.compare = true;
  q.volumes = volumes;
  return q;
}

Query channels_query(const Periods& p) {
  Query q;
  q.by = {"channel"};
  q.period = p.current.kind;
  q.from = period_of(p.current.kind, p.previous).from;
  q.to = p.current.to;
  q.metrics = {stats::Metric::share};
  return q;
}

namespace {

// Rows per group of `key_col` in the period `period` of a by-period table.
std::map<std::string, std::int64_t> counts_in(const Json& rows, const std::string& key_col, const std::string& period) {
  std::map<std::string, std::int64_t> out;
  for (const Json& r : rows) {
    if (r.value("period", "") == period) {
      out[r[key_col].get<std::string>()] = r["n"].get<std::int64_t>();
    }
  }
  return out;
}

}  // namespace

// The share changes of the groups of a by-period table between the period and the one before.
std::map<std::string, Json> share_change_cells(const Json& rows, const std::string& key_col, const Periods& p) {
  std::map<std::string, Json> out;
  for (const auto& [k, c] :
       stats::share_changes(counts_in(rows, key_col, p.current.key), counts_in(rows, key_col, p.previous))) {
    out[k] = {{"previous_share", c.previous_share},
              {"change", c.change},
              {"p_value", c.p_value},
              {"q_value", c.q_value},
              {"significant", c.significant}};
  }
  return out;
}

Json overview_section(const Frame& f, const Json& trend, const Json* channels,
                      const std::map<std::string, double>& invitations) {
  const Periods& p = f.periods;
  const Json* cur = find_row(trend["metrics"], "period", p.current.key);
  const Json* prev = find_row(trend["metrics"], "period", p.previous);
  Json overview = Json::object();
  overview["n"] = cur != nullptr ? (*cur)["n"] : Json(0);
  overview["previous_n"] = prev != nullptr ? (*prev)["n"] : Json(0);
  if (channels == nullptr) {
    return overview;
  }
  const std::map<std::string, Json> changes = share_change_cells((*channels)["metrics"], "channel", p);
  Json rows = Json::array();
  for (const Json& r : (*channels)["metrics"]) {
    if (r["period"] != p.current.key) {
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
