// Reads a classification rule file (YAML) into a validated RuleSet. Every
// mistake is a ConfigError "FILE:LINE:COL: key.path: what".
#pragma once

#include <string>
#include <vector>

#include "classify/model.hpp"
#include "config/config.hpp"

namespace fbkit::classify {

// Parses and validates; throws ConfigError at the first mistake.
RuleSet load_rules(const config::Document& doc);

// Problems that do not stop a run but mean a rule can never decide: a rule
// shadowed by an earlier one (same or wider `any`, no further conditions),
// each as "FILE:LINE:COL: warning: what".
std::vector<std::string> lint_rules(const RuleSet& rules);

}  // namespace fbkit::classify
