// The report's header, and the trend query that overview, satisfaction, trends
// and followup read.
#include "report/sections.hpp"

namespace fbkit::report {

Json header_section(const Frame& f, const std::string& lang) {
  const Period& p = f.periods.current;
  const bool timed = f.periods.timed;  // else kind none, key "all": every row
  Json header = {{"title", f.cfg.label("title")},
                 {"lang", lang},
                 {"period",
                  {{"kind", std::string(stats::period_kind_name(p.kind))},
                   {"key", p.key},
                   {"from", timed ? Json(stats::format_seconds(p.from)) : Json(nullptr)},
                   {"to", timed ? Json(stats::format_seconds(p.to)) : Json(nullptr)},
                   {"previous", timed ? Json(f.periods.previous) : Json(nullptr)}}},
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
  q.family_per_period = true;
  q.volumes = volumes;
  return q;
}

}  // namespace fbkit::report
