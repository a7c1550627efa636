#include <fmt/core.h>

#include "report/sections.hpp"

namespace fbkit::report {

Json actions_section(const Frame& f, const std::vector<std::string>& top) {
  Json actions = Json::array();
  int y = 0, m = 0, d = 0;
  for (const std::string& is : top) {
    const auto a = f.cfg.actions.find(is);
    const bool drafted = a != f.cfg.actions.end();
    const int days = drafted ? a->second.days : Config::Action{}.days;
    const std::int64_t end = f.periods.timed ? f.periods.current.to : f.ctx.as_of;  // no period: from the as-of day
    stats::civil_from_days(end / 86400 + days, y, m, d);
    const auto dept = f.names.issue_department.find(is);
    const std::string department = dept != f.names.issue_department.end() ? dept->second : "";
    actions.push_back(
        {{"issue", is},
         {"label", f.names.issue(is)},
         {"department", department},
         {"department_label", f.names.department(department)},
         {"action", !drafted || a->second.action.empty() ? f.cfg.label("to_be_decided") : a->second.action},
         {"deadline", fmt::format("{:04d}-{:02d}-{:02d}", y, m, d)},
         {"expected", drafted ? a->second.expected : ""}});
  }
  return actions;
}

}  // namespace fbkit::report
