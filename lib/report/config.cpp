#include "report/config.hpp"

#include <fmt/core.h>

#include "classify/packs.hpp"
#include "config/yaml.hpp"
#include "core/diagnostics.hpp"
#include "stats/labels.hpp"

namespace fbkit::report {

namespace {

// Reads report.yaml (the built-in file under the user's); every mistake is
// recorded in `diag`, and the load ends at one checkpoint, like the other loaders.
class Reader {
public:
  Reader(Config& c, const std::string& lang, Diagnostics& diag) : m_c(c), m_lang(lang), m_diag(diag) {}

  void read(const yaml::Node& root) {
    if (!yaml::check_map(root, {"version", "targets", "sections", "not_problems", "actions", "labels"}, m_diag)) {
      return;
    }
    targets(root["targets"]);
    sections(root["sections"]);
    m_diag.attempt([&] { m_c.not_problems = root.strings("not_problems"); });
    actions(root["actions"]);
    labels(root["labels"]);
  }

private:
  void number(const yaml::Node& n, std::string_view key, double& out) {
    m_diag.attempt([&] { out = n.required_number(key); });
  }

  void targets(const yaml::Node& t) {
    if (!yaml::check_section(
            t, {"csat", "dimension_mean", "median_resolution_hours", "overdue", "revisit_rate", "overdue_scope"},
            m_diag)) {
      return;
    }
    number(t, "csat", m_c.csat_target);
    number(t, "dimension_mean", m_c.dimension_target);
    number(t, "median_resolution_hours", m_c.resolution_target_hours);
    number(t, "overdue", m_c.overdue_target);
    number(t, "revisit_rate", m_c.revisit_target);
    m_diag.attempt([&] {
      m_c.overdue_scope = t.str("overdue_scope", m_c.overdue_scope);
      if (m_c.overdue_scope != "period" && m_c.overdue_scope != "backlog") {
        t["overdue_scope"].fail("expected period or backlog");
      }
    });
  }

  void sections(const yaml::Node& s) {
    if (!yaml::check_section(
            s,
            {"top_issues", "examples_per_issue", "trend_periods", "trend_issues", "oldest_overdue", "vague_listed",
             "agents_min_n", "agents_listed", "agents_window_days", "improvement_days"},
            m_diag)) {
      return;
    }
    const auto get = [&](std::string_view key, int& value, int lo, int hi) {
      m_diag.attempt([&] {
        const std::int64_t v = s.required_integer(key);
        if (v < lo || v > hi) {
          s[key].fail(fmt::format("expected a whole number from {} to {}", lo, hi));
        }
        value = static_cast<int>(v);
      });
    };
    get("top_issues", m_c.top_issues, 1, 50);
    get("examples_per_issue", m_c.examples, 0, 20);
    get("trend_periods", m_c.trend_periods, 2, 120);
    get("trend_issues", m_c.trend_issues, 0, 20);
    get("oldest_overdue", m_c.oldest_overdue, 0, 1000);
    get("vague_listed", m_c.vague_listed, 0, 1000);
    get("agents_min_n", m_c.agents_min_n, 1, 1000000);
    get("agents_listed", m_c.agents_listed, 0, 10000);
    get("agents_window_days", m_c.agents_window_days, 1, 3660);
    get("improvement_days", m_c.improvement_days, 1, 366);
  }

  void actions(const yaml::Node& actions) {
    std::vector<yaml::KeyedEntry> entries;
    if (actions.is_null() || !m_diag.attempt([&] { entries = actions.keyed_entries(); })) {
      return;
    }
    for (const yaml::KeyedEntry& e : entries) {
      const yaml::Node v = actions[e.key];  // the user's entry laid over the built-in one
      if (!yaml::check_map(v, {"zh", "en", "days"}, m_diag)) {
        continue;
      }
      Config::Action& a = m_c.actions[e.key];
      m_diag.attempt([&] { a.days = static_cast<int>(v.integer("days", a.days)); });
      const yaml::Node text = v[m_lang];
      if (yaml::check_section(text, {"action", "expected"}, m_diag)) {
        m_diag.attempt([&] { a.action = text.str("action", a.action); });
        m_diag.attempt([&] { a.expected = text.str("expected", a.expected); });
      }
    }
  }

  void labels(const yaml::Node& all) {
    const yaml::Node labels = all[m_lang];
    if (labels.is_null()) {
      yaml::record(m_diag, all, "no labels for --lang " + m_lang);
      return;
    }
    std::vector<yaml::KeyedEntry> entries;
    m_diag.attempt([&] { entries = labels.keyed_entries(); });
    for (const yaml::KeyedEntry& e : entries) {
      m_diag.attempt([&] { m_c.labels[e.key] = e.value.str(); });
    }
  }

  Config& m_c;
  const std::string& m_lang;
  Diagnostics& m_diag;
};

}  // namespace

std::string Config::label(const std::string& key) const {
  const auto it = labels.find(key);
  return it == labels.end() ? key : it->second;
}

Config load_config(const config::Store& store, const std::string& lang) {
  Config c;
  const config::Document doc = store.get("report.yaml");
  Diagnostics diag(doc.origin);
  diag.attempt([&] { Reader(c, lang, diag).read(yaml::Node::parse_over(config::Store().get("report.yaml"), doc)); });
  diag.checkpoint();
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

std::string Names::department(const std::string& value) const {
  return value.empty() ? blank : code("route_department", value);  // (未填) / (blank), as every table shows it
}

Names load_names(const config::Store& store, const std::string& lang, const std::string& blank,
                 const stats::Labels* labels) {
  Names n;
  n.blank = blank;
  n.silence = classify::load_sentiment_settings(store.get("sentiment.yaml"));
  // labels.yaml: the same labels stats --lang shows (every mistake at once).
  n.codes = labels != nullptr ? labels->values(lang) : stats::Labels::load(store).values(lang);
  // The rules' names alone: no words, no patterns (a user's classify.yaml is checked whole all the same).
  classify::Names names = classify::load_names(store);
  const classify::RuleSet& rules = names.rules;
  n.no_text = rules.no_text_issue;
  for (const classify::Category& c : rules.categories) {
    n.categories[c.id] = lang == "zh" ? c.zh : c.en;
  }
  std::vector<classify::Issue> issues = rules.issues;
  for (classify::Issue& i : names.pack_issues) {  // a packed classify's issues (配送慢 ...)
    issues.push_back(std::move(i));
  }
  for (const classify::Issue& i : issues) {
    n.issues[i.id] = lang == "zh" ? (i.zh.empty() ? i.id : i.zh) : (i.en.empty() ? i.id : i.en);
    n.issue_category[i.id] = i.category;
    n.issue_department[i.id] = i.department;
  }
  std::map<std::string, int> category_side;  // #16: which side a matched rule takes
  for (const classify::Category& c : rules.categories) {
    category_side[c.id] = c.id == "praise" || c.sentiment == "positive" ? 1 : c.sentiment == "negative" ? -1 : 0;
  }
  for (const classify::Rule& r : rules.rules) {
    const auto c = n.issue_category.find(r.issue);
    n.rule_side[r.id] = c == n.issue_category.end() ? 0 : category_side[c->second];
  }
  return n;
}

}  // namespace fbkit::report
