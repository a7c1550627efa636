#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "report/sections.hpp"

namespace fbkit::report {

namespace {

const Json kNoChanges = Json::array();

// The changes table of the trend query (none without received_at).
const Json& changes_of(const Json& trend) {
  return trend.contains("changes") ? trend["changes"] : kNoChanges;
}

// Fewer answers than stats' min_n: shown, marked, never alerted.
bool small_n(const Frame& f, const Json& n) {
  return n.is_number() && n.get<std::int64_t>() > 0 && n.get<std::int64_t>() < f.ctx.settings.min_n;
}

// previous value, change, p and significance of a metric against the period before.
void add_change(Json& x, const Json* c, const char* previous) {
  x[previous] = c != nullptr ? (*c)["base_value"] : Json(nullptr);
  x["change"] = c != nullptr ? (*c)["change"] : Json(nullptr);
  x["p_value"] = c != nullptr ? (*c)["p_value"] : Json(nullptr);
  x["q_value"] = c != nullptr ? (*c)["q_value"] : Json(nullptr);
  // Untested (too few answers or events, no variance): neither significant nor not.
  x["significant"] = c != nullptr && (*c)["p_value"].is_number() ? (*c)["significant"] : Json(nullptr);
  x["test_note"] = c != nullptr ? (*c)["test_note"] : Json(nullptr);
}

// One score dimension's mean against its target; `weakest` collects the means of the others.
Json dimension(const Frame& f, const std::string& h, const Json& trend, Alerts& alerts,
               std::vector<std::pair<double, std::string>>& weakest) {
  const std::string& key = f.periods.current.key;
  const Json* cur = f.current_row(trend["metrics"]);
  const std::string col = h + "_mean";
  const double mean = number(cur, col);
  const double target = f.cfg.dimension_target;
  Json d = {{"column", h}, {"label", f.names.code("score", h)}, {"n", cur != nullptr ? (*cur)[h + "_n"] : Json(0)}};
  d["mean"] = std::isnan(mean) ? Json(nullptr) : Json(mean);
  d["mean_lo"] = cur != nullptr && cur->contains(col + "_lo") ? (*cur)[col + "_lo"] : Json(nullptr);
  d["mean_hi"] = cur != nullptr && cur->contains(col + "_hi") ? (*cur)[col + "_hi"] : Json(nullptr);
  d["target"] = target;
  add_change(d, find_change(changes_of(trend), col, "prev", key), "previous_mean");
  d["low_n"] = small_n(f, d["n"]);
  if (!std::isnan(mean)) {  // n = 0: no mean, no "met": the forms say "no data"
    const bool met = std::round(mean * 100) >= std::round(target * 100);
    d["met"] = met;
    if (!met && !d["low_n"].get<bool>()) {
      alerts.add(fmt::format("{} {:.2f} < {:.2f}", col, mean, target),
                 fmt::format("{} {:.2f} < {:.2f}", f.names.code("score", h), mean, target));
    }
    if (h != "score_overall") {
      weakest.emplace_back(mean, f.names.code("score", h));
    }
  }
  return d;
}

}  // namespace

Json satisfaction_section(const Frame& f, const Json& trend, Alerts& alerts) {
  const std::string& key = f.periods.current.key;
  const Json* cur = f.current_row(trend["metrics"]);
  Json sat = Json::object();
  Json dims = Json::array();
  std::vector<std::pair<double, std::string>> weakest;
  for (const std::string& h : f.ctx.header) {
    if (h.rfind("score_", 0) == 0) {
      dims.push_back(dimension(f, h, trend, alerts, weakest));
    }
  }
  std::sort(weakest.begin(), weakest.end());
  Json weak = Json::array();
  for (std::size_t i = 0; i < weakest.size() && i < 3; ++i) {
    weak.push_back(weakest[i].second);
  }
  sat["dimensions"] = dims;
  sat["weakest"] = weak;
  for (const char* m : {"csat", "low_rate", "nps"}) {
    const double v = number(cur, m);
    if (std::isnan(v)) {
      continue;
    }
    Json x = {{"value", v}, {"lo", (*cur)[std::string(m) + "_lo"]}, {"hi", (*cur)[std::string(m) + "_hi"]}};
    add_change(x, find_change(changes_of(trend), m, "prev", key), "previous");
    const Json* y = find_change(changes_of(trend), m, "yoy", key);
    x["year_ago"] = y != nullptr ? (*y)["base_value"] : Json(nullptr);
    if (std::string(m) == "csat") {
      const double target = f.cfg.csat_target;
      x["target"] = target;
      const bool met = std::round(v * 1000) >= std::round(target * 1000);
      x["met"] = met;
      x["n"] = value_or_null(cur, "score_overall_n");
      x["low_n"] = small_n(f, x["n"]);
      if (!met && !x["low_n"].get<bool>()) {
        alerts.add(fmt::format("csat {} < {}", percent(v), percent(target)),
                   fmt::format("{} {} < {}", f.cfg.label("csat"), percent(v), percent(target)));
      }
    }
    sat[m] = x;
  }
  return sat;
}

}  // namespace fbkit::report
