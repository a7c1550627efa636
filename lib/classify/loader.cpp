#include "classify/loader.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "config/yaml.hpp"
#include "core/strings.hpp"

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

// "base.key", the key path of a child.
std::string join_path(const std::string& base, const std::string& key) {
  return base.empty() ? yaml::path_key(key) : base + "." + yaml::path_key(key);
}

// The place and text of a ConfigError from the YAML layer, whose message is
// Location::str() + ": " + what ("FILE:LINE:COL: what" or "FILE: what").
RuleError parse_error(const std::string& message, const std::string& origin) {
  RuleError e{Location{origin, 0, 0}, message};
  const std::string file = e.where.str();
  if (message.rfind(file + ":", 0) != 0) {
    return e;
  }
  std::size_t pos = file.size();
  std::int64_t numbers[2] = {0, 0};
  for (std::int64_t& n : numbers) {
    const std::size_t digits = message.find_first_not_of("0123456789", pos + 1);
    if (message[pos] != ':' || digits == pos + 1 || digits == std::string::npos) {
      break;
    }
    n = std::strtoll(message.c_str() + pos + 1, nullptr, 10);
    pos = digits;
  }
  if (numbers[1] == 0) {
    numbers[0] = 0;  // a place is either whole or absent
    pos = file.size();
  }
  if (message.compare(pos, 2, ": ") == 0) {
    e.where.line = numbers[0];
    e.where.col = numbers[1];
    e.what = message.substr(pos + 2);
  }
  return e;
}

// Builds a RuleSet from the YAML tree, interning every phrase once. A mistake
// is recorded and loading goes on with the next key, list item or rule; what
// a broken part would have contributed is left out.
class Loader {
public:
  Loader(RuleSet& out, std::vector<RuleError>& errors) : m_out(out), m_errors(errors) {}

  void load(const yaml::Node& root) {
    if (!check_map(root, {"version", "settings", "categories", "negation", "masks", "mask_regex", "sentiment", "rules",
                          "urgency"})) {
      return;
    }
    std::int64_t version = 1;
    if (attempt([&] { version = root.integer("version", 1); }) && version != 1) {
      error(root["version"], "only version 1 is understood");
    }
    load_settings(root["settings"]);
    const std::size_t before = m_errors.size();
    for (const yaml::Node& c : complete_items(root["categories"])) {
      load_category(c);
    }
    if (m_out.categories.empty()) {
      m_taxonomy_complete = false;  // or every rule would name an unknown issue
      if (m_errors.size() == before) {
        error(root["categories"], "at least one category with its issues is required");
      }
    }
    const yaml::Node neg = root["negation"];
    if (neg.is_null() || check_map(neg, {"cues", "breaks", "max_gap"})) {
      std::int64_t gap = 5;
      if (attempt([&] { gap = neg.integer("max_gap", 5); }) && gap < 0) {
        error(neg["max_gap"], "expected a number of characters >= 0");
      }
      m_out.negation_max_gap = static_cast<int>(gap);
      add_literals(neg["cues"], kRoleCue);
      add_literals(neg["breaks"], kRoleBreak);
    }
    add_literals(root["masks"], kRoleMask);
    for (const yaml::Node& r : items(root["mask_regex"])) {
      add_regex(r, kRoleMask);
    }
    const yaml::Node sent = root["sentiment"];
    if (sent.is_null() || check_map(sent, {"positive", "negative", "turns"})) {
      m_out.lexicon.positive = add_literals(sent["positive"], kRolePhrase);
      m_out.lexicon.negative = add_literals(sent["negative"], kRolePhrase);
      add_literals(sent["turns"], kRoleTurn);
    }
    std::size_t order = 0;
    for (const yaml::Node& r : items(root["rules"])) {
      load_rule(r, false, order++);
    }
    for (const yaml::Node& r : items(root["urgency"])) {
      load_rule(r, true, order++);
    }
    // Higher priority first; the file order breaks ties (first match wins).
    std::stable_sort(m_out.rules.begin(), m_out.rules.end(),
                     [](const Rule& a, const Rule& b) { return a.priority > b.priority; });
    if (m_fallback && m_taxonomy_complete && m_out.find_issue(m_out.fallback_issue) == nullptr &&
        m_out.fallback_issue != "other") {
      error(*m_fallback, "no issue " + quote_value(m_out.fallback_issue) + " in the categories");
    }
  }

private:
  // Records a mistake at `at`, as at.fail(what) would report it.
  void error(const yaml::Node& at, const std::string& what) {
    m_errors.push_back(RuleError{at.location(), at.path().empty() ? what : at.path() + ": " + what});
  }

