// The rules of a `fbkit classify` run (cmd_classify_rules.cpp).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "classify/classify.hpp"
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
  // The pack --pack names (not auto): its `model` is the run's; null without one.
  const config::Document* pack() const { return m_pack ? &*m_pack : nullptr; }
  // Whether the pack is detected from the first rows (--pack auto): detector() then gives the sentiment too.
  bool detects() const { return !m_packs.empty(); }
  // For RunOptions::choose_rules: detects a pack from the first rows, says so
  // on standard error and gives its rules and the sentiment `load` gives for
  // it (for no pack: load(nullptr)); empty unless --pack is auto.
  using LoadSentiment = std::function<classify::Sentiment(const config::Document* pack)>;
  std::function<classify::RunOptions::Chosen(const std::string&, const std::string&)> detector(LoadSentiment load);

private:
  config::Store m_store;
  config::Document m_doc;
  std::optional<config::Document> m_pack;
  classify::RuleSet m_rules;
  std::optional<classify::Sentiment> m_sentiment;  // of the detected pack
  std::vector<classify::PackInfo> m_packs;
  std::optional<classify::RuleSet> m_detected;
};

// --check-rules FILE (a rule file, or a domain pack laid on the built-in rules): every mistake, then the shadowed-rule
// warnings, then a summary; exit 2 on a mistake.
int run_classify_check(const std::string& file);

}  // namespace fbkit::cmd
