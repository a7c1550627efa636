// Which sections the data can make: each section's needed columns, checked
// once, and the line that says why a section is left out.
#include <algorithm>

#include "report/sections.hpp"

namespace fbkit::report {

const std::vector<SectionNeeds>& section_needs() {
  // Append a line for a new section; the order is the order of the lines shown.
  static const std::vector<SectionNeeds> needs = {
      {"satisfaction", {{{"score_*", "nps_score"}, "no_score_column"}}},
      {"problems", {{{"issue"}, "no_issue_column"}}},
      {"trends", {{{"received_at"}, "no_time_column"}}},
      {"followup", {{{"status"}, "no_status_column"}}},
      {"agents", {{{"agent_id"}, "no_agent_column"}, {{"score_overall"}, "no_score_column"}}},
      {"actions", {{{"issue"}, "no_issue_column"}}},
      // The tiles compare the period with the one before; the summary says what it can
      // without dates (section_summary.cpp).
      {"kpi", {{{"received_at"}, "no_time_column"}}},
      // Problems are complaints: what customers like, urgent items (#16).
      {"urgent", {{{"urgency"}, "no_urgency_column"}}},
      {"praise", {{{"issue"}, "no_issue_column"}, {{"sentiment", "score_overall"}, "no_tone_column"}}},
  };
  return needs;
}

namespace {

bool present(const Context& ctx, const std::string& column) {
  if (column == "received_at") {
    return ctx.untimed.empty();  // every input needs it, not only the first
  }
  if (!column.empty() && column.back() == '*') {
    return ctx.has_prefix(std::string_view(column).substr(0, column.size() - 1));
  }
  return ctx.has(column);
}

}  // namespace

Omissions::Omissions(const Context& ctx, const Config& cfg) {
  for (const SectionNeeds& s : section_needs()) {
    for (const Need& need : s.needs) {
      if (std::any_of(need.columns.begin(), need.columns.end(),
                      [&](const std::string& c) { return present(ctx, c); })) {
        continue;
      }
      // The column is there but holds no date: say that, not that it is missing.
      const std::string why = ctx.undated && need.why == "no_time_column" ? "no_dates" : need.why;
      m_json.push_back({{"section", s.section},
                        {"needs", need.columns},
                        {"why", why},
                        {"line", cfg.label(s.section) + cfg.label("omitted_colon") + cfg.label(why)}});
      break;
    }
  }
}

bool Omissions::left_out(const std::string& section) const {
  return std::any_of(m_json.begin(), m_json.end(), [&](const Json& o) { return o["section"] == section; });
}

}  // namespace fbkit::report
