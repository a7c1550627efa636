#include "classify/loader.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <set>

#include "config/yaml.hpp"

namespace fbkit::classify {

const Issue* RuleSet::find_issue(const std::string& id) const {
  for (const Issue& i : issues) {
    if (i.id == id) {
      return &i;
    }
  }
  return nullptr;
}

const Category* RuleSet::find_category(const std::string& id) const {
  for (const Category& c : categories) {
    if (c.id == id) {
      return &c;
    }
  }
  return nullptr;
}

namespace {

// Builds a RuleSet from the YAML tree, interning every phrase once.
class Loader {
public:
  explicit Loader(RuleSet& out) : m_out(out) {}

  void load(const yaml::Node& root) {
    root.expect_map(
        {"version", "settings", "categories", "negation", "masks", "mask_regex", "sentiment", "rules", "urgency"});
    const std::int64_t version = root.integer("version", 1);
    if (version != 1) {
      root["version"].fail("only version 1 is understood");
    }
    load_settings(root["settings"]);
    for (const yaml::Node& c : root["categories"].items()) {
      load_category(c);
    }
    if (m_out.categories.empty()) {
      root["categories"].fail("at least one category with its issues is required");
    }
    const yaml::Node neg = root["negation"];
    if (!neg.is_null()) {
      neg.expect_map({"cues", "breaks", "max_gap"});
      m_out.negation_max_gap = static_cast<int>(neg.integer("max_gap", 5));
      if (m_out.negation_max_gap < 0) {
        neg["max_gap"].fail("expected a number of characters >= 0");
      }
    }
    add_literals(neg["cues"], kRoleCue);
    add_literals(neg["breaks"], kRoleBreak);
    add_literals(root["masks"], kRoleMask);
    for (const yaml::Node& r : root["mask_regex"].items()) {
      add_regex(r, kRoleMask);
    }
    const yaml::Node sent = root["sentiment"];
    if (!sent.is_null()) {
      sent.expect_map({"positive", "negative", "turns"});
    }
    m_out.lexicon.positive = add_literals(sent["positive"], kRolePhrase);
    m_out.lexicon.negative = add_literals(sent["negative"], kRolePhrase);
    add_literals(sent["turns"], kRoleTurn);
    std::size_t order = 0;
    for (const yaml::Node& r : root["rules"].items()) {
      m_out.rules.push_back(load_rule(r, false, order++));
    }
    for (const yaml::Node& r : root["urgency"].items()) {
      m_out.urgency_rules.push_back(load_rule(r, true, order++));
    }
    // Higher priority first; the file order breaks ties (first match wins).
    std::stable_sort(m_out.rules.begin(), m_out.rules.end(),
                     [](const Rule& a, const Rule& b) { return a.priority > b.priority; });
    if (m_out.find_issue(m_out.fallback_issue) == nullptr && m_out.fallback_issue != "other") {
      root["settings"]["fallback_issue"].fail("no issue '" + m_out.fallback_issue + "' in the categories");
    }
  }

private:
  void load_settings(const yaml::Node& s) {
    if (s.is_null()) {
      return;
    }
    s.expect_map({"high_value_share", "urgent_sla_hours", "fallback_issue", "ignore_case", "whole_words"});
    m_out.ignore_case = s.boolean("ignore_case", true);
    m_out.whole_words = s.boolean("whole_words", true);
    m_out.high_value_share = s.number("high_value_share", 0.2);
    if (m_out.high_value_share < 0 || m_out.high_value_share > 1) {
      s["high_value_share"].fail("expected a share between 0 and 1");
    }
    m_out.urgent_sla_hours = s.number("urgent_sla_hours", 0);
    if (m_out.urgent_sla_hours < 0) {
      s["urgent_sla_hours"].fail("expected hours >= 0");
    }
    m_out.fallback_issue = s.str("fallback_issue", "other");
  }

  void check_id(const yaml::Node& n, const std::string& id, const char* what) {
    if (id.empty() || id.find_first_of(" ;,\t\n\"") != std::string::npos) {
      n["id"].fail(std::string("a ") + what + " id must be non-empty without spaces, ';' or ','");
    }
    // Categories, issues and rules each have their own namespace.
    const auto [it, fresh] = m_ids.emplace(std::string(what) + ":" + id, n["id"].location());
    if (!fresh) {
      n["id"].fail(std::string("duplicate ") + what + " id '" + id + "' (first defined at " + it->second.str() + ")");
    }
  }

