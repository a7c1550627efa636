// The report's settings (report.yaml) and the names it shows for codes, issues
// and categories (labels.yaml, classify.yaml). Every default is in the built-in
// config/report.yaml; a user's report.yaml (--config DIR) is laid over it, so a
// key it leaves out keeps the built-in value.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "classify/sentiment.hpp"
#include "config/config.hpp"
#include "stats/labels.hpp"

namespace fbkit::report {

// The settings of report.yaml (no C++ defaults: the built-in file holds them).
struct Config {
  double csat_target = 0;
  double dimension_target = 0;
  double resolution_target_hours = 0;
  double overdue_target = 0;
  std::string overdue_scope = "period";  // the overdue alert counts: period (items due in it) or backlog (all)
  double revisit_target = 0;
  int top_issues = 0;
  int examples = 0;
  int trend_periods = 0;
  int trend_issues = 0;
  int oldest_overdue = 0;
  int vague_listed = 0;
  int agents_min_n = 0;
  int agents_listed = 0;
  int agents_window_days = 0;
  int improvement_days = 0;
  std::vector<std::string> not_problems;  // categories or issues left out of the core problems
  struct Action {
    std::string action, expected;
    int days = 30;  // an action drafted without `days` (the built-in drafts all say 30 or more)
  };
  std::map<std::string, Action> actions;  // issue -> the draft in the report's language
  std::map<std::string, std::string> labels;

  // The page's word for `key` in the report's language (the key itself when none).
  std::string label(const std::string& key) const;
};

// The built-in report.yaml, then the store's one over it when it differs.
// ConfigError FILE:LINE:COL for a mistake.
Config load_config(const config::Store& store, const std::string& lang);

// Labels of codes (labels.yaml) and of issues and categories (classify.yaml).
struct Names {
  std::map<std::string, std::map<std::string, std::string>> codes;  // family -> code -> label
  std::map<std::string, std::string> issues, categories, issue_category, issue_department;
  std::string blank;    // the label of an empty value
  std::string no_text;  // classify's issue of a row with no words (settings.no_text_issue): neither problem nor praise
  // sentiment.yaml: silence.says_nothing() is classify's test of a cell with no words (empty, a
  // placeholder, punctuation alone); a ticked problem type can still give such a row an issue
  // (counted under it, never quoted)
  classify::SentimentSettings silence;
  // classify rule id -> the side its category takes: 1 praise (category praise,
  // or sentiment positive), -1 complaint (sentiment negative), 0 neither (#16)
  std::map<std::string, int> rule_side;

  // The label of a code of `family` ("channel", "status", "score"); the code when unknown.
  std::string code(const std::string& family, const std::string& value) const;
  // The label of an issue; its id when unknown.
  std::string issue(const std::string& id) const;
  // The label of a department (labels.yaml's route_department, whichever column
  // it came from); a department it does not list as it is, "" as `blank`.
  std::string department(const std::string& value) const;
};

// `blank` is the label shown for an empty value; `labels`: the store's labels.yaml
// when the caller has read it already (else it is read here).
Names load_names(const config::Store& store, const std::string& lang, const std::string& blank,
                 const stats::Labels* labels = nullptr);

}  // namespace fbkit::report
