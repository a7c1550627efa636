#include <doctest/doctest.h>

#include "classify/loader.hpp"

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

TEST_CASE("classify::load_rules names every mistake with file, line, column and key path") {
  const std::string t = kTaxonomy;
  CHECK(error_of(t + "rules:\n  - {id: a, issue: slow, anyy: [x]}\n") ==
        "rules/r.yaml:6:26: rules[0].anyy: unknown key (allowed here: id, issue, any, all, none, negated, regex, when, "
        "priority)");
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