  void load_category(const yaml::Node& n) {
    n.expect_map({"id", "zh", "en", "urgency", "sentiment", "issues"});
    Category c;
    c.id = n.required_str("id");
    check_id(n, c.id, "category");
    c.zh = n.str("zh", c.id);
    c.en = n.str("en", c.id);
    c.urgency = n.str("urgency", "");
    if (!c.urgency.empty() && c.urgency != "info" && c.urgency != "normal" && c.urgency != "urgent") {
      n["urgency"].fail("expected urgent, normal or info, found '" + c.urgency + "'");
    }
    c.sentiment = n.str("sentiment", "");
    if (!c.sentiment.empty() && c.sentiment != "negative" && c.sentiment != "neutral" && c.sentiment != "positive") {
      n["sentiment"].fail("expected negative, neutral or positive, found '" + c.sentiment + "'");
    }
    c.where = n.location();
    for (const yaml::Node& i : n["issues"].items()) {
      i.expect_map({"id", "zh", "en", "department", "sla_hours"});
      Issue issue;
      issue.id = i.required_str("id");
      check_id(i, issue.id, "issue");
      issue.zh = i.str("zh", issue.id);
      issue.en = i.str("en", issue.id);
      issue.category = c.id;
      issue.department = i.str("department", "");
      issue.sla_hours = i.number("sla_hours", 0);
      if (issue.sla_hours < 0) {
        i["sla_hours"].fail("expected hours >= 0");
      }
      issue.where = i.location();
      m_out.issues.push_back(std::move(issue));
    }
    m_out.categories.push_back(std::move(c));
  }

  int intern(std::string text, bool regex, std::uint8_t role, const yaml::Node& at) {
    const auto key = std::make_pair(regex, text);
    const auto it = m_patterns.find(key);
    if (it != m_patterns.end()) {
      m_out.patterns[static_cast<std::size_t>(it->second)].roles |= role;
      return it->second;
    }
    const int index = static_cast<int>(m_out.patterns.size());
    m_out.patterns.push_back(Pattern{std::move(text), regex, role, at.location()});
    m_patterns.emplace(key, index);
    return index;
  }

  int add_literal(const yaml::Node& n, std::uint8_t role) {
    std::string s = n.str();
    if (s.find_first_not_of(" \t\r\n") == std::string::npos) {
      n.fail("an empty phrase matches everything");
    }
    // Matching ignores ASCII case (unless turned off), so phrases are kept in lower case.
    std::transform(s.begin(), s.end(), s.begin(), [&](char ch) {
      return m_out.ignore_case && ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch;
    });
    return intern(std::move(s), false, role, n);
  }

  std::vector<int> add_literals(const yaml::Node& list, std::uint8_t role) {
    std::vector<int> out;
    for (const yaml::Node& n : list.is_scalar() ? std::vector<yaml::Node>{list} : list.items()) {
      const int p = add_literal(n, role);
      if (std::find(out.begin(), out.end(), p) != out.end()) {
        n.fail("phrase '" + n.str() + "' is listed twice");
      }
      out.push_back(p);
    }
    return out;
  }

  int add_regex(const yaml::Node& n, std::uint8_t role) {
    const std::string s = n.str();
    RE2::Options opt;
    opt.set_log_errors(false);
    const RE2 re(s, opt);
    if (!re.ok()) {
      n.fail("invalid regular expression '" + s + "': " + re.error());
    }
    if (RE2::PartialMatch("", re)) {
      n.fail("regular expression '" + s + "' matches the empty text, so it would match every row");
    }
    return intern(s, true, role, n);
  }

  Condition load_condition(const std::string& field, const yaml::Node& v) {
    Condition c;
    c.field = field;
    c.where = v.location();
    if (v.is_sequence()) {
      c.op = Condition::Op::in;
      c.values = v.strings();
      if (c.values.empty()) {
        v.fail("an empty list matches no row");
      }
      return c;
    }
    const std::string s = v.str();
    static const std::pair<const char*, Condition::Op> kOps[] = {{"<=", Condition::Op::le}, {">=", Condition::Op::ge},
                                                                 {"==", Condition::Op::eq}, {"!=", Condition::Op::ne},
                                                                 {"<", Condition::Op::lt},  {">", Condition::Op::gt}};
    for (const auto& [text, op] : kOps) {
      const std::string_view sv(text);
      if (s.rfind(sv, 0) == 0) {
        std::string rest = s.substr(sv.size());
        rest.erase(0, rest.find_first_not_of(' '));
        char* end = nullptr;
        c.number = std::strtod(rest.c_str(), &end);
        if (rest.empty() || end != rest.c_str() + rest.size()) {
          v.fail("expected a number after '" + std::string(sv) + "', found '" + rest + "'");
        }
        c.op = op;
        return c;
      }
    }
    c.op = Condition::Op::glob;
    c.values = {s};
    return c;
  }

