// A domain pack's `urgent_issue`: the issues of hazards no problem rule named, in the
// pack's own words (taste_poor: food_hygiene, where the base's product_quality, which
// the food pack renames taste_poor, would call a hair in the soup poor taste).
#include "classify/loader_tree.hpp"
#include "core/strings.hpp"

namespace fbkit::classify {

void load_urgent_issue(const yaml::Node& pack, RuleSet& out, Diagnostics& diag) {
  if (!pack.has("urgent_issue")) {
    return;
  }
  std::vector<std::pair<std::string, yaml::Node>> map;
  if (!diag.attempt([&] { map = pack["urgent_issue"].entries(); })) {
    return;
  }
  for (const auto& entry : map) {
    const std::string& from = entry.first;
    const yaml::Node& to_node = entry.second;
    std::string to;
    if (!diag.attempt([&] { to = to_node.str(); })) {
      continue;
    }
    const bool known = out.find_issue(to) != nullptr;
    for (const std::string& id : {from, to}) {
      if (out.find_issue(id) == nullptr) {
        diag.error(to_node.location(), to_node.path() + ": no issue " + quote_value(id) + " in the categories");
      }
    }
    for (Rule& r : out.urgency_rules) {
      r.issue = known && r.issue == from ? to : r.issue;
    }
  }
}

}  // namespace fbkit::classify
