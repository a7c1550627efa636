#include "report/config.hpp"

#include <fmt/core.h>

#include "classify/loader.hpp"
#include "config/yaml.hpp"

namespace fbkit::report {

namespace {

void apply_targets(const yaml::Node& t, Config& c) {
  if (t.is_null()) {
    return;
  }
  t.expect_map({"csat", "dimension_mean", "median_resolution_hours", "overdue", "revisit_rate"});
  c.csat_target = t.number("csat", c.csat_target);
  c.dimension_target = t.number("dimension_mean", c.dimension_target);
  c.resolution_target_hours = t.number("median_resolution_hours", c.resolution_target_hours);
  c.overdue_target = t.number("overdue", c.overdue_target);
  c.revisit_target = t.number("revisit_rate", c.revisit_target);
}

void apply_sections(const yaml::Node& s, Config& c) {
  if (s.is_null()) {
    return;
  }
  s.expect_map({"top_issues", "examples_per_issue", "trend_periods", "trend_issues", "oldest_overdue", "vague_listed",
                "agents_min_n", "agents_listed", "agents_window_days", "improvement_days"});
  auto get = [&](std::string_view key, int& value, int lo, int hi) {
    const std::int64_t v = s.integer(key, value);
    if (v < lo || v > hi) {
      s[key].fail(fmt::format("expected a whole number from {} to {}", lo, hi));
    }
    value = static_cast<int>(v);
  };
  get("top_issues", c.top_issues, 1, 50);
  get("examples_per_issue", c.examples, 0, 20);
  get("trend_periods", c.trend_periods, 2, 120);
  get("trend_issues", c.trend_issues, 0, 20);
  get("oldest_overdue", c.oldest_overdue, 0, 1000);
  get("vague_listed", c.vague_listed, 0, 1000);
  get("agents_min_n", c.agents_min_n, 1, 1000000);
  get("agents_listed", c.agents_listed, 0, 10000);
  get("agents_window_days", c.agents_window_days, 1, 3660);
  get("improvement_days", c.improvement_days, 1, 366);
}

void apply_actions(const yaml::Node& actions, const std::string& lang, Config& c) {
  for (const yaml::KeyedEntry& e : actions.keyed_entries()) {
    e.value.expect_map({"zh", "en", "days"});
    Config::Action& a = c.actions[e.key];
    a.days = static_cast<int>(e.value.integer("days", a.days));
    const yaml::Node text = e.value[lang];
    if (!text.is_null()) {
      text.expect_map({"action", "expected"});
      a.action = text.str("action", a.action);
      a.expected = text.str("expected", a.expected);
    }
  }
}

void apply(const config::Document& doc, const std::string& lang, Config& c) {
  const yaml::Node root = yaml::Node::parse(doc);
  if (root.is_null()) {
    return;  // an empty file changes nothing
  }
  root.expect_map({"version", "targets", "sections", "not_problems", "actions", "labels"});
  apply_targets(root["targets"], c);
  apply_sections(root["sections"], c);
  if (root.has("not_problems")) {
    c.not_problems = root.strings("not_problems");
  }
  apply_actions(root["actions"], lang, c);
  const yaml::Node labels = root["labels"][lang];
  if (labels.is_null() && c.labels.empty()) {
    root["labels"].fail("no labels for --lang " + lang);
  }
  for (const yaml::KeyedEntry& e : labels.keyed_entries()) {
    c.labels[e.key] = e.value.str();
  }
}

}  // namespace

std::string Config::label(const std::string& key) const {
  const auto it = labels.find(key);
  return it == labels.end() ? key : it->second;
}

Config load_config(const config::Store& store, const std::string& lang) {
  Config c;
  const config::Document builtin = config::Store().get("report.yaml");
  apply(builtin, lang, c);
  const config::Document doc = store.get("report.yaml");
  if (doc.origin != builtin.origin || doc.content != builtin.content) {
    apply(doc, lang, c);
  }
  return c;
}

std::string Names::code(const std::string& family, const std::string& value) const {
  if (value.empty()) {
    return blank;
  }
  const auto f = codes.find(family);
  if (f != codes.end()) {
    const auto it = f->second.find(value);
    if (it != f->second.end()) {
      return it->second;
    }
  }
  return value;
}

std::string Names::issue(const std::string& id) const {
  const auto it = issues.find(id);
  return it == issues.end() ? id : it->second;
}

Names load_names(const config::Store& store, const std::string& lang, const std::string& blank) {
  Names n;
  n.blank = blank;
  const yaml::Node root = yaml::Node::parse(store.get("labels.yaml"));
  for (const yaml::KeyedEntry& family : root.keyed_entries()) {
    for (const yaml::KeyedEntry& code : family.value.keyed_entries()) {
      n.codes[family.key][code.key] = code.value.str(lang, code.key);
    }
  }
  const classify::RuleSet rules = classify::load_rules(store);
  for (const classify::Category& c : rules.categories) {
    n.categories[c.id] = lang == "zh" ? c.zh : c.en;
  }
  for (const classify::Issue& i : rules.issues) {
    n.issues[i.id] = lang == "zh" ? (i.zh.empty() ? i.id : i.zh) : (i.en.empty() ? i.id : i.en);
    n.issue_category[i.id] = i.category;
    n.issue_department[i.id] = i.department;
  }
  return n;
}

}  // namespace fbkit::report
