// The sections of the report's model, one function (and one file,
// section_<name>.cpp) each: the stats queries a section asks, and its part of
// the model built from their answers. build() (report.cpp) runs every query in
// one reading of the inputs and calls the sections in the model's order.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "report/config.hpp"
#include "report/context.hpp"
#include "report/query.hpp"
#include "report/report.hpp"
#include "report/rows.hpp"
#include "report/user_files.hpp"

namespace fbkit::report {

// What every section reads.
struct Frame {
  const Config& cfg;
  const Names& names;
  const Periods& periods;
  const Context& ctx;
};

// Missed targets: stable codes for standard error, and the same in the report's words.
struct Alerts {
  std::vector<std::string> breaches;
  Json lines = Json::array();
  void add(std::string breach, std::string line);
};

// "12.3%".
std::string percent(double v);

// The change of each group's share of rows of a by-period table between the
// period and the one before (stats::share_changes), as model cells.
std::map<std::string, Json> share_change_cells(const Json& rows, const std::string& key_col, const Periods& p);

// report: title, language, period, as-of time, inputs.
Json header_section(const Frame& f, const std::string& lang);

// Every metric per period over the trend window and the year before (sections
// overview, satisfaction, trends and followup read it).
Query trend_query(const Periods& p, const std::string& volumes);

// overview: volume, and the channels' shares with their change and response rates.
Query channels_query(const Periods& p);
Json overview_section(const Frame& f, const Json& trend, const Json* channels,
                      const std::map<std::string, double>& invitations);

// satisfaction: each score dimension's mean, CSAT, low-score rate and NPS
// against targets and the period before.
Json satisfaction_section(const Frame& f, const Json& trend, Alerts& alerts);

// problems: the top issues by rows in the period (not_problems left out), their
// change in share, who is affected, example comments.
Query issues_query(const Periods& p);
std::vector<std::string> top_issues(const Frame& f, const Json& issues);
Json problems_section(const Frame& f, const Json* issues, const std::vector<std::string>& top, const RowFacts& facts);

// trends: volume, CSAT (and complaints per 1,000 orders) over the window, the
// top issues' counts, the user's events.
Json trends_section(const Frame& f, const Json& trend, const Json* issues, const std::vector<std::string>& top,
                    const std::vector<Event>& events, bool volumes);

// followup: the closed loop in the period, statuses, open and overdue items by
// department, improvements, the oldest overdue items, vague feedback.
Query status_query(const Periods& p);
// route_department, else department, else "" (no department section).
std::string department_column(const Context& ctx);
Query departments_query(const std::string& column);
struct FollowupInput {
  const Json& trend;
  const Json* status = nullptr;
  const Json* departments = nullptr;  // with its column, department_column()
  std::string department;
  const Json* improvements = nullptr;  // improvements_section, with --improvements
  const RowFacts& facts;
};
Json followup_section(const Frame& f, const FollowupInput& in, Alerts& alerts);

// followup.improvements: the issue's scores in the days before an action and
// after it, and the test of the CSAT change.
Query improvement_query(const Improvement& imp, bool after, int days, std::int64_t as_of);
Json improvement_item(const Frame& f, const Improvement& imp, const Answer& before, const Answer& after);

// agents: ranked by mean score, those with too few answers after them.
// The windows tried, in days, shortest first; the first in which 2 x
// agents_listed agents can be ranked is shown (else the longest).
std::vector<int> agents_windows(const Config& cfg);
std::size_t agents_ranked(const Json& agents);
Query agents_query(const Periods& p, const Config& cfg, int days);
Json agents_section(const Frame& f, const Json& agents, int days);

// actions: the improvement plan drafted for the top issues.
Json actions_section(const Frame& f, const std::vector<std::string>& top);

// method: the definitions in the report's language and the data quality summaries.
Json method_section(const Config& cfg, Json quality);

}  // namespace fbkit::report
