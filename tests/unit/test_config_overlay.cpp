// The user's YAML laid over the built-in YAML (yaml::Node::overlay), and per
// configuration file: the built-in file equals the built-in file overlaid with
// an empty user file, and a user file that sets one key changes only that key.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "classify/loader.hpp"
#include "clean/rules.hpp"
#include "config/yaml.hpp"
#include "import/profile.hpp"
#include "stats/settings.hpp"

using fbkit::config::Document;
using fbkit::config::Store;
namespace yaml = fbkit::yaml;

namespace {

template <class T>
std::string joined(const std::vector<T>& v) {
  std::ostringstream out;
  for (const T& x : v) {
    out << x << '|';
  }
  return out.str();
}

// Every value of clean's rules, as text (origin left out).
std::string digest(const fbkit::clean::Rules& r) {
  std::ostringstream o;
  const auto& t = r.text;
  o << joined(r.text_columns) << t.html_entities << t.zero_width << t.nfkc << t.keep << t.traditional_to_simplified
    << t.opencc_config << t.whitespace << joined(r.mask_columns) << r.mask_extra_columns << r.mask_enabled
    << r.mask.mobile << r.mask.landline << r.mask.email << r.mask.id_card << r.mask.bank_card;
  for (const auto& [column, map] : r.aliases) {
    o << column << ':';
    for (const auto& [k, v] : map) {
      o << k << '=' << v << ',';
    }
  }
  const auto& s = r.survey;
  const auto& g = r.vague;
  o << joined(r.score_columns) << joined(r.nps_columns) << r.duplicates << joined(r.duplicate_ignore) << r.repeated
    << r.repeated_window_hours << joined(r.test_text) << joined(r.test_customer_id) << joined(r.spam_regex)
    << joined(r.spam_words) << r.spam_min_length << r.spam_flood_share << r.survey_enabled << s.too_fast
    << s.min_seconds << s.median_fraction << s.straight_lining << s.straight_min_answered << joined(s.straight_values)
    << s.contradiction << s.contradiction_high << s.contradiction_low << s.contradiction_low_dims
    << s.contradiction_high_dims << s.contradiction_min_dims << g.enabled << g.max_units << joined(g.generic)
    << joined(g.fillers) << joined(g.positive) << g.skip_score_at_least << r.memory_bytes;
  return o.str();
}

std::string digest(const fbkit::stats::Settings& s) {
  std::ostringstream o;
  o << s.min_n << joined(s.complaint_categories) << joined(s.satisfied_followup_texts) << joined(s.fcr_columns)
    << joined(s.fcr_yes) << joined(s.fcr_no) << joined(s.stop_chars) << joined(s.stop_words);
  return o.str();
}

std::string digest(const fbkit::classify::RuleSet& r) {
  std::ostringstream o;
  for (const auto& p : r.patterns) {
    o << p.text << p.regex << int{p.roles} << ',';
  }
  for (const auto& c : r.categories) {
    o << c.id << c.zh << c.en << c.urgency << c.sentiment << ',';
  }
  for (const auto& i : r.issues) {
    o << i.id << i.zh << i.en << i.category << i.department << i.sla_hours << ',';
  }
  for (const auto* rules : {&r.rules, &r.urgency_rules}) {
    for (const auto& x : *rules) {
      o << x.id << x.issue << joined(x.any) << joined(x.all) << joined(x.none) << joined(x.negated) << x.priority
        << x.when.size() << ',';
    }
  }
  o << joined(r.lexicon.positive) << joined(r.lexicon.negative) << r.urgent_sla_hours << r.high_value_share
    << r.fallback_issue << r.ignore_case << r.whole_words << r.negation_max_gap;
  return o.str();
}

std::string digest(const fbkit::import::Profile& p) {
  std::ostringstream o;
  o << p.name << p.description << static_cast<int>(p.date_order) << p.keep_unmapped << joined(p.required);
  for (const auto& c : p.columns) {
    o << c.target << ':';
    for (const auto& h : c.headers) {
      o << h.text << h.glob << ',';
    }
  }
  for (const auto& c : p.fallbacks) {
    o << "fallback " << c.target << ':';
    for (const auto& h : c.headers) {
      o << h.text << h.glob << ',';
    }
  }
  for (const auto& [target, map] : p.values) {
    for (const auto& [k, v] : map) {
      o << target << k << v << ',';
    }
  }
  for (const auto& [k, v] : p.constants) {
    o << k << v << ',';
  }
  for (const auto& h : p.drop) {
    o << h.text << ',';
  }
  return o.str();
}

Document user(const std::string& text) {
  return Document{"u.yaml", "conf/u.yaml", text};
}

}  // namespace

TEST_CASE("yaml::Node::overlay merges mappings by key, replaces lists and texts, keeps a key left empty") {
  const yaml::Node base = yaml::Node::parse(Document{"b", "b.yaml", "a: {x: 1, y: [1, 2]}\nb: 2\nc: 3\n"});
  const yaml::Node top = yaml::Node::parse(Document{"t", "t.yaml", "a: {y: [9]}\nb:\nd: 4\n"});
  const yaml::Node n = yaml::Node::overlay(base, top);
  CHECK(n["a"]["x"].str() == "1");
  CHECK(n["a"]["y"].strings() == std::vector<std::string>{"9"});
  CHECK(n["b"].str() == "2");  // empty in the top file: the base's value
  CHECK(n["d"].str() == "4");
  CHECK(n.has("c"));
  CHECK(n["a"]["x"].location().str() == "b.yaml:1:8");  // each node keeps its own file and place
  CHECK(n["a"]["y"].location().str() == "t.yaml:1:8");
  std::string keys;
  for (const auto& [k, v] : n.entries()) {
    keys += k;
  }
  CHECK(keys == "abcd");  // the base's keys in its order, then the top's new ones
  CHECK(yaml::Node::overlay(base, yaml::Node::parse(Document{"e", "e.yaml", ""}))["c"].str() == "3");
}

