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

#include "classify/loader_tree.hpp"
#include "config/yaml.hpp"
#include "core/strings.hpp"

namespace fbkit::classify {

namespace {

// Builds a RuleSet from the YAML tree, interning every phrase once. A mistake
// is recorded and loading goes on with the next key, list item or rule; what
// a broken part would have contributed is left out.
class Loader {
public:
  Loader(RuleSet& out, Diagnostics& diag, LoadPart part = LoadPart::all) : m_out(out), m_diag(diag), m_part(part) {}

  // The rules of `root`; with `pack` (a domain pack, docs/rules.md "Domain packs") laid on them.
  void load(const yaml::Node& root, const yaml::Node* pack) {
    if (!check_map(root, {"version", "settings", "categories", "negation", "masks", "mask_regex", "sentiment", "rules",
                          "urgency"}) ||
        (pack != nullptr && !check_map(*pack, {"version", "pack", "detect", "issues", "masks", "mask_regex",
                                               "sentiment", "rules", "urgency", "urgent_issue", "model"}))) {
      return;
    }
    std::int64_t version = 1;
    if (attempt([&] { version = root.integer("version", 1); }) && version != 1) {
      error(root["version"], "only version 1 is understood");
    }
    load_settings(root["settings"]);
    m_categories_file = root["categories"].location().file;
    m_pack_file = pack != nullptr ? pack->location().file : std::string();
    const std::size_t before = m_diag.count();
    for (const yaml::Node& c : complete_items(root["categories"])) {
      load_category(c);
    }
    if (m_out.categories.empty()) {
      m_taxonomy_complete = false;  // or every rule would name an unknown issue
      if (m_diag.count() == before) {
        error(root["categories"], "at least one category with its issues is required");
      }
    }
    if (pack != nullptr) {
      for (const yaml::Node& i : complete_items((*pack)["issues"])) {
        load_pack_issue(i);
      }
    }
    if (m_part == LoadPart::taxonomy) {
      return;  // names only: no words, no rules
    }
    if (m_part == LoadPart::names) {
      load_rule_names(root);  // and each rule's id and issue: no words, no patterns
      return;
    }
    const yaml::Node neg = root["negation"];
    if (neg.is_null() || check_map(neg, {"cues", "breaks", "max_gap", "double_after", "double_before"})) {
      std::int64_t gap = 5;
      if (attempt([&] { gap = neg.integer("max_gap", 5); }) && gap < 0) {
        error(neg["max_gap"], "expected a number of characters >= 0");
      }
      m_out.negation_max_gap = static_cast<int>(gap);
      for (const auto& [key, words] : {std::pair{"double_after", &m_out.negation_double_after},
                                       {"double_before", &m_out.negation_double_before}}) {
        attempt([&, key = key, words = words] {
          *words = neg.strings(key);
          if (std::find(words->begin(), words->end(), "") != words->end()) {
            error(neg[key], "expected words, not an empty string");
          }
        });
      }
      add_literals(neg["cues"], kRoleCue);
      add_literals(neg["breaks"], kRoleBreak);
    }
    for (const yaml::Node* words : {&root, pack}) {
      if (words != nullptr) {
        load_words(*words);
      }
    }
    // A pack's rules come before the base's of the same priority: the domain's words decide first.
    std::size_t order = 0;
    for (const yaml::Node* file : {pack, &root}) {
      for (const yaml::Node& r : file != nullptr ? items((*file)["rules"]) : std::vector<yaml::Node>{}) {
        load_rule(r, false, order++);
      }
    }
    for (const yaml::Node* file : {&root, pack}) {
      for (const yaml::Node& r : file != nullptr ? items((*file)["urgency"]) : std::vector<yaml::Node>{}) {
        load_rule(r, true, order++);
      }
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
  // Masks and lexicon words of the base file or of a pack (added to what is there, each once).
  void load_words(const yaml::Node& root) {
    add_literals(root["masks"], kRoleMask);
    for (const yaml::Node& r : items(root["mask_regex"])) {
      add_regex(r, kRoleMask);
    }
    const yaml::Node sent = root["sentiment"];
    if (sent.is_null() || check_map(sent, {"positive", "negative", "turns", "concessions"})) {
      append_new(m_out.lexicon.positive, add_literals(sent["positive"], kRolePhrase | kRolePraise));
      append_new(m_out.lexicon.negative, add_literals(sent["negative"], kRolePhrase));
      add_literals(sent["turns"], kRoleTurn);
      append_new(m_out.lexicon.concessions, add_literals(sent["concessions"], kRolePhrase));
    }
  }

  static void append_new(std::vector<int>& to, const std::vector<int>& more) {
    for (const int p : more) {
      if (std::find(to.begin(), to.end(), p) == to.end()) {
        to.push_back(p);
      }
    }
  }

  // A pack's issue: `base` names the base issue it takes the place of (its rules give
  // the pack's id; category, department, SLA and aspect are kept unless given),
  // `category` the base category a new issue joins.
  void load_pack_issue(const yaml::Node& i) {
    std::string base;
    std::string category;
    if (!check_map(i, {"id", "base", "category", "like", "zh", "en", "department", "sla_hours", "aspect"}) ||
        !attempt([&] { base = i.str("base", ""); }) || !attempt([&] { category = i.str("category", ""); })) {
      m_taxonomy_complete = false;
      return;
    }
    if (base.empty() == category.empty()) {
      error(i, "a pack issue names the base issue it renames (base) or the category it joins (category), one of them");
      m_taxonomy_complete = false;
      return;
    }
    if (!category.empty()) {
      std::string like;  // the base issue it is a kind of, for base-taxonomy measures (eval_labels.py)
      if (m_out.find_category(category) == nullptr) {
        error(i["category"], "no category " + quote_value(category) + " in the base rules");
      }
      if (attempt([&] { like = i.str("like", ""); }) && !like.empty() &&
          m_issue_ids.count(like) + m_renamed.count(like) == 0) {
        error(i["like"], "no issue " + quote_value(like) + " in the base rules");
      }
      load_issue(i, category, true);
      return;
    }
    const auto b = std::find_if(m_out.issues.begin(), m_out.issues.end(), [&](const Issue& x) { return x.id == base; });
    if (b == m_out.issues.end() || base == m_out.praise_issue || base == m_out.fallback_issue ||
        base == m_out.no_text_issue) {
      error(i["base"], b == m_out.issues.end() ? "no issue " + quote_value(base) + " in the base rules"
                                               : "the issue " + quote_value(base) + " of settings cannot be renamed");
      m_taxonomy_complete = false;
      return;
    }
    const std::string id = load_id(i, "issue");
    if (id.empty()) {
      m_taxonomy_complete = false;
      return;
    }
    b->id = id;
    attempt([&] { b->zh = i.str("zh", b->zh); });
    attempt([&] { b->en = i.str("en", b->en); });
    attempt([&] { b->department = i.str("department", b->department); });
    attempt([&] { b->sla_hours = i.number("sla_hours", b->sla_hours); });
    if (i.has("aspect")) {
      load_aspect(i, b->aspect);
    }
    b->where = i.location();
    m_issue_ids.erase(base);
    m_issue_ids.insert(id);
    m_renamed[base] = id;
  }

  // Records a mistake at `at`, as at.fail(what) would report it.
  void error(const yaml::Node& at, const std::string& what) {
    m_diag.error(at.location(), at.path().empty() ? what : at.path() + ": " + what);
  }

  // Runs one step of loading; a ConfigError it throws is recorded. Whether it succeeded.
  template <class Step>
  bool attempt(Step&& step) {
    return m_diag.attempt(std::forward<Step>(step));
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

  bool check_map(const yaml::Node& n, std::initializer_list<std::string_view> allowed, bool any_key = false) {
    return yaml::check_map(n, allowed, m_diag, any_key);
  }

  void load_settings(const yaml::Node& s) {
    if (s.is_null() || !check_map(s, {"high_value_share", "urgent_sla_hours", "fallback_issue", "praise_issue",
                                      "no_text_issue", "ignore_case", "whole_words"})) {
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
    // Named issues missing from the taxonomy are not used (a pack of its own need not have them).
    attempt([&] { m_out.praise_issue = s.str("praise_issue", "praise"); });
    attempt([&] { m_out.no_text_issue = s.str("no_text_issue", "no_text"); });
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

  // An aspect, written to the ';'-separated praise_aspect column.
  void load_aspect(const yaml::Node& n, std::string& out) {
    if (attempt([&] { out = n.str("aspect", ""); }) && out.find_first_of(" ;,\t\n\"") != std::string::npos) {
      error(n["aspect"], "an aspect must be without spaces, ';' or ','");
    }
  }

  void load_category(const yaml::Node& n) {
    const std::size_t before = m_diag.count();
    if (!check_map(n, {"id", "zh", "en", "urgency", "sentiment", "issues"})) {
      m_taxonomy_complete = false;
      return;
    }
    // A misspelt key may be `issues`.
    m_taxonomy_complete = m_taxonomy_complete && m_diag.count() == before;
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

  void load_issue(const yaml::Node& i, const std::string& category, bool in_pack = false) {
    if (!in_pack && !check_map(i, {"id", "zh", "en", "department", "sla_hours", "aspect"})) {
      m_taxonomy_complete = false;
      return;
    }
    Issue issue;
    issue.id = load_id(i, "issue");
    attempt([&] { issue.zh = i.str("zh", issue.id); });
    attempt([&] { issue.en = i.str("en", issue.id); });
    issue.category = category;
    attempt([&] { issue.department = i.str("department", ""); });
    load_aspect(i, issue.aspect);
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

  // Each rule of `root` with its id and issue alone, in file order (LoadPart::names).
  void load_rule_names(const yaml::Node& root) {
    for (const yaml::Node& n : items(root["rules"])) {
      Rule r;
      r.id = load_id(n, "rule");
      r.where = n.location();
      if (attempt([&] { r.issue = n.required_str("issue"); }) && !r.id.empty()) {
        m_out.rules.push_back(std::move(r));
      }
    }
  }

  // A rule's `issue` (the pack's name, if a pack renamed it); whether it was read. An unknown one is a mistake when
  // every issue could be read, but an urgency rule's (optional) is dropped under a higher file's taxonomy.
  bool load_rule_issue(const yaml::Node& n, bool urgency, std::string& issue) {
    const bool read = attempt([&] { issue = urgency ? n.str("issue", "") : n.required_str("issue"); });
    const auto renamed = m_renamed.find(issue);  // a pack renamed it: its rules give the pack's issue
    issue = renamed != m_renamed.end() ? renamed->second : issue;
    const std::string& file = n.location().file;  // a layer below the top file's categories?
    const bool below = urgency && file != m_categories_file && file != m_pack_file && file != m_out.origin;
    if (read && (!urgency || !issue.empty()) && m_taxonomy_complete && m_issue_ids.count(issue) == 0) {
      below ? issue.clear() : error(n["issue"], "no issue " + quote_value(issue) + " in the categories");
    }
    return read;
  }

  // Adds the rule to m_out unless it has a mistake (then it is left out of --check-rules' shadowing warnings too).
  void load_rule(const yaml::Node& n, bool urgency, std::size_t order) {
    const std::size_t before = m_diag.count();
    if (!(urgency ? check_map(n, {"id", "issue", "any", "all", "none", "negated", "regex", "when", "unless"})
                  : check_map(n, {"id", "issue", "any", "all", "none", "negated", "regex", "when", "unless", "priority",
                                  "aspect", "topic", "alone", "unhappy", "concession", "rival", "mask"}))) {
      return;
    }
    Rule r;
    r.id = load_id(n, "rule");
    r.order = order;
    r.where = n.location();
    const bool read = load_rule_issue(n, urgency, r.issue);
    if (urgency) {
      r.urgency = "urgent";
    } else {
      attempt([&] { r.priority = static_cast<int>(n.integer("priority", 0)); });
      load_aspect(n, r.aspect);
      attempt([&] { r.topic = n.boolean("topic", false); });
      attempt([&] { r.alone = n.boolean("alone", false); });
      attempt([&] { r.unhappy = n.boolean("unhappy", false); });
      if (r.unhappy && !r.alone) {  // a concrete problem left out would not give way to an alone rule again
        error(n["unhappy"], "unhappy: true needs alone: true (a rule for \"unhappy, nothing concrete\")");
      }
      attempt([&] { r.concession = n.boolean("concession", false); });
      if (r.concession && read && r.issue != m_out.praise_issue) {  // only praise can be conceded
        error(n["concession"], "concession: true is for praise rules (issue " + quote_value(m_out.praise_issue) + ")");
      }
      attempt([&] { r.rival = n.boolean("rival", false); });
      if (r.rival && (r.topic || (read && r.issue == m_out.praise_issue))) {  // a rival's praise is the complaint
        error(n["rival"],
              r.topic ? "rival: true and topic: true contradict (a topic is a problem only in a negative clause)"
                      : "rival: true is for problem rules: a rival praised is the customer's complaint");
      }
    }
    // mask: true makes the rule's own phrases masks too, so a pattern that both names a
    // problem and hides the words inside it (3个坏了: fruit gone bad, not a broken item)
    // is written once.
    bool mask = false;
    attempt([&] { mask = n.boolean("mask", false); });
    const bool praise = !urgency && r.issue == m_out.praise_issue;
    const auto role = static_cast<std::uint8_t>(kRolePhrase | (mask ? kRoleMask : 0) | (r.rival ? kRoleRival : 0) |
                                                (praise ? kRolePraise : 0));
    r.any = add_literals(n["any"], role);
    r.all = add_literals(n["all"], kRolePhrase);
    r.none = add_literals(n["none"], kRolePhrase);
    r.negated = add_literals(n["negated"], kRolePhrase);
    const yaml::Node rx = n["regex"];
    for (const yaml::Node& x : rx.is_scalar() ? std::vector<yaml::Node>{rx} : items(rx)) {
      const int p = add_regex(x, role);
      if (p >= 0) {
        r.any.push_back(p);
      }
      r.has_regex = true;
    }
    load_when(n["when"], r.when, m_diag);
    const std::size_t when = r.when.size();
    load_when(n["unless"], r.when, m_diag);
    for (std::size_t k = when; k < r.when.size(); ++k) {
      r.when[k].unless = true;
    }
    if (m_diag.count() != before) {
      return;  // a broken list or a mistyped key would make the rule look empty
    }
    if (!r.reads_text() && when == 0) {
      error(n, "rule " + quote_value(r.id) + " has no any, all, negated, regex or when: it would match every row" +
                   (r.when.empty() ? "" : " (unless only narrows a rule)"));
      return;
    }
    (urgency ? m_out.urgency_rules : m_out.rules).push_back(std::move(r));
  }

  RuleSet& m_out;
  Diagnostics& m_diag;
  std::map<std::string, Location> m_ids;
  std::map<std::pair<bool, std::string>, int> m_patterns;
  std::map<std::string, std::string> m_renamed;  // base issue -> the pack issue in its place
  std::set<std::string> m_issue_ids;             // of m_out.issues (a search of them per rule was quadratic)
  bool m_taxonomy_complete = true;               // every issue could be read (else an unknown one may be a broken one)
  std::string m_categories_file, m_pack_file;    // the files of the categories and of the pack (if any)
  std::optional<yaml::Node> m_fallback;          // settings.fallback_issue, when it could be read
  LoadPart m_part;                               // how much of the file is read
};

}  // namespace

void load_tree(const yaml::Node& root, const yaml::Node* pack, RuleSet& out, Diagnostics& diag, LoadPart part) {
  Loader(out, diag, part).load(root, pack);
  if (pack != nullptr && part == LoadPart::all) {
    load_urgent_issue(*pack, out, diag);
  }
}

}  // namespace fbkit::classify
