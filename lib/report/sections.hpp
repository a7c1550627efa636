// The sections of the report's model, one function (and one file,
// section_<name>.cpp) each: the stats queries a section asks, and its part of
// the model built from their answers. build() (report.cpp) runs every query in
// one reading of the inputs and calls the sections in the model's order.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
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

  // Whether a row of a by-period table is the report period's (every row without received_at).
  bool in_period(const Json& row) const;
  // The ungrouped by-period table's row of the report period (its only row without received_at), or null.
  const Json* current_row(const Json& rows) const;
};

// What a section needs of the data, checked in one place (needs.cpp) before
// any section is made: for each Need, one of `columns` (a name ending in '*' is
// a prefix: "score_*"); else the section is left out of the model and every
// form, with one line saying why (`why`: a key of report.yaml's labels).
struct Need {
  std::vector<std::string> columns;
  std::string why;
};
struct SectionNeeds {
  std::string section;  // the model's key
  std::vector<Need> needs;
};
// Every section's needs (a section that needs nothing has no entry).
const std::vector<SectionNeeds>& section_needs();

// The sections this data cannot make, and why.
class Omissions {
public:
  Omissions(const Context& ctx, const Config& cfg);
  // Whether `section` is left out.
  bool left_out(const std::string& section) const;
  // [{"section", "needs", "why", "line"}] in section_needs' order; the model's "omitted".
  const Json& json() const { return m_json; }

private:
  Json m_json = Json::array();
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
// change in share, who is affected, example comments. `filters` (tone_where)
// keep the rows that express a problem; problems.rows says which (problem_rows).
Query issues_query(const Periods& p, std::vector<std::string> filters = {});
Json problem_rows(const Frame& f, const Json& issues_args);
// The --where conditions of a query's `fbkit stats` arguments.
Json where_of(const Json& args);
// Whether an issue names a problem: not blank, not no_text, neither it nor its
// category in report.yaml's not_problems (praise, other, suggestion).
bool problem_issue(const Frame& f, const std::string& issue);
std::vector<std::string> top_issues(const Frame& f, const Json& issues);
Json problems_section(const Frame& f, const Json* issues, const std::vector<std::string>& top, const RowFacts& facts);
// The period's rows of classify's no_text issue (no words) that `filters`
// (no_text_where) select: counted apart from the problems and the praise.
Query no_text_query(const Periods& p, std::vector<std::string> filters);
// section.rows.no_text: {n, where} from the no_text query's block (none: nothing
// added), and under_issues: the section's rows that say nothing but have another
// issue (RowFacts::wordless_*; the rows tell it, stats does not read texts).
void add_no_text(Json& section, const Json* block, std::int64_t under_issues);

// trends: volume, CSAT (and complaints per 1,000 orders) over the window from
// the period of `first` (the data's first received_at; none: the report period
// alone), the top issues' counts, the user's events.
Json trends_section(const Frame& f, const Json& trend, const Json* issues, const std::vector<std::string>& top,
                    const std::vector<Event>& events, bool volumes, std::optional<std::int64_t> first);

// followup: the closed loop in the period, statuses, open and overdue items by
// department, improvements, the oldest overdue items, vague feedback.
// The period's rows counted by one column (status, urgency): n and share per value.
Query counts_by(const Periods& p, const std::string& column);
// Open and overdue items (by `column` when not "") whose due_at is in the period:
// the period's own overdue items, apart from the whole backlog.
Query due_in_period_query(const Periods& p, const std::string& column);
// route_department, else department, else "" (no department section).
std::string department_column(const Context& ctx);
// Open items by `column`, and overdue ones when `due` (the data has due_at).
Query departments_query(const std::string& column, bool due);
struct FollowupInput {
  const Json& trend;
  const Json* status = nullptr;
  const Json* departments = nullptr;  // with its column, department_column()
  std::string department;
  const Json* due_in_period = nullptr;  // due_in_period_query's answer
  const Json* improvements = nullptr;   // improvements_section, with --improvements
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

// praise (#16): the issues of the praise rows (tone_where) in the
// period, the most frequent first, with one example each; a problem issue
// (problem_issue) of a praise row is a complaint said in a happy review, so it
// is listed apart, under `mentioned` (n and share, no example), never as
// something customers like. With `aspects` (the same rows by praise_aspect,
// whose cells list several aspects, ';'-separated) it also lists what is
// liked by aspect, under `aspects`: each aspect's rows and their share of the
// praise rows (a row liking two aspects counts for both), one example each.
Query praise_query(const Periods& p, std::vector<std::string> filters, const std::string& by = "issue");
Json praise_section(const Frame& f, const Json& praise, const Json* aspects, const RowFacts& facts);

// urgent (#16): the period's rows of urgency "urgent" (threats to go to
// a regulator or the media, safety), open first, with status and department.
Query urgent_query(const Periods& p);
Json urgent_section(const Frame& f, const Json& urgent, const RowFacts& facts);

// method: the definitions in the report's language, the data quality summaries and
// the exports found missing or empty (Options::exports).
// With `ctx`, only the definitions of the figures the data can have (CSAT and
// the low-score rate need score_overall, NPS nps_score, closure status, overdue
// status and due_at, the tests a time column); without, every one.
Json method_section(const Config& cfg, Json quality, const Json& exports = Json::array(), const Context* ctx = nullptr,
                    bool timed = true);

// --- summary, KPI tiles and the sentiment mix (section_summary.cpp, section_kpi.cpp) ---
// Each tile's and each sentence's "sources": the rows of the model's stats
// blocks its numbers were read from ({block, table, where, values}).

// Why a tile is empty: "no COLUMN column in this data", in the report's words.
std::string column_absent(const Frame& f, const std::string& column);

// kpi: volume, CSAT, NPS, low-score rate, closure rate and overdue, each against
// the period before and a year before (counts are not tested; the rates'
// changes are the trend's tests); a tile whose columns are absent says why.
Json kpi_section(const Frame& f, const Json& trend);

// overview.sentiment: the period's positive, neutral and negative shares per
// channel (and of all rows), with n.
Query sentiment_query(const Frame& f);
Json sentiment_mix(const Frame& f, const Json& block);

// summary: 3-6 sentences written from the numbers by rules, in `lang`.
struct SummaryInput {
  const Json& trend;
  const Json* issues = nullptr;    // issues_query's answer, when there is an issue column
  const Json* urgency = nullptr;   // counts_by(urgency)'s answer, when there is an urgency column
  const Json* problems = nullptr;  // the problems section, for data without dates (its top issue)
};
Json summary_section(const Frame& f, const std::string& lang, const SummaryInput& in);

}  // namespace fbkit::report
