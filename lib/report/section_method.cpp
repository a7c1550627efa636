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
       "means, CSAT, low-score rate: Welch's t-test or two-proportion z-test at 95% (stats --compare); shares of "
       "channels and issues: two-proportion z-test per group, Benjamini-Hochberg across the groups"},
      {"source", "every number of this report is a `fbkit stats` result; the stats arguments are in the JSON form"}};
  method["quality"] = std::move(quality);
  return method;
}

}  // namespace fbkit::report