  // Runs one step of loading; a ConfigError it throws is recorded. Whether it succeeded.
  template <class Step>
  bool attempt(Step&& step) {
    try {
      step();
      return true;
    } catch (const ConfigError& e) {
      m_errors.push_back(parse_error(e.what(), m_out.origin));
      return false;
    }
  }

  // The items of a list (none for null); records anything else.
  std::vector<yaml::Node> items(const yaml::Node& list) {
    std::vector<yaml::Node> out;
    attempt([&] { out = list.items(); });
    return out;
  }

  // items() of a list of categories or issues; a mistake means some issue ids are unknown.
  std::vector<yaml::Node> complete_items(const yaml::Node& list) {
    std::vector<yaml::Node> out;
    m_taxonomy_complete = attempt([&] { out = list.items(); }) && m_taxonomy_complete;
    return out;
  }

  // Records unless `n` is a mapping, then each key that is not text or (unless
  // `any_key`) not in `allowed`. False when `n` is no mapping (its keys cannot be read).
  bool check_map(const yaml::Node& n, std::initializer_list<std::string_view> allowed, bool any_key = false) {
    if (!attempt([&] { n.expect_map(); }) || !attempt([&] { n.expect_some_key(allowed); })) {
      return false;
    }
    for (const auto& kv : n.raw()) {
      const YAML::Node& key = kv.first;
      if (key.IsMap() || key.IsSequence()) {
        error(yaml::Node(key, n.origin(), n.path()),
              std::string("expected a text key, found ") + (key.IsMap() ? "a mapping" : "a list"));
        continue;
      }
      const std::string name = key.as<std::string>();
      if (!any_key && std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        std::string list;
        for (const std::string_view a : allowed) {
          list += (list.empty() ? "" : ", ") + std::string(a);
        }
        error(yaml::Node(key, n.origin(), join_path(n.path(), name)), "unknown key (allowed here: " + list + ")");
      }
    }
    return true;
  }

  void load_settings(const yaml::Node& s) {
    if (s.is_null() ||
        !check_map(s, {"high_value_share", "urgent_sla_hours", "fallback_issue", "ignore_case", "whole_words"})) {
      return;
    }
    attempt([&] { m_out.ignore_case = s.boolean("ignore_case", true); });
    attempt([&] { m_out.whole_words = s.boolean("whole_words", true); });
    if (attempt([&] { m_out.high_value_share = s.number("high_value_share", 0.2); }) &&
        (m_out.high_value_share < 0 || m_out.high_value_share > 1)) {
      error(s["high_value_share"], "expected a share between 0 and 1");
    }
    if (attempt([&] { m_out.urgent_sla_hours = s.number("urgent_sla_hours", 0); }) && m_out.urgent_sla_hours < 0) {
      error(s["urgent_sla_hours"], "expected hours >= 0");
    }
    if (attempt([&] { m_out.fallback_issue = s.str("fallback_issue", "other"); })) {
      m_fallback = s["fallback_issue"];
    }
  }

  // The id of `n`, checked to be well-formed and new in its namespace; empty when it is not well-formed.
  std::string load_id(const yaml::Node& n, const char* what) {
    std::string id;
    if (!attempt([&] { id = n.required_str("id"); })) {
      return "";
    }
    if (id.empty() || id.find_first_of(" ;,\t\n\"") != std::string::npos) {
      error(n["id"], std::string("a ") + what + " id must be non-empty without spaces, ';' or ','");
      return "";
    }
    // Categories, issues and rules each have their own namespace.
    const auto [it, fresh] = m_ids.emplace(std::string(what) + ":" + id, n["id"].location());
    if (!fresh) {
      error(n["id"], std::string("duplicate ") + what + " id " + quote_value(id) + " (first defined at " +
                         it->second.str() + ")");
    }
    return id;
  }

