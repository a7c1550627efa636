// Reads a classification rule file (YAML) into a validated RuleSet. Every
// mistake is "FILE:LINE:COL: key.path: what"; check_rules() collects all of
// them, load_rules() throws the first.
#pragma once

#include <string>
#include <vector>

#include "classify/model.hpp"
#include "config/config.hpp"
#include "core/error.hpp"

namespace fbkit::classify {

// One mistake in a rule file.
struct RuleError {
  Location where;
  std::string what;  // "key.path: what"

  // "FILE:LINE:COL: key.path: what", the message of the ConfigError load_rules() throws.
  std::string message() const { return where.str() + ": " + what; }
};

// A rule file validated as a whole.
struct CheckedRules {
  RuleSet rules;                  // usable only when `errors` is empty; a rule with a mistake is left out
  std::vector<RuleError> errors;  // every mistake, in file order (line, then column)
};

// Parses and validates the whole file, going on after a mistake with the next
// key, list item or rule; only YAML that does not parse stops it (one error).
// Mistakes that follow from an earlier one (a rule naming an issue whose
// definition is broken) are not reported.
CheckedRules check_rules(const config::Document& doc);

// Parses and validates; throws ConfigError with the first mistake in file order.
RuleSet load_rules(const config::Document& doc);

// Problems that do not stop a run but mean a rule can never decide: a rule
// shadowed by an earlier one (same or wider `any`, no further conditions),
// each as "FILE:LINE:COL: warning: what".
std::vector<std::string> lint_rules(const RuleSet& rules);

}  // namespace fbkit::classify
