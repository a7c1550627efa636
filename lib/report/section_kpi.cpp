// kpi: the tiles a manager reads first (volume, CSAT, NPS, low-score rate,
// closure rate, overdue), each against the period before and a year before;
// and the sentiment mix per channel of the overview.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/strings.hpp"
#include "report/sections.hpp"
#include "stats/period.hpp"

namespace fbkit::report {

namespace {

// A tile's metric: the trend column, its n column ("" for counts), how it is
// shown, and the columns the data needs for it.
struct TileDef {
  const char* key;
  const char* column;
  const char* n_column;
  const char* unit;  // count, share, points
  std::vector<const char*> needs;
};

const std::vector<TileDef>& tile_defs() {
  static const std::vector<TileDef> defs = {
      {"volume", "n", "n", "count", {}},
      {"csat", "csat", "score_overall_n", "share", {"score_overall"}},
      {"nps", "nps", "nps_n", "points", {"nps_score"}},
      {"low_rate", "low_rate", "score_overall_n", "share", {"score_overall"}},
      {"closure_rate", "closure_rate", "n", "share", {"status"}},
      {"overdue", "overdue", "", "count", {"status", "due_at"}},
  };
  return defs;
}

// A source of a model number: the row of a stats block it was read from.
Json source(const char* block, const char* table, Json where, Json values) {
  return {{"block", block}, {"table", table}, {"where", std::move(where)}, {"values", std::move(values)}};
}

// The change of a tested metric against `basis` ("prev", "yoy") from the trend's changes table.
Json tested_change(const TileDef& d, const Json& trend, const std::string& key, const char* basis, Json& sources) {
  const Json* c = find_change(trend["changes"], d.column, basis, key);
  if (c == nullptr) {
    return {{"period", nullptr},
            {"value", nullptr},
            {"change", nullptr},
            {"significant", nullptr},
            {"test_note", "no_base"}};
  }
  Json x = {{"period", (*c)["base_period"]}, {"value", (*c)["base_value"]}, {"change", (*c)["change"]},
            {"p_value", (*c)["p_value"]},    {"q_value", (*c)["q_value"]},  {"test_note", (*c)["test_note"]}};
  // Untested (too few answers or events, no variance): neither significant nor not.
  x["significant"] = (*c)["p_value"].is_number() ? (*c)["significant"] : Json(nullptr);
  sources.push_back(source("trend", "changes", {{"metric", d.column}, {"basis", basis}, {"period", key}},
                           {{"base_value", x["value"]}, {"change", x["change"]}, {"q_value", x["q_value"]}}));
  return x;
}

// The change of a count against the period `base` (none: no such period): not tested.
Json count_change(const TileDef& d, const Json& trend, const std::optional<std::string>& base, const Json& value,
                  Json& sources) {
  const Json* r = base ? find_row(trend["metrics"], "period", *base) : nullptr;
  Json x = {{"period", base ? Json(*base) : Json(nullptr)}, {"significant", nullptr}, {"test_note", "count"}};
  x["value"] = value_or_null(r, d.column);
  x["change"] = x["value"].is_number() && value.is_number()
                    ? Json(value.get<std::int64_t>() - x["value"].get<std::int64_t>())
                    : Json(nullptr);
  x["change_rel"] = x["change"].is_number() && x["value"].get<double>() > 0
                        ? Json(x["change"].get<double>() / x["value"].get<double>())
                        : Json(nullptr);
  if (r != nullptr) {
    sources.push_back(source("trend", "metrics", {{"period", *base}}, {{d.column, x["value"]}}));
  }
  return x;
}

Json tile(const Frame& f, const TileDef& d, const Json& trend) {
  // The overdue tile counts the period's feedback that is open past due (the
  // trend's overdue), not the items due in the period (the follow-up's alert):
  // its own label says which.
  const std::string name = std::string(d.key) == "overdue" ? "kpi_overdue" : std::string(d.key);
  Json t = {{"key", d.key}, {"label", f.cfg.label(name)}, {"unit", d.unit}};
  for (const char* need : d.needs) {
    if (!f.ctx.has(need)) {
      t["value"] = nullptr;
      t["absent"] = column_absent(f, need);
      return t;
    }
  }
  const std::string& key = f.periods.current.key;
  const Json* cur = find_row(trend["metrics"], "period", key);
  const bool count = std::string(d.unit) == "count";
  // A period without rows has a volume of 0; its other metrics have no value.
  t["value"] = cur == nullptr && count ? Json(0) : value_or_null(cur, d.column);
  t["n"] = *d.n_column == 0 ? Json(nullptr) : cur == nullptr ? Json(0) : value_or_null(cur, d.n_column);
  Json sources = Json::array();
  if (cur != nullptr) {
    Json values = {{d.column, t["value"]}};
    if (*d.n_column != 0) {
      values[d.n_column] = t["n"];
    }
    sources.push_back(source("trend", "metrics", {{"period", key}}, std::move(values)));
  }
  if (count) {
    t["prev"] = count_change(d, trend, f.periods.previous, t["value"], sources);
    t["yoy"] = count_change(d, trend, stats::year_ago_period(f.periods.current.kind, key), t["value"], sources);
  } else {
    t["prev"] = tested_change(d, trend, key, "prev", sources);
    t["yoy"] = tested_change(d, trend, key, "yoy", sources);
  }
  t["sources"] = std::move(sources);
  return t;
}

}  // namespace

std::string column_absent(const Frame& f, const std::string& column) {
  return fill_in(f.cfg.label("no_column"), {column});
}

Json kpi_section(const Frame& f, const Json& trend) {
  Json tiles = Json::array();
  for (const TileDef& d : tile_defs()) {
    tiles.push_back(tile(f, d, trend));
  }
  return {{"tiles", std::move(tiles)}};
}

Query sentiment_query(const Frame& f) {
  Query q;
  if (f.ctx.has("channel")) {
    q.by.emplace_back("channel");
  }
  q.by.emplace_back("sentiment");
  q.from = f.periods.current.from;
  q.to = f.periods.current.to;
  q.metrics = {stats::Metric::share};
  return q;
}

Json sentiment_mix(const Frame& f, const Json& block) {
  static const char* const kinds[] = {"positive", "neutral", "negative"};
  const bool by_channel = f.ctx.has("channel");
  std::map<std::string, std::map<std::string, std::int64_t>> counts;  // channel -> sentiment -> rows
  for (const Json& r : block["metrics"]) {
    const std::string channel = by_channel ? r["channel"].get<std::string>() : "";
    counts[channel][r["sentiment"].get<std::string>()] += r["n"].get<std::int64_t>();
  }
  const auto row = [&](const std::string& code, std::string label, const std::map<std::string, std::int64_t>& c) {
    std::int64_t n = 0;
    for (const auto& [s, k] : c) {
      n += k;
    }
    Json x = {{"channel", code}, {"label", std::move(label)}, {"n", n}};
    for (const char* s : kinds) {
      const auto it = c.find(s);
      const std::int64_t k = it == c.end() ? 0 : it->second;
      x[std::string(s) + "_n"] = k;
      x[s] = n > 0 ? Json(static_cast<double>(k) / static_cast<double>(n)) : Json(nullptr);
    }
    return x;
  };
  Json rows = Json::array();
  std::map<std::string, std::int64_t> all;
  for (const auto& [channel, c] : counts) {
    for (const auto& [s, k] : c) {
      all[s] += k;
    }
    if (by_channel) {
      rows.push_back(row(channel, channel.empty() ? f.names.blank : f.names.code("channel", channel), c));
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Json& a, const Json& b) { return a["n"] > b["n"]; });
  return {{"channels", std::move(rows)}, {"all", row("", f.cfg.label("all"), all)}};
}

}  // namespace fbkit::report
