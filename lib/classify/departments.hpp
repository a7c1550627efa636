// The one list of department names: clean.yaml's `aliases.department`
// (canonical name: [aliases]). clean writes the canonical name into the
// department column; classify routes to it too, so clean, classify's
// route_department and the report's department table name a department alike
// (售后部 and 售后服务部 are one row).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "classify/model.hpp"
#include "config/config.hpp"

namespace fbkit::classify {

// The department aliases of the store's clean.yaml (the user's over the
// built-in one), keyed by text::normalize_key of each name and alias.
// Entries clean would reject are skipped here (clean names them).
std::map<std::string, std::string> load_departments(const config::Store& store);

// Gives rules the department names: each issue's department becomes its
// canonical name, and the engine maps a row's own department (the fallback
// route) through the same aliases.
void use_departments(RuleSet& rules, const config::Store& store);

// The canonical name of a department, or the name itself when it has none.
std::string_view canonical_department(const RuleSet& rules, std::string_view name);

}  // namespace fbkit::classify