  Rule load_rule(const yaml::Node& n, bool urgency, std::size_t order) {
    if (urgency) {
      n.expect_map({"id", "any", "all", "none", "negated", "regex", "when"});
    } else {
      n.expect_map({"id", "issue", "any", "all", "none", "negated", "regex", "when", "priority"});
    }
    Rule r;
    r.id = n.required_str("id");
    check_id(n, r.id, "rule");
    r.order = order;
    r.where = n.location();
    if (urgency) {
      r.urgency = "urgent";
    } else {
      r.issue = n.required_str("issue");
      if (m_out.find_issue(r.issue) == nullptr) {
        n["issue"].fail("no issue '" + r.issue + "' in the categories");
      }
      r.priority = static_cast<int>(n.integer("priority", 0));
    }
    r.any = add_literals(n["any"], kRolePhrase);
    r.all = add_literals(n["all"], kRolePhrase);
    r.none = add_literals(n["none"], kRolePhrase);
    r.negated = add_literals(n["negated"], kRolePhrase);
    const yaml::Node rx = n["regex"];
    for (const yaml::Node& x : rx.is_scalar() ? std::vector<yaml::Node>{rx} : rx.items()) {
      r.any.push_back(add_regex(x, kRolePhrase));
      r.has_regex = true;
    }
    for (const auto& [field, v] : n["when"].entries()) {
      r.when.push_back(load_condition(field, v));
    }
    if (r.any.empty() && r.all.empty() && r.negated.empty() && r.when.empty()) {
      n.fail("rule '" + r.id + "' has no any, all, negated, regex or when: it would match every row");
    }
    return r;
  }

  RuleSet& m_out;
  std::map<std::string, Location> m_ids;
  std::map<std::pair<bool, std::string>, int> m_patterns;
};

bool subset(const std::vector<int>& a, const std::vector<int>& b) {
  return std::all_of(a.begin(), a.end(), [&](int x) { return std::find(b.begin(), b.end(), x) != b.end(); });
}

// Whether `earlier` fires on every row `later` fires on, as far as the phrase
// lists alone can tell (conditions, exclusions and `all` make it undecidable here).
bool shadows(const Rule& earlier, const Rule& later) {
  if (!earlier.when.empty() || !earlier.none.empty() || !earlier.all.empty() || !earlier.negated.empty() ||
      earlier.any.empty() || !later.negated.empty()) {
    return false;
  }
  // `later` needs one of its `any` hits: if all of them are in `earlier.any`, that one fires too.
  if (!later.any.empty() && subset(later.any, earlier.any)) {
    return true;
  }
  // `later` needs every one of its `all` hits: one in `earlier.any` is enough.
  return std::any_of(later.all.begin(), later.all.end(),
                     [&](int p) { return std::find(earlier.any.begin(), earlier.any.end(), p) != earlier.any.end(); });
}

}  // namespace

RuleSet load_rules(const config::Document& doc) {
  RuleSet out;
  out.origin = doc.origin;
  const yaml::Node root = yaml::Node::parse(doc);
  if (root.is_null()) {
    root.fail("the rule file is empty");
  }
  Loader(out).load(root);
  return out;
}

std::vector<std::string> lint_rules(const RuleSet& rules) {
  std::vector<std::string> out;
  for (std::size_t j = 0; j < rules.rules.size(); ++j) {
    for (std::size_t i = 0; i < j; ++i) {
      const Rule& a = rules.rules[i];
      const Rule& b = rules.rules[j];
      if (a.issue != b.issue && shadows(a, b)) {
        out.push_back(b.where.str() + ": warning: rule '" + b.id + "' can never decide: rule '" + a.id + "' (" +
                      a.where.str() + ") comes first and matches every text it matches");
        break;
      }
      if (a.issue == b.issue && shadows(a, b)) {
        out.push_back(b.where.str() + ": warning: rule '" + b.id + "' is redundant: rule '" + a.id + "' (" +
                      a.where.str() + ") assigns the same issue to every text it matches");
        break;
      }
    }
  }
  return out;
}

}  // namespace fbkit::classify