  void load_category(const yaml::Node& n) {
    const std::size_t before = m_errors.size();
    if (!check_map(n, {"id", "zh", "en", "urgency", "sentiment", "issues"})) {
      m_taxonomy_complete = false;
      return;
    }
    // A misspelt key may be `issues`.
    m_taxonomy_complete = m_taxonomy_complete && m_errors.size() == before;
    Category c;
    c.id = load_id(n, "category");
    attempt([&] { c.zh = n.str("zh", c.id); });
    attempt([&] { c.en = n.str("en", c.id); });
    if (attempt([&] { c.urgency = n.str("urgency", ""); }) && !c.urgency.empty() && c.urgency != "info" &&
        c.urgency != "normal" && c.urgency != "urgent") {
      error(n["urgency"], "expected urgent, normal or info, found " + quote_value(c.urgency));
    }
    if (attempt([&] { c.sentiment = n.str("sentiment", ""); }) && !c.sentiment.empty() && c.sentiment != "negative" &&
        c.sentiment != "neutral" && c.sentiment != "positive") {
      error(n["sentiment"], "expected negative, neutral or positive, found " + quote_value(c.sentiment));
    }
    c.where = n.location();
    for (const yaml::Node& i : complete_items(n["issues"])) {
      load_issue(i, c.id);
    }
    m_out.categories.push_back(std::move(c));
  }

