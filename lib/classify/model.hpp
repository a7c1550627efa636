// The classification rule model: a taxonomy (categories -> issues), rules that
// point at an issue or raise urgency, a sentiment lexicon and the negation
// settings. Built and validated by load_rules() (loader.hpp); immutable after.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace fbkit::classify {

// Where a rule-file element was written, for messages.
using Where = Location;

// What a pattern is used for beyond rule phrases.
enum PatternRole : std::uint8_t {
  kRolePhrase = 1,   // a rule or lexicon phrase
  kRoleCue = 2,      // a negation cue (不, not ...)
  kRoleMask = 4,     // a span whose inner, shorter hits are dropped (快递 hides 快)
  kRoleBreak = 8,    // a word that ends a negation's reach, like punctuation (但是, but)
  kRoleTurn = 16,    // a turn (但是, but): sentiment after it weighs double
  kRoleRival = 32,   // a `rival` rule's phrase: the praise inside it is the rival's (外面的价格比京东便宜)
  kRolePraise = 64,  // a positive lexicon word or a praise rule's phrase, which a rival phrase hides
};

// One distinct phrase or regular expression; every rule refers to these by index.
struct Pattern {
  std::string text;  // the literal (lowercased ASCII) or the regex source
  bool regex = false;
  std::uint8_t roles = 0;
  Where where;  // first place it was written
};

// A condition on a column (or the computed value_tier): compare, in-list or glob.
struct Condition {
  enum class Op { lt, le, gt, ge, eq, ne, in, glob };
  std::string field;
  Op op = Op::glob;
  double number = 0;                // for lt..ne
  std::vector<std::string> values;  // for in (one glob pattern each) and glob (one)
  bool unless = false;              // of `unless`: the rule fires only where it does not hold
  Where where;
};

struct Rule {
  std::string id;
  std::string issue;    // the issue it assigns (an urgency rule's: when no problem rule gave one)
  std::string urgency;  // "urgent" for an urgency rule; empty otherwise
  int priority = 0;
  std::vector<int> any;         // pattern indexes: at least one must hit (phrases and regexes)
  std::vector<int> all;         // each must hit
  std::vector<int> none;        // none may hit
  std::vector<int> negated;     // at least one must occur negated (不好吃 via 好吃)
  std::vector<Condition> when;  // `when` (each must hold) and `unless` (none may), by Condition::unless
  std::string aspect;           // what a praise rule praises (empty: its issue's aspect)
  bool topic = false;           // its phrases name a topic, not a complaint: a problem only in a negative clause
  bool alone = false;           // a problem only when no other problem rule fired (dissatisfied)
  bool unhappy = false;         // a problem only in a row whose sentiment is not positive
  bool concession = false;      // no praise in a negative row with a problem, said beside a concession word
  bool rival = false;           // its phrases praise a rival (比京东的好): a problem in a positive clause too
  std::size_t order = 0;        // position in the file
  Where where;
  // For --check-rules: the phrases as written, and whether any came from `regex`.
  bool has_regex = false;

  // Whether it needs words of the text (any, all or negated), not only other columns (`when`).
  bool reads_text() const { return !any.empty() || !all.empty() || !negated.empty(); }
};

struct Issue {
  std::string id, zh, en;
  std::string category;    // the owning category's id
  std::string department;  // empty: the row's own department
  double sla_hours = 0;    // 0: none
  std::string aspect;      // what the customer likes when this topic is praised (empty: none)
  Where where;
};

struct Category {
  std::string id, zh, en;
  std::string urgency;    // "info" for suggestions and praise; empty otherwise
  std::string sentiment;  // the sentiment a hit implies when the lexicon is silent
  Where where;
};

struct Lexicon {
  std::vector<int> positive, negative;  // pattern indexes
  std::vector<int> concessions;         // words that make praise beside a complaint a concession (虽然, 以前)
};

struct RuleSet {
  std::string origin;  // the file, for messages
  std::vector<Pattern> patterns;
  std::vector<Category> categories;
  std::vector<Issue> issues;
  std::vector<Rule> rules;          // issue rules, in evaluation order (priority, then file order)
  std::vector<Rule> urgency_rules;  // every one is evaluated
  Lexicon lexicon;
  double urgent_sla_hours = 0;            // SLA of urgent rows when shorter than the issue's
  double high_value_share = 0.2;          // top share of annual_spend that is "high"
  std::string fallback_issue = "other";   // the issue of rows no rule claims
  std::string praise_issue = "praise";    // the issue of a row whose problem topics were all praised
  std::string no_text_issue = "no_text";  // the issue of a row whose texts are empty or placeholders
  bool ignore_case = true;                // phrases match ASCII letters in any case
  bool whole_words = true;                // a phrase with ASCII letters or digits at an edge matches whole words only
  int negation_max_gap = 5;               // characters between a cue and its phrase (an ASCII word counts as one)
  // A phrase that begins with the cue before it again is a list's next item, not a double
  // negation, unless the first cue is followed by one of `negation_double_after` (不是, 不觉得)
  // or the second comes right after one of `negation_double_before` (都不, 就不).
  std::vector<std::string> negation_double_after, negation_double_before;
  // Department names by text::normalize_key of each name and alias (departments.hpp); empty: as written.
  std::map<std::string, std::string> departments;

  const Issue* find_issue(const std::string& id) const;
  const Category* find_category(const std::string& id) const;
};

}  // namespace fbkit::classify
