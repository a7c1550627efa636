// The report's stats queries, planned from the columns the data has: which
// query answers which section, and every answer by name for the model's "stats".
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "report/query.hpp"
#include "report/report.hpp"
#include "report/sections.hpp"
#include "report/user_files.hpp"

namespace fbkit::report {

// The stats queries of every section, in the order they were always run (the
// first that cannot be answered names its error), and where each answer is.
struct Plan {
  std::vector<Query> queries;
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t trend = kNone, channels = kNone, issues = kNone, status = kNone, departments = kNone, agents = kNone,
              due_in_period = kNone;
  std::vector<std::size_t> agent_windows;  // one query per window tried; `agents` is the one shown
  std::vector<std::size_t> improvements;   // before, after of each
  std::string department;                  // the departments query's column
  // summary, kpi and sentiment mix
  std::size_t sentiment = kNone, urgency = kNone;

  std::size_t praise = kNone, urgent = kNone;                   // #16: what customers like, urgent items
  std::size_t praise_aspects = kNone;                           // the same rows by praise_aspect, when the data has it
  std::size_t no_text_problem = kNone, no_text_praise = kNone;  // rows with no words, by their score

  std::size_t add(Query q) {
    queries.push_back(std::move(q));
    return queries.size() - 1;
  }
};

// The queries of a report over `f`: only the metrics the data has the columns
// for; without dates (f.periods untimed) every query over every row, and no
// improvement actions.
Plan plan_queries(const Frame& f, const Options& options, const std::vector<Improvement>& improvements);

// Every stats result the model rests on, by name, in the model's order.
Json stats_blocks(const Plan& plan, const std::vector<Answer>& answers);

}  // namespace fbkit::report
