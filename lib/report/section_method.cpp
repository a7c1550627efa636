#include "report/sections.hpp"

namespace fbkit::report {

Json method_section(Json quality) {
  Json method = Json::object();
  method["definitions"] = {
      {"csat", "share of score_overall 4-5 among rows with a score"},
      {"low_rate", "share of score_overall 1-2"},
      {"nps", "share of nps_score 9-10 minus share 0-6"},
      {"closure_rate", "completed + closed over all rows"},
      {"overdue", "not_started or in_progress, with due_at before the as-of time"},
      {"significant",
       "the period against the period before (and a year before): means by Welch's t-test, CSAT, low-score and "
       "other rates by the two-proportion z-test, NPS by a z-test; the period's tests of all metrics are one "
       "Benjamini-Hochberg family, significant when q is below 0.05 (stats --compare --fdr-family period); no test "
       "when a "
       "side has fewer than min_n answers, too few events or no variance (shown as –). Shares of channels and "
       "issues: two-proportion z-test per group, Benjamini-Hochberg across the groups"},
      {"source", "every number of this report is a `fbkit stats` result; the stats arguments are in the JSON form"}};
  method["quality"] = std::move(quality);
  return method;
}

}  // namespace fbkit::report
