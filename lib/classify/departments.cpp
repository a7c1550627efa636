#include "classify/departments.hpp"

#include <vector>

#include "config/yaml.hpp"
#include "core/error.hpp"
#include "text/unicode.hpp"

namespace fbkit::classify {

std::map<std::string, std::string> load_departments(const config::Store& store) {
  std::map<std::string, std::string> out;
  try {
    const yaml::Node root = yaml::Node::parse_over(config::Store().get("clean.yaml"), store.get("clean.yaml"));
    const yaml::Node d = root["aliases"]["department"];
    if (!d.is_map()) {
      return out;
    }
    for (const yaml::KeyedEntry& canonical : d.keyed_entries()) {
      std::vector<std::string> names;
      try {
        names = canonical.value.strings();
      } catch (const ConfigError&) {
        // A malformed alias list: clean reports it.
      }
      names.push_back(canonical.key);
      for (const std::string& name : names) {
        // As in clean: a later file's (the user's) meaning of a name wins.
        out[text::normalize_key(name)] = canonical.key;
      }
    }
  } catch (const ConfigError&) {
    // clean.yaml itself is broken: clean reports it; classify routes by the names as written.
  }
  out.erase("");
  return out;
}

void use_departments(RuleSet& rules, const config::Store& store) {
  rules.departments = load_departments(store);
  for (Issue& issue : rules.issues) {
    issue.department = std::string(canonical_department(rules, issue.department));
  }
}

std::string_view canonical_department(const RuleSet& rules, std::string_view name) {
  if (name.empty() || rules.departments.empty()) {
    return name;
  }
  const auto it = rules.departments.find(text::normalize_key(name));
  return it == rules.departments.end() ? name : std::string_view(it->second);
}

}  // namespace fbkit::classify
