#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "classify/loader.hpp"
#include "classify/packs.hpp"
#include "core/error.hpp"

using fbkit::classify::load_rules;
using fbkit::classify::RuleSet;
using fbkit::config::Document;

namespace {

const char* kTaxonomy = R"(categories:
  - id: service
    issues:
      - {id: slow, zh: 物流时效不达标, department: 物流部, sla_hours: 24}
)";

RuleSet load(const std::string& text) {
  return load_rules(Document{"r.yaml", "rules/r.yaml", text});
}

std::string error_of(const std::string& text) {
  try {
    (void)load(text);
  } catch (const fbkit::ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("classify::load_rules reads the taxonomy, rules and phrases, interning each phrase once") {
  const RuleSet r = load(std::string(kTaxonomy) + R"(rules:
  - {id: a, issue: slow, any: [物流慢, Late], priority: 1}
  - {id: b, issue: slow, all: [物流慢], none: [不慢], when: {score_overall: "<= 2", channel: [app]}}
urgency:
  - {id: u, any: ["12315"]}
)");
  REQUIRE(r.rules.size() == 2);
  CHECK(r.rules[0].id == "a");
  CHECK(r.rules[1].all == std::vector<int>{r.rules[0].any[0]});                   // one pattern for 物流慢
  CHECK(r.patterns[static_cast<std::size_t>(r.rules[0].any[1])].text == "late");  // ASCII case folded
  REQUIRE(r.rules[1].when.size() == 2);
  CHECK(r.rules[1].when[0].op == fbkit::classify::Condition::Op::le);
  CHECK(r.rules[1].when[0].number == 2);
  CHECK(r.rules[1].when[1].op == fbkit::classify::Condition::Op::in);
  CHECK(r.urgency_rules.size() == 1);
  CHECK(r.find_issue("slow")->department == "物流部");
}

TEST_CASE("classify::load_rules orders rules by priority, then file order") {
  const RuleSet r = load(std::string(kTaxonomy) + R"(rules:
  - {id: first, issue: slow, any: [x]}
  - {id: urgent, issue: slow, any: [y], priority: 5}
  - {id: second, issue: slow, any: [z]}
)");
  CHECK(r.rules[0].id == "urgent");
  CHECK(r.rules[1].id == "first");
  CHECK(r.rules[2].id == "second");
}

TEST_CASE(
    "classify::load_rules reads aspects, topic, alone and unhappy, and refuses an aspect that would split the column") {
  const RuleSet r = load(std::string(kTaxonomy) + R"(rules:
  - {id: a, issue: slow, any: [x], aspect: logistics, topic: true}
  - {id: b, issue: slow, any: [y], alone: true}
  - {id: c, issue: slow, any: [z], alone: true, unhappy: true}
)");
  CHECK(r.rules[0].aspect == "logistics");
  CHECK(r.rules[0].topic);
  CHECK_FALSE(r.rules[0].alone);
  CHECK(r.rules[1].alone);
  CHECK_FALSE(r.rules[1].unhappy);
  CHECK(r.rules[2].unhappy);
  // A concrete problem left out of a positive row would not give way to an alone rule again.
  CHECK(error_of(std::string(kTaxonomy) + "rules:\n  - {id: a, issue: slow, any: [x], unhappy: true}\n") ==
        "rules/r.yaml:6:45: rules[0].unhappy: unhappy: true needs alone: true (a rule for \"unhappy, nothing "
        "concrete\")");
  // Only praise is conceded beside a complaint (docs/rules.md, "Praise in a complaint"); the
  // flag and the concession words are read.
  const RuleSet c = load(std::string(kTaxonomy) + R"(  - id: feelings
    issues:
      - {id: praise, zh: 好评}
sentiment:
  concessions: [虽然, 以前]
rules:
  - {id: p, issue: praise, any: [好], concession: true}
  - {id: q, issue: praise, any: [棒]}
)");
  CHECK(c.rules[0].concession);
  CHECK_FALSE(c.rules[1].concession);
  CHECK(c.lexicon.concessions.size() == 2);
  // Only praise is conceded beside a complaint (docs/rules.md, "Praise in a complaint").
  CHECK(error_of(std::string(kTaxonomy) + "rules:\n  - {id: a, issue: slow, any: [x], concession: true}\n") ==
        "rules/r.yaml:6:48: rules[0].concession: concession: true is for praise rules (issue 'praise')");
  CHECK(r.praise_issue == "praise");
  CHECK(r.no_text_issue == "no_text");
  // A rival praised is the complaint (rival: true): not a topic, not a praise rule.
  const RuleSet v = load(std::string(kTaxonomy) + "rules:\n  - {id: a, issue: slow, any: [x], rival: true}\n");
  CHECK(v.rules[0].rival);
  CHECK(error_of(std::string(kTaxonomy) + "rules:\n  - {id: a, issue: slow, any: [x], topic: true, rival: true}\n") ==
        "rules/r.yaml:6:56: rules[0].rival: rival: true and topic: true contradict (a topic is a problem only in a "
        "negative clause)");
  CHECK(error_of(std::string(kTaxonomy) + R"(  - id: feelings
    issues:
      - {id: praise, zh: 好评}
rules:
  - {id: p, issue: praise, any: [好], rival: true}
)") == "rules/r.yaml:9:45: rules[0].rival: rival: true is for problem rules: a rival praised is the customer's "
       "complaint");
  CHECK(error_of(std::string(kTaxonomy) + "rules:\n  - {id: a, issue: slow, any: [x], aspect: 'a;b'}\n") ==
        "rules/r.yaml:6:44: rules[0].aspect: an aspect must be without spaces, ';' or ','");
}

TEST_CASE("classify::load_rules names every mistake with file, line, column and key path") {
  const std::string t = kTaxonomy;
  CHECK(error_of(t + "rules:\n  - {id: a, issue: slow, anyy: [x]}\n") ==
        "rules/r.yaml:6:26: rules[0].anyy: unknown key (allowed here: id, issue, any, all, none, negated, regex, when, "
        "unless, priority, aspect, topic, alone, unhappy, concession, rival, mask)");
  CHECK(error_of(t + "rules:\n  - {id: a, issue: fast, any: [x]}\n") ==
        "rules/r.yaml:6:20: rules[0].issue: no issue 'fast' in the categories");
  CHECK(error_of(t + "rules:\n  - {id: a, issue: slow, any: [x]}\n  - {id: a, issue: slow, any: [y]}\n") ==
        "rules/r.yaml:7:10: rules[1].id: duplicate rule id 'a' (first defined at rules/r.yaml:6:10)");
  CHECK(error_of(t + "rules:\n  - {id: a, issue: slow, regex: ['(送了']}\n") ==
        "rules/r.yaml:6:34: rules[0].regex[0]: invalid regular expression '(送了': missing ): (送了");
  CHECK(error_of(t + "rules:\n  - {id: a, issue: slow, regex: ['x*']}\n") ==
        "rules/r.yaml:6:34: rules[0].regex[0]: regular expression 'x*' matches the empty text, so it would match every "
        "row");
  CHECK(error_of(t + "rules:\n  - {id: a, issue: slow, any: [x, x]}\n") ==
        "rules/r.yaml:6:35: rules[0].any[1]: phrase 'x' is listed twice");
  CHECK(error_of(t + "rules:\n  - {id: a, issue: slow, any: ['  ']}\n") ==
        "rules/r.yaml:6:32: rules[0].any[0]: an empty phrase matches everything");
  CHECK(error_of(t + "rules:\n  - {id: a, issue: slow}\n") ==
        "rules/r.yaml:6:5: rules[0]: rule 'a' has no any, all, negated, regex or when: it would match every row");
  CHECK(error_of(t + "rules:\n  - {id: a, issue: slow, unless: {score_overall: '>= 4'}}\n") ==
        "rules/r.yaml:6:5: rules[0]: rule 'a' has no any, all, negated, regex or when: it would match every row "
        "(unless only narrows a rule)");
  CHECK(error_of(t + "rules:\n  - {id: a, issue: slow, when: {score_overall: '<= low'}}\n") ==
        "rules/r.yaml:6:48: rules[0].when.score_overall: expected a number after '<=', found 'low'");
  CHECK(error_of(t + "rules:\n  - {id: a, issue: slow, any: x, priority: high}\n") ==
        "rules/r.yaml:6:44: rules[0].priority: expected a whole number, found 'high'");
  CHECK(error_of("categories: []\n") ==
        "rules/r.yaml:1:13: categories: at least one category with its issues is required");
  CHECK(error_of("rules: [\n").rfind("rules/r.yaml:2:1: invalid YAML: ", 0) == 0);
}

TEST_CASE("classify::lint_rules reports a rule shadowed by an earlier, wider one") {
  const RuleSet r = load(std::string(kTaxonomy) + R"(  - id: other_cat
    issues: [{id: late}]
rules:
  - {id: wide, issue: slow, any: [慢, 晚]}
  - {id: narrow, issue: late, any: [慢]}
  - {id: needs_all, issue: late, all: [晚, 等]}
  - {id: guarded, issue: late, any: [慢], when: {channel: app}}
  - {id: same, issue: slow, any: [晚]}
)");
  const auto w = fbkit::classify::lint_rules(r);
  REQUIRE(w.size() == 4);
  CHECK(w[0] ==
        "rules/r.yaml:9:5: warning: rule 'narrow' can never decide: rule 'wide' (rules/r.yaml:8:5) comes first and "
        "matches every text it matches");
  CHECK(w[1].rfind("rules/r.yaml:10:5: warning: rule 'needs_all' can never decide", 0) == 0);
  CHECK(w[2].rfind("rules/r.yaml:11:5: warning: rule 'guarded' can never decide", 0) == 0);  // conditions do not help
  CHECK(w[3].rfind("rules/r.yaml:12:5: warning: rule 'same' is redundant", 0) == 0);
}

TEST_CASE("classify::load_rules accepts the built-in rule pack") {
  const fbkit::config::Store store;
  const RuleSet r = load_rules(store.get("classify.yaml"));
  CHECK(r.rules.size() > 20);
  CHECK(fbkit::classify::lint_rules(r).empty());
}

namespace {

// check_rules() of `text` as "LINE:COL: key.path: what" lines.
std::vector<std::string> errors_of(const std::string& text) {
  std::vector<std::string> out;
  for (const fbkit::classify::RuleError& e : fbkit::classify::check_rules(Document{"r.yaml", "r.yaml", text}).errors) {
    out.push_back(std::to_string(e.where.line) + ":" + std::to_string(e.where.col) + ": " + e.what);
  }
  return out;
}

}  // namespace

TEST_CASE("classify::check_rules lists every mistake of a file, in file order") {
  const auto e = errors_of(R"(settings: {fallback_issue: nowhere, high_value_share: lots}
categories:
  - id: service
    sentiment: angry
    issues: [{id: slow, sla_hours: soon}, {id: slow}]
rules:
  - {id: a, issue: slow, anyy: [x]}
  - {id: b, issue: fast, any: [x, x], regex: ['(送了', 'y*', 'ok+']}
  - {id: b, issue: slow, any: ['  '], when: {score_overall: '<= low', channel: []}}
urgency:
  - {id: u, priority: 1, any: [z]}
  - {id: v, issue: nowhere, any: [z]}
  - not a rule
)");
  const std::vector<std::string> expected = {
      "1:28: settings.fallback_issue: no issue 'nowhere' in the categories",
      "1:55: settings.high_value_share: expected a number, found 'lots'",
      "4:16: categories[0].sentiment: expected negative, neutral or positive, found 'angry'",
      "5:36: categories[0].issues[0].sla_hours: expected a number, found 'soon'",
      "5:48: categories[0].issues[1].id: duplicate issue id 'slow' (first defined at r.yaml:5:19)",
      "7:26: rules[0].anyy: unknown key (allowed here: id, issue, any, all, none, negated, regex, when, unless, "
      "priority, aspect, topic, alone, unhappy, concession, rival, mask)",
      "8:20: rules[1].issue: no issue 'fast' in the categories",
      "8:35: rules[1].any[1]: phrase 'x' is listed twice",
      "8:47: rules[1].regex[0]: invalid regular expression '(送了': missing ): (送了",
      "8:54: rules[1].regex[1]: regular expression 'y*' matches the empty text, so it would match every row",
      "9:10: rules[2].id: duplicate rule id 'b' (first defined at r.yaml:8:10)",
      "9:32: rules[2].any[0]: an empty phrase matches everything",
      "9:61: rules[2].when.score_overall: expected a number after '<=', found 'low'",
      "9:80: rules[2].when.channel: an empty list matches no row",
      "11:13: urgency[0].priority: unknown key (allowed here: id, issue, any, all, none, negated, regex, when, unless)",
      "12:20: urgency[1].issue: no issue 'nowhere' in the categories",
      "13:5: urgency[2]: expected a mapping (key: value lines), found 'not a rule'",
  };
  CHECK(e == expected);
}

TEST_CASE("classify::check_rules stops at YAML that does not parse, with one error") {
  const auto e = errors_of("version: 2\nrules: [\n");  // the version is not looked at
  REQUIRE(e.size() == 1);
  CHECK(e[0] == "3:1: invalid YAML: end of sequence flow not found");
  CHECK(errors_of("") == std::vector<std::string>{"1:1: the rule file is empty"});
}

TEST_CASE("classify::check_rules reports no unknown issue when an issue definition is broken") {
  // The rule may name the issue whose id could not be read: one error, not two.
  CHECK(errors_of("categories:\n  - id: c\n    issues: [{id: [a]}]\nrules:\n  - {id: r, issue: a, any: [x]}\n") ==
        std::vector<std::string>{"3:19: categories[0].issues[0].id: expected a text value, found a list"});
  CHECK(errors_of("categories:\n  - id: c\n    isues: [{id: a}]\nrules:\n  - {id: r, issue: a, any: [x]}\n").size() ==
        1);
  CHECK(errors_of("rules:\n  - {id: r, issue: a, any: [x]}\n") ==
        std::vector<std::string>{"1:1: categories: at least one category with its issues is required"});
  // A rule with a mistake is not also "empty" because its misspelt list was not read.
  CHECK(errors_of(std::string(kTaxonomy) + "rules:\n  - {id: r, issue: slow, anyy: [x]}\n").size() == 1);
}

TEST_CASE("classify::check_rules keeps the rules without a mistake, for the shadowing warnings") {
  const fbkit::classify::CheckedRules c =
      fbkit::classify::check_rules(Document{"r.yaml", "r.yaml", std::string(kTaxonomy) + R"(rules:
  - {id: wide, issue: slow, any: [慢], none: {a: b}}
  - {id: a, issue: slow, any: [慢, 晚]}
  - {id: b, issue: slow, any: [晚]}
)"});
  REQUIRE(c.errors.size() == 1);
  REQUIRE(c.rules.rules.size() == 2);
  CHECK(c.rules.rules[0].id == "a");
  REQUIRE(fbkit::classify::lint_rules(c.rules).size() == 1);
  CHECK(fbkit::classify::lint_rules(c.rules)[0].rfind("r.yaml:8:5: warning: rule 'b' is redundant", 0) == 0);
}

TEST_CASE("classify::load_rules throws the first mistake in file order") {
  // The fallback issue is checked after the rules are read, but it comes first in the file.
  CHECK(error_of("settings: {fallback_issue: nowhere}\n" + std::string(kTaxonomy) +
                 "rules:\n  - {id: a, issue: fast, any: [x]}\n") ==
        "rules/r.yaml:1:28: settings.fallback_issue: no issue 'nowhere' in the categories");
}

namespace {

// lint_rules as it was: every rule against every earlier one.
std::vector<std::string> reference_lint(const RuleSet& rules) {
  using fbkit::classify::Rule;
  const auto has = [](const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); };
  const auto shadows = [&](const Rule& a, const Rule& b) {
    if (!a.when.empty() || !a.none.empty() || !a.all.empty() || !a.negated.empty() || a.any.empty() ||
        !b.negated.empty()) {
      return false;
    }
    const bool subset = std::all_of(b.any.begin(), b.any.end(), [&](int p) { return has(a.any, p); });
    return (!b.any.empty() && subset) || std::any_of(b.all.begin(), b.all.end(), [&](int p) { return has(a.any, p); });
  };
  std::vector<std::string> out;
  for (std::size_t j = 0; j < rules.rules.size(); ++j) {
    for (std::size_t i = 0; i < j; ++i) {
      const Rule& a = rules.rules[i];
      const Rule& b = rules.rules[j];
      if (shadows(a, b)) {
        std::string line = b.id;
        line += a.issue == b.issue ? " is redundant: rule '" : " can never decide: rule '";
        line += a.id;
        out.push_back(line);
        break;
      }
    }
  }
  return out;
}

}  // namespace

TEST_CASE("classify::lint_rules finds the same shadowed rules as comparing every pair (property)") {
  std::mt19937 rng(3);
  for (int round = 0; round < 400; ++round) {
    RuleSet rs;
    const int patterns = 1 + static_cast<int>(rng() % 6);
    rs.patterns.resize(static_cast<std::size_t>(patterns));
    for (int k = 0, n = static_cast<int>(rng() % 12); k < n; ++k) {
      fbkit::classify::Rule r;
      r.id = std::to_string(k);
      r.issue = std::to_string(rng() % 2);
      const auto some = [&](unsigned chance) {
        std::vector<int> v;
        for (int p = 0; p < patterns; ++p) {
          if (rng() % chance == 0) {
            v.push_back(p);
          }
        }
        std::shuffle(v.begin(), v.end(), rng);
        return v;
      };
      r.any = some(2);
      r.all = rng() % 3 == 0 ? some(3) : std::vector<int>{};
      r.none = rng() % 6 == 0 ? some(3) : std::vector<int>{};
      r.negated = rng() % 6 == 0 ? some(3) : std::vector<int>{};
      if (rng() % 8 == 0) {
        r.when.emplace_back();
      }
      rs.rules.push_back(r);
    }
    std::vector<std::string> got;
    for (const std::string& w : fbkit::classify::lint_rules(rs)) {
      // ": warning: rule 'ID' is redundant: rule 'ID' (" -> "ID is redundant: rule 'ID"
      const std::size_t from = w.find("rule '") + 6;
      const std::size_t to = w.find("' (", from);
      std::string short_form = w.substr(from, to - from);
      short_form.erase(short_form.find('\''), 1);
      got.push_back(short_form);
    }
    CAPTURE(round);
    CHECK(got == reference_lint(rs));
  }
}

TEST_CASE("classify::named_pack, load_with_pack and detection_message: one way for classify --pack and run's pack:") {
  const fbkit::config::Store store;
  const Document base = store.get("classify.yaml");
  const auto with = [&](const std::string& name) {
    const std::optional<Document> pack = fbkit::classify::named_pack(store, name);
    return fbkit::classify::load_with_pack(base, pack ? &*pack : nullptr);
  };
  const RuleSet none = with("none");
  const RuleSet food = with("food_delivery");
  const auto has_issue = [](const RuleSet& r, const std::string& id) {
    return std::any_of(r.issues.begin(), r.issues.end(), [&](const fbkit::classify::Issue& i) { return i.id == id; });
  };
  CHECK(has_issue(none, "logistics_delay"));
  CHECK_FALSE(has_issue(none, "delivery_slow"));
  CHECK(has_issue(food, "delivery_slow"));
  CHECK_THROWS_AS((void)with("auto"), fbkit::UsageError);

  const std::vector<fbkit::classify::PackInfo> packs = fbkit::classify::list_packs(store);
  std::vector<std::string> texts(30, "外卖送餐太慢了，饭都凉了");
  texts.resize(40, "");
  const fbkit::classify::Detection d = fbkit::classify::detect_pack(packs, texts);
  REQUIRE(d.pack != nullptr);
  CHECK(fbkit::classify::detection_message(d) == "fbkit classify: pack food_delivery detected (30 of 30 rows)");
  CHECK(fbkit::classify::detection_message(fbkit::classify::detect_pack(packs, {"你好"})) ==
        "fbkit classify: no pack detected (no pack's words in 1 row with a text): the base rules");
  // Below the thresholds: the closest pack is named with its count.
  std::vector<std::string> few(10, "外卖送餐太慢了");
  few.resize(100, "质量一般");
  const fbkit::classify::Detection below = fbkit::classify::detect_pack(packs, few);
  CHECK(below.pack == nullptr);
  REQUIRE(below.best != nullptr);
  CHECK(fbkit::classify::detection_message(below) ==
        "fbkit classify: no pack detected (the most rows with a pack's words: food_delivery, 10 of 100; a pack "
        "needs 20 rows and 30% of them): the base rules");
}

TEST_CASE("classify::load_taxonomies gives each pack the issues a full load gives, and reads no rule") {
  const fbkit::config::Store store;
  const Document base = store.get("classify.yaml");
  std::vector<Document> packs;
  for (const std::string& file : store.list("packs/")) {
    packs.push_back(store.get(file));
  }
  REQUIRE(packs.size() >= 2);
  const std::vector<RuleSet> sets = fbkit::classify::load_taxonomies(base, packs);
  REQUIRE(sets.size() == packs.size() + 1);
  const auto same = [](const RuleSet& a, const RuleSet& b) {
    REQUIRE(a.issues.size() == b.issues.size());
    for (std::size_t i = 0; i < a.issues.size(); ++i) {
      CAPTURE(a.issues[i].id);
      CHECK(a.issues[i].id == b.issues[i].id);
      CHECK(a.issues[i].zh == b.issues[i].zh);
      CHECK(a.issues[i].en == b.issues[i].en);
      CHECK(a.issues[i].category == b.issues[i].category);
      CHECK(a.issues[i].department == b.issues[i].department);
    }
    CHECK(a.categories.size() == b.categories.size());
  };
  same(sets[0], fbkit::classify::load_layered(base));
  for (std::size_t p = 0; p < packs.size(); ++p) {
    CAPTURE(packs[p].origin);
    same(sets[p + 1], fbkit::classify::load_packed(base, packs[p]));
    CHECK(sets[p + 1].rules.empty());  // names only
  }

  // A pack's broken rule is classify's to report (--check-rules), not the names';
  // a broken issue of it is a mistake of the names.
  const Document bad_rule{"x.yaml", "packs/x.yaml",
                          "version: 1\nissues:\n  - {id: cold_food, base: product_quality, zh: 饭凉}\n"
                          "rules:\n  - {id: r1, issue: cold_food, regex: ['(凉']}\n"};
  CHECK_THROWS_AS((void)fbkit::classify::load_packed(base, bad_rule), fbkit::ConfigError);
  const std::vector<RuleSet> named = fbkit::classify::load_taxonomies(base, {bad_rule});
  const auto& issues = named.at(1).issues;
  CHECK(std::any_of(issues.begin(), issues.end(), [](const auto& i) { return i.id == "cold_food" && i.zh == "饭凉"; }));
  const Document bad_issue{"y.yaml", "packs/y.yaml", "version: 1\nissues:\n  - {id: cold_food, zh: 饭凉}\n"};
  CHECK_THROWS_AS((void)fbkit::classify::load_taxonomies(base, {bad_issue}), fbkit::ConfigError);
  const Document empty{"z.yaml", "packs/z.yaml", ""};
  CHECK_THROWS_AS((void)fbkit::classify::load_taxonomies(base, {empty}), fbkit::ConfigError);
}

TEST_CASE("classify::load_taxonomies with LoadPart::names gives each rule's id and issue, and no pattern") {
  const fbkit::config::Store store;
  const Document base = store.get("classify.yaml");
  const RuleSet full = fbkit::classify::load_layered(base);
  const RuleSet names = fbkit::classify::load_taxonomies(base, {}, fbkit::classify::LoadPart::names).at(0);
  std::map<std::string, std::string> want;
  std::map<std::string, std::string> got;
  for (const auto& r : full.rules) {
    want[r.id] = r.issue;
  }
  for (const auto& r : names.rules) {
    got[r.id] = r.issue;
  }
  CHECK(want.size() > 20);
  CHECK(got == want);
  CHECK(names.patterns.empty());
  CHECK(names.urgency_rules.empty());
  CHECK(names.no_text_issue == full.no_text_issue);
  CHECK(names.issues.size() == full.issues.size());

  // LoadPart::all: a user's file, with the mistakes load_layered finds (here one only RE2 finds).
  const Document user{"classify.yaml", "conf/classify.yaml", "rules:\n  - {id: r1, issue: other, regex: ['(x']}\n"};
  std::vector<std::string> layered;
  std::vector<std::string> all;
  try {
    (void)fbkit::classify::load_layered(user);
  } catch (const fbkit::ConfigError& e) {
    layered = e.messages();
  }
  try {
    (void)fbkit::classify::load_taxonomies(user, {}, fbkit::classify::LoadPart::all);
  } catch (const fbkit::ConfigError& e) {
    all = e.messages();
  }
  REQUIRE(layered.size() == 1);
  CHECK(layered[0].find("invalid regular expression") != std::string::npos);
  CHECK(all == layered);
  CHECK_NOTHROW((void)fbkit::classify::load_taxonomies(user, {}, fbkit::classify::LoadPart::names));
}
