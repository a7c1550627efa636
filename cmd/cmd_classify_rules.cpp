// The rules of `fbkit classify`: --rules FILE over the built-in classify.yaml,
// a domain pack (--pack NAME|FILE, or detected from the first rows), and
// --check-rules FILE (every mistake and shadowed rule of a rule file).
#include "cmd_classify_rules.hpp"

#include <fmt/core.h>

#include <iostream>

#include "classify/departments.hpp"
#include "classify/loader.hpp"
#include "classify/packs.hpp"
#include "command.hpp"
#include "core/error.hpp"
#include "core/io.hpp"

namespace fbkit::cmd {

namespace {

std::string read_rules(const std::string& path) {
  try {
    return read_file(path);
  } catch (const IoError& e) {
    throw ConfigError(e.what());  // a rule file that cannot be read is a usage error (exit 2)
  }
}

// "FILE:LINE:COL: error: key.path: what" for the first errors, then how many more there are (capped_errors).
std::vector<std::string> error_lines(const classify::CheckedRules& checked, const std::string& origin) {
  std::vector<std::string> messages;
  for (const classify::RuleError& e : checked.errors) {
    messages.push_back(e.where.str() + ": error: " + e.what);
  }
  return capped_errors(messages, origin, checked.omitted);
}

}  // namespace

ClassifyRules::ClassifyRules(const config::Store& store, const std::string& rules, const std::string& pack)
    : m_store(store),
      m_doc(rules.empty() ? store.get("classify.yaml") : config::Document{rules, rules, read_rules(rules)}) {
  // Without a word, no pack: the issue ids of a monthly report must not change
  // with the share of the month's rows that look like one domain.
  const std::string chosen = pack.empty() ? "none" : pack;
  if (chosen == "auto") {
    m_packs = classify::list_packs(store);
  } else {
    m_pack = classify::named_pack(store, chosen);
  }
  m_rules = classify::load_with_pack(m_doc, m_pack ? &*m_pack : nullptr);
  classify::use_departments(m_rules, store);  // route to clean's department names
}

std::function<classify::RunOptions::Chosen(const std::string&, const std::string&)> ClassifyRules::detector(
    LoadSentiment load) {
  if (m_packs.empty()) {
    return nullptr;
  }
  return [this, load = std::move(load)](const std::string& path, const std::string& shown) {
    const classify::Detection d =
        classify::detect_pack(m_packs, classify::sample_texts(path, shown, classify::kDetectRows));
    classify::RunOptions::Chosen chosen;
    if (d.pack != nullptr) {
      m_detected = classify::load_packed(m_doc, d.pack->doc);
      classify::use_departments(*m_detected, m_store);
      chosen.rules = &*m_detected;
    }
    // The pack's model (or the default): only the one used is loaded.
    m_sentiment = load(d.pack != nullptr ? &d.pack->doc : nullptr);
    chosen.sentiment = &*m_sentiment;
    std::cerr << classify::detection_message(d) << '\n';  // found or not: a user who asked for auto is told
    return chosen;
  };
}

int run_classify_check(const std::string& file) {
  // A domain pack is checked as --pack FILE uses it: laid on the built-in rules.
  const config::Document doc{file, file, read_rules(file)};
  const classify::CheckedRules checked = classify::is_pack_file(doc)
                                             ? classify::check_packed(config::Store().get("classify.yaml"), doc)
                                             : classify::check_layered(doc);
  const classify::RuleSet& rules = checked.rules;
  for (const std::string& line : error_lines(checked, file)) {
    fmt::print("{}\n", line);
  }
  // Rules with a mistake are left out: the warnings are about the others.
  const std::vector<std::string> warnings = classify::lint_rules(rules);
  for (const std::string& w : warnings) {
    fmt::print("{}\n", printable_message(w));
  }
  const std::size_t errors = checked.error_count();
  const std::string counts = fmt::format("{} error{}, {} warning{}", errors, errors == 1 ? "" : "s", warnings.size(),
                                         warnings.size() == 1 ? "" : "s");
  if (errors > 0) {
    fmt::print("{}: {}\n", file, counts);
    return kExitUsage;
  }
  fmt::print("{}: {} categories, {} issues, {} rules, {} urgency rules, {} patterns; {}\n", file,
             rules.categories.size(), rules.issues.size(), rules.rules.size(), rules.urgency_rules.size(),
             rules.patterns.size(), counts);
  return 0;
}

}  // namespace fbkit::cmd