TEST_CASE("yaml::Node::keyed_entries of an overlay: the base's keys with the top's values, then the top's new keys") {
  const yaml::Node base = yaml::Node::parse(Document{"b", "b.yaml", "k1: 1\nk2: 2\nk3: 3\nk4: 4\n"});
  const yaml::Node top = yaml::Node::parse(Document{"t", "t.yaml", "n1: a\nk3: c\nn2: b\nk1:\nk2: x\n"});
  std::string seen;
  for (const yaml::KeyedEntry& e : yaml::Node::overlay(base, top).keyed_entries()) {
    seen += e.key + "=" + e.value.str() + "@" + e.key_node.location().str() + " ";
  }
  CHECK(seen == "k1=1@b.yaml:1:1 k2=x@t.yaml:5:1 k3=c@t.yaml:2:1 k4=4@b.yaml:4:1 n1=a@t.yaml:1:1 n2=b@t.yaml:3:1 ");
}

TEST_CASE("clean.yaml: built-in = built-in overlaid with an empty file; one key changes only that key") {
  const auto builtin = fbkit::clean::load_rules(Store().get("clean.yaml"));
  CHECK(digest(fbkit::clean::load_rules(user(""))) == digest(builtin));
  auto expected = builtin;
  expected.repeated_window_hours = 48;
  CHECK(digest(fbkit::clean::load_rules(user("remove: {repeated: {window_hours: 48}}\n"))) == digest(expected));
}

TEST_CASE("stats.yaml: built-in = built-in overlaid with an empty file; one key changes only that key") {
  const auto builtin = fbkit::stats::load_settings(Store().get("stats.yaml"));
  CHECK(builtin.min_n == 30);
  CHECK(digest(fbkit::stats::load_settings(user(""))) == digest(builtin));
  auto expected = builtin;
  expected.min_n = 5;
  CHECK(digest(fbkit::stats::load_settings(user("min_n: 5\n"))) == digest(expected));
  expected.fcr_yes = {"ja"};
  CHECK(digest(fbkit::stats::load_settings(user("min_n: 5\nfcr: {yes: [JA]}\n"))) == digest(expected));
}

TEST_CASE("classify.yaml: built-in = built-in overlaid with an empty file; one key changes only that key") {
  const auto builtin = fbkit::classify::load_rules(Store().get("classify.yaml"));
  CHECK(builtin.urgent_sla_hours == 4);
  CHECK(digest(fbkit::classify::load_layered(user(""))) == digest(builtin));
  CHECK(digest(fbkit::classify::load_rules(Store())) == digest(builtin));
  auto expected = builtin;
  expected.urgent_sla_hours = 8;
  CHECK(digest(fbkit::classify::load_layered(user("settings: {urgent_sla_hours: 8}\n"))) == digest(expected));
}

TEST_CASE("import profiles: built-in = built-in overlaid with empty files; one key changes only that key") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("fbkit-test-overlay-" + std::to_string(::getpid()));
  fs::create_directories(dir / "import");
  std::ofstream(dir / "import_values.yaml") << "";
  std::ofstream(dir / "import" / "zendesk_tickets.yaml") << "";
  const auto builtin = fbkit::import::load_profiles(Store());
  auto layered = fbkit::import::load_profiles(Store(dir.string()));
  REQUIRE(layered.size() == builtin.size());
  for (std::size_t i = 0; i < builtin.size(); ++i) {
    CHECK(digest(layered[i]) == digest(builtin[i]));
  }
  std::ofstream(dir / "import" / "zendesk_tickets.yaml") << "keep_unmapped: false\n";
  layered = fbkit::import::load_profiles(Store(dir.string()));
  for (std::size_t i = 0; i < builtin.size(); ++i) {
    auto expected = builtin[i];
    expected.keep_unmapped = builtin[i].origin.find("zendesk_tickets") == std::string::npos && expected.keep_unmapped;
    CHECK(digest(layered[i]) == digest(expected));
  }
  fs::remove_all(dir);
}

TEST_CASE("yaml::Node: reading an overlay leaves both trees as they were") {
  // keyed_entries() once assigned a user's entry over the built-in one through
  // YAML::Node's write-through operator=, so the built-in "en" vanished for
  // every later reader of the same tree.
  const fbkit::config::Document builtin{"b.yaml", "b.yaml", "actions:\n  ld:\n    en: {action: A}\n    days: 30\n"};
  const fbkit::config::Document user{"u.yaml", "u.yaml", "actions:\n  ld:\n    days: 10\n"};
  const fbkit::yaml::Node root = fbkit::yaml::Node::parse_over(builtin, user);
  const fbkit::yaml::Node actions = root["actions"];
  REQUIRE(actions.keyed_entries().size() == 1);
  const fbkit::yaml::Node ld = actions["ld"];
  CHECK(ld.integer("days", 0) == 10);
  CHECK(ld["en"].str("action", "none") == "A");
  fbkit::yaml::Node copy = ld;
  copy = actions;  // assignment rebinds the copy, it does not rewrite `ld`
  CHECK(ld.integer("days", 0) == 10);
}
