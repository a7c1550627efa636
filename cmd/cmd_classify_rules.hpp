// The rules of a `fbkit classify` run (cmd_classify_rules.cpp).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "classify/model.hpp"
#include "classify/packs.hpp"
#include "config/config.hpp"

namespace fbkit::cmd {

// The rules --rules and --pack name, loaded (ConfigError, exit 2, with every mistake).
class ClassifyRules {
public:
  // `rules`: --rules FILE or empty; `pack`: --pack NAME|FILE|auto|none or empty
  // (auto without --rules, none with it).
  ClassifyRules(const config::Store& store, const std::string& rules, const std::string& pack);
  // The rules when no pack is detected (or none is looked for).
  const classify::RuleSet& rules() const { return m_rules; }
  // For RunOptions::choose_rules: detects a pack from the first rows, says so
  // on standard error and gives its rules; empty unless --pack is auto.
  std::function<const classify::RuleSet*(const std::string&, const std::string&)> detector();

private:
  config::Store m_store;
  config::Document m_doc;
  classify::RuleSet m_rules;
  std::vector<classify::PackInfo> m_packs;
  std::optional<classify::RuleSet> m_detected;
};

// --check-rules FILE: every mistake, then the shadowed-rule warnings, then a summary; exit 2 on a mistake.
int run_classify_check(const std::string& file);

}  // namespace fbkit::cmd