  void load_issue(const yaml::Node& i, const std::string& category) {
    if (!check_map(i, {"id", "zh", "en", "department", "sla_hours"})) {
      m_taxonomy_complete = false;
      return;
    }
    Issue issue;
    issue.id = load_id(i, "issue");
    attempt([&] { issue.zh = i.str("zh", issue.id); });
    attempt([&] { issue.en = i.str("en", issue.id); });
    issue.category = category;
    attempt([&] { issue.department = i.str("department", ""); });
    if (attempt([&] { issue.sla_hours = i.number("sla_hours", 0); }) && issue.sla_hours < 0) {
      error(i["sla_hours"], "expected hours >= 0");
    }
    issue.where = i.location();
    if (issue.id.empty()) {
      m_taxonomy_complete = false;  // a rule may name the issue meant here
      return;
    }
    m_issue_ids.insert(issue.id);
    m_out.issues.push_back(std::move(issue));
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

  // The phrases of a list (or of one text), interned; a broken or repeated one is recorded and left out.
  std::vector<int> add_literals(const yaml::Node& list, std::uint8_t role) {
    std::vector<int> out;
    std::set<int> listed;  // the same as `out` (a search of it per phrase was quadratic in a long list)
    for (const yaml::Node& n : list.is_scalar() ? std::vector<yaml::Node>{list} : items(list)) {
      std::string s;
      if (!attempt([&] { s = n.str(); })) {
        continue;
      }
      if (s.find_first_not_of(" \t\r\n") == std::string::npos) {
        error(n, "an empty phrase matches everything");
        continue;
      }
      // Matching ignores ASCII case (unless turned off), so phrases are kept in lower case.
      std::string folded = s;
      std::transform(folded.begin(), folded.end(), folded.begin(), [&](char ch) {
        return m_out.ignore_case && ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch;
      });
      const int p = intern(std::move(folded), false, role, n);
      if (!listed.insert(p).second) {
        error(n, "phrase " + quote_value(s) + " is listed twice");
        continue;
      }
      out.push_back(p);
    }
    return out;
  }

  // The interned regex, validated with RE2 on its own; -1 (recorded) when it is refused.
  int add_regex(const yaml::Node& n, std::uint8_t role) {
    std::string s;
    if (!attempt([&] { s = n.str(); })) {
      return -1;
    }
    RE2::Options opt;
    opt.set_log_errors(false);
    const RE2 re(s, opt);
    if (!re.ok()) {
      error(n, "invalid regular expression " + quote_value(s) + ": " + excerpt(re.error(), 120));
      return -1;
    }
    if (RE2::PartialMatch("", re)) {
      error(n, "regular expression " + quote_value(s) + " matches the empty text, so it would match every row");
      return -1;
    }
    return intern(s, true, role, n);
  }

  // Adds the condition on `field` to `out`, or records why it cannot be read.
  void load_condition(const std::string& field, const yaml::Node& v, std::vector<Condition>& out) {
    Condition c;
    c.field = field;
    c.where = v.location();
    if (v.is_sequence()) {
      c.op = Condition::Op::in;
      if (!attempt([&] { c.values = v.strings(); })) {
        return;
      }
      if (c.values.empty()) {
        error(v, "an empty list matches no row");
        return;
      }
      out.push_back(std::move(c));
      return;
    }
    std::string s;
    if (!attempt([&] { s = v.str(); })) {
      return;
    }
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
        if (rest.empty() || end != rest.c_str() + rest.size() || !std::isfinite(c.number)) {
          error(v, "expected a number after '" + std::string(sv) + "', found " + quote_value(rest));
          return;
        }
        c.op = op;
        out.push_back(std::move(c));
        return;
      }
    }
    c.op = Condition::Op::glob;
    c.values = {s};
    out.push_back(std::move(c));
  }

  // The conditions of `when`: a mapping of column to condition.
  void load_when(const yaml::Node& when, std::vector<Condition>& out) {
    if (when.is_null() || !check_map(when, {}, true)) {
      return;
    }
    for (const auto& kv : when.raw()) {
      if (!kv.first.IsMap() && !kv.first.IsSequence()) {  // check_map recorded the others
        const std::string field = kv.first.as<std::string>();
        load_condition(field, yaml::Node(kv.second, when.origin(), join_path(when.path(), field), kv.first.Mark()),
                       out);
      }
    }
  }

  // Adds the rule to m_out unless it has a mistake (then it is left out of --check-rules' shadowing warnings too).
  void load_rule(const yaml::Node& n, bool urgency, std::size_t order) {
    const std::size_t before = m_errors.size();
    if (!(urgency ? check_map(n, {"id", "any", "all", "none", "negated", "regex", "when"})
                  : check_map(n, {"id", "issue", "any", "all", "none", "negated", "regex", "when", "priority"}))) {
      return;
    }
    Rule r;
    r.id = load_id(n, "rule");
    r.order = order;
    r.where = n.location();
    if (urgency) {
      r.urgency = "urgent";
    } else {
      // An unknown issue is reported only when every issue could be read: it may be a broken one.
      if (attempt([&] { r.issue = n.required_str("issue"); }) && m_taxonomy_complete &&
          m_issue_ids.count(r.issue) == 0) {
        error(n["issue"], "no issue " + quote_value(r.issue) + " in the categories");
      }
      attempt([&] { r.priority = static_cast<int>(n.integer("priority", 0)); });
    }
    r.any = add_literals(n["any"], kRolePhrase);
    r.all = add_literals(n["all"], kRolePhrase);
    r.none = add_literals(n["none"], kRolePhrase);
    r.negated = add_literals(n["negated"], kRolePhrase);
    const yaml::Node rx = n["regex"];
    for (const yaml::Node& x : rx.is_scalar() ? std::vector<yaml::Node>{rx} : items(rx)) {
      const int p = add_regex(x, kRolePhrase);
      if (p >= 0) {
        r.any.push_back(p);
      }
      r.has_regex = true;
    }
    load_when(n["when"], r.when);
    if (m_errors.size() != before) {
      return;  // a broken list or a mistyped key would make the rule look empty
    }
    if (r.any.empty() && r.all.empty() && r.negated.empty() && r.when.empty()) {
      error(n, "rule " + quote_value(r.id) + " has no any, all, negated, regex or when: it would match every row");
      return;
    }
    (urgency ? m_out.urgency_rules : m_out.rules).push_back(std::move(r));
  }

  RuleSet& m_out;
  std::vector<RuleError>& m_errors;
  std::map<std::string, Location> m_ids;
  std::map<std::pair<bool, std::string>, int> m_patterns;
  std::set<std::string> m_issue_ids;     // of m_out.issues (a search of them per rule was quadratic)
  bool m_taxonomy_complete = true;       // every issue could be read (else an unknown one may be a broken one)
  std::optional<yaml::Node> m_fallback;  // settings.fallback_issue, when it could be read
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

CheckedRules check_rules(const config::Document& doc) {
  CheckedRules out;
  out.rules.origin = doc.origin;
  std::optional<yaml::Node> root;
  try {
    root = yaml::Node::parse(doc);
  } catch (const ConfigError& e) {
    out.errors.push_back(parse_error(e.what(), doc.origin));  // yaml-cpp stops at its first syntax error
    return out;
  }
  if (root->is_null()) {
    out.errors.push_back(RuleError{root->location(), "the rule file is empty"});
    return out;
  }
  Loader(out.rules, out.errors).load(*root);
  std::stable_sort(out.errors.begin(), out.errors.end(), [](const RuleError& a, const RuleError& b) {
    return std::make_pair(a.where.line, a.where.col) < std::make_pair(b.where.line, b.where.col);
  });
  return out;
}

RuleSet load_rules(const config::Document& doc) {
  CheckedRules checked = check_rules(doc);
  if (!checked.errors.empty()) {
    throw ConfigError(checked.errors.front().message());
  }
  return std::move(checked.rules);
}

std::vector<std::string> lint_rules(const RuleSet& rules) {
  // Only a rule with a plain `any` list can shadow another, and only one that
  // has a phrase of the other's `any` or `all`: per phrase, the rules whose
  // `any` has it, in order (comparing every pair of rules was quadratic).
  std::vector<std::vector<std::size_t>> with(rules.patterns.size());
  for (std::size_t i = 0; i < rules.rules.size(); ++i) {
    const Rule& a = rules.rules[i];
    if (a.when.empty() && a.none.empty() && a.all.empty() && a.negated.empty()) {
      for (const int p : a.any) {
        auto& list = with[static_cast<std::size_t>(p)];
        if (list.empty() || list.back() != i) {
          list.push_back(i);
        }
      }
    }
  }
  std::vector<std::string> out;
  for (std::size_t j = 0; j < rules.rules.size(); ++j) {
    const Rule& b = rules.rules[j];
    if (!b.negated.empty()) {
      continue;
    }
    std::size_t first = j;  // the first earlier rule that shadows b
    // One phrase of `all` in the earlier rule's `any` is enough.
    for (const int p : b.all) {
      const auto& list = with[static_cast<std::size_t>(p)];
      first = list.empty() ? first : std::min(first, list.front());
    }
    // Every phrase of `any` must be in it: the candidates are the rules with the rarest one.
    if (!b.any.empty()) {
      const int rarest = *std::min_element(b.any.begin(), b.any.end(), [&](int x, int y) {
        return with[static_cast<std::size_t>(x)].size() < with[static_cast<std::size_t>(y)].size();
      });
      for (const std::size_t i : with[static_cast<std::size_t>(rarest)]) {
        if (i >= first) {
          break;
        }
        if (shadows(rules.rules[i], b)) {
          first = i;
          break;
        }
      }
    }
    if (first == j) {
      continue;
    }
    const Rule& a = rules.rules[first];
    if (a.issue != b.issue) {
      out.push_back(b.where.str() + ": warning: rule " + quote_value(b.id) + " can never decide: rule " +
                    quote_value(a.id) + " (" + a.where.str() + ") comes first and matches every text it matches");
    } else {
      out.push_back(b.where.str() + ": warning: rule " + quote_value(b.id) + " is redundant: rule " +
                    quote_value(a.id) + " (" + a.where.str() + ") assigns the same issue to every text it matches");
    }
  }
  return out;
}

}  // namespace fbkit::classify
