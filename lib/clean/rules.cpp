#include "clean/rules.hpp"

#include <re2/re2.h>

#include "config/yaml.hpp"
#include "core/strings.hpp"
#include "text/unicode.hpp"

namespace fbkit::clean {

namespace {

// A list of RE2 patterns; each must compile (linear time is RE2's promise).
std::vector<std::string> patterns(const yaml::Node& parent, std::string_view key) {
  const yaml::Node list = parent[key];
  std::vector<std::string> out;
  for (const yaml::Node& item : list.items()) {
    const std::string p = item.str();
    RE2::Options opt;
    opt.set_log_errors(false);
    opt.set_case_sensitive(false);
    const RE2 re(p, opt);
    if (!re.ok()) {
      item.fail("invalid regular expression: " + excerpt(re.error(), 120));
    }
    if (re.Match("", 0, 0, RE2::ANCHOR_BOTH, nullptr, 0)) {
      item.fail("the pattern matches an empty text, so it would match every row");
    }
    out.push_back(p);
  }
  if (!list.is_null() && !list.is_sequence()) {
    list.fail("expected a list of patterns");
  }
  return out;
}

std::vector<std::string> words(const yaml::Node& parent, std::string_view key) {
  std::vector<std::string> out;
  for (std::string& w : parent.strings(key)) {
    if (text::normalize_key(w).empty()) {
      parent[key].fail("an empty word would match everything");
    }
    out.push_back(std::move(w));
  }
  return out;
}

bool flag(const yaml::Node& n, bool fallback) {
  return n.boolean("enabled", fallback);
}

void load_text(const yaml::Node& n, Rules& r) {
  if (n.is_null()) {
    return;
  }
  n.expect_map({"columns", "html_entities", "zero_width", "nfkc", "keep", "traditional_to_simplified", "opencc_config",
                "whitespace"});
  if (n.has("columns")) {
    r.text_columns = n.strings("columns");
  }
  TextOptions& t = r.text;
  t.html_entities = n.boolean("html_entities", t.html_entities);
  t.zero_width = n.boolean("zero_width", t.zero_width);
  t.nfkc = n.boolean("nfkc", t.nfkc);
  t.keep = n.str("keep", t.keep);
  if (!text::is_valid_utf8(t.keep)) {
    n["keep"].fail("expected UTF-8 text");
  }
  t.traditional_to_simplified = n.boolean("traditional_to_simplified", t.traditional_to_simplified);
  t.opencc_config = n.str("opencc_config", t.opencc_config);
  t.whitespace = n.boolean("whitespace", t.whitespace);
}

void load_mask(const yaml::Node& n, Rules& r) {
  if (n.is_null()) {
    return;
  }
  n.expect_map({"enabled", "columns", "extra_columns", "id_columns", "mobile", "landline", "email", "id_card",
                "bank_card", "ip", "customer_id"});
  r.mask_enabled = flag(n, r.mask_enabled);
  if (n.has("columns")) {
    r.mask_columns = n.strings("columns");
  }
  r.mask_extra_columns = n.boolean("extra_columns", r.mask_extra_columns);
  if (n.has("id_columns")) {
    r.mask_id_columns = n.strings("id_columns");
  }
  r.mask.mobile = n.boolean("mobile", r.mask.mobile);
  r.mask.landline = n.boolean("landline", r.mask.landline);
  r.mask.email = n.boolean("email", r.mask.email);
  r.mask.id_card = n.boolean("id_card", r.mask.id_card);
  r.mask.bank_card = n.boolean("bank_card", r.mask.bank_card);
  r.mask.ip = n.boolean("ip", r.mask.ip);
  if (n.has("customer_id")) {
    const std::string mode = n["customer_id"].str();
    if (mode == "keep") {
      r.customer_ids = Rules::CustomerIds::keep;
    } else if (mode == "personal") {
      r.customer_ids = Rules::CustomerIds::personal;
    } else if (mode == "all") {
      r.customer_ids = Rules::CustomerIds::all;
    } else {
      n["customer_id"].fail("must be keep, personal or all");
    }
  }
}

void load_aliases(const yaml::Node& n, Rules& r) {
  if (n.is_null()) {
    return;
  }
  n.expect_map();
  for (const yaml::KeyedEntry& column : n.keyed_entries()) {
    auto& map = r.aliases[column.key];
    map.clear();  // a column listed replaces the defaults' list for it
    if (column.value.is_null()) {
      continue;
    }
    column.value.expect_map();
    for (const yaml::KeyedEntry& canonical : column.value.keyed_entries()) {
      std::vector<std::string> names =
          canonical.value.is_null() ? std::vector<std::string>{} : canonical.value.strings();
      names.push_back(canonical.key);
      for (const std::string& name : names) {
        const std::string key = text::normalize_key(name);
        if (key.empty()) {
          canonical.value.fail("an empty alias");
        }
        const auto [it, inserted] = map.emplace(key, canonical.key);
        if (!inserted && it->second != canonical.key) {
          canonical.value.fail(quote_value(name) + " is already an alias of " + quote_value(it->second));
        }
      }
    }
  }
}

void load_scores(const yaml::Node& n, Rules& r) {
  if (n.is_null()) {
    return;
  }
  n.expect_map({"columns", "nps_columns"});
  if (n.has("columns")) {
    r.score_columns = n.strings("columns");
  }
  if (n.has("nps_columns")) {
    r.nps_columns = n.strings("nps_columns");
  }
}

int small_int(const yaml::Node& n, std::string_view key, int fallback, int lo, int hi) {
  const std::int64_t v = n.integer(key, fallback);
  if (v < lo || v > hi) {
    n[key].fail("expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
  }
  return static_cast<int>(v);
}

double non_negative(const yaml::Node& n, std::string_view key, double fallback) {
  const double v = n.number(key, fallback);
  if (!(v >= 0)) {
    n[key].fail("expected a number >= 0");
  }
  return v;
}

void load_survey(const yaml::Node& n, Rules& r) {
  if (n.is_null()) {
    return;
  }
  n.expect_map({"enabled", "too_fast", "straight_lining", "contradiction"});
  r.survey_enabled = flag(n, r.survey_enabled);
  SurveyRules& s = r.survey;
  if (const yaml::Node t = n["too_fast"]; !t.is_null()) {
    t.expect_map({"enabled", "min_seconds", "median_fraction"});
    s.too_fast = flag(t, s.too_fast);
    s.min_seconds = non_negative(t, "min_seconds", s.min_seconds);
    s.median_fraction = non_negative(t, "median_fraction", s.median_fraction);
    if (s.median_fraction >= 1) {
      t["median_fraction"].fail("expected a fraction below 1 (0 turns the relative test off)");
    }
  }
  if (const yaml::Node t = n["straight_lining"]; !t.is_null()) {
    t.expect_map({"enabled", "min_answered", "values"});
    s.straight_lining = flag(t, s.straight_lining);
    s.straight_min_answered = small_int(t, "min_answered", s.straight_min_answered, 2, 100);
    if (t.has("values")) {
      s.straight_values.clear();
      for (const yaml::Node& v : t["values"].items()) {
        const std::int64_t x = v.integer();
        if (x < 1 || x > 5) {
          v.fail("expected a score from 1 to 5");
        }
        s.straight_values.push_back(static_cast<int>(x));
      }
    }
  }
  if (const yaml::Node t = n["contradiction"]; !t.is_null()) {
    t.expect_map({"enabled", "high_overall", "low_dims", "low_overall", "high_dims", "min_dimensions"});
    s.contradiction = flag(t, s.contradiction);
    s.contradiction_high = small_int(t, "high_overall", s.contradiction_high, 1, 5);
    s.contradiction_low_dims = small_int(t, "low_dims", s.contradiction_low_dims, 1, 5);
    s.contradiction_low = small_int(t, "low_overall", s.contradiction_low, 1, 5);
    s.contradiction_high_dims = small_int(t, "high_dims", s.contradiction_high_dims, 1, 5);
    s.contradiction_min_dims = small_int(t, "min_dimensions", s.contradiction_min_dims, 1, 100);
  }
}

void load_remove(const yaml::Node& n, Rules& r) {
  if (n.is_null()) {
    return;
  }
  n.expect_map({"duplicates", "repeated", "test", "spam", "survey", "memory_mib", "max_tracked_rows"});
  if (const yaml::Node d = n["duplicates"]; !d.is_null()) {
    d.expect_map({"enabled", "ignore_columns"});
    r.duplicates = flag(d, r.duplicates);
    if (d.has("ignore_columns")) {
      r.duplicate_ignore = d.strings("ignore_columns");
    }
  }
  if (const yaml::Node d = n["repeated"]; !d.is_null()) {
    d.expect_map({"enabled", "window_hours"});
    r.repeated = flag(d, r.repeated);
    r.repeated_window_hours = non_negative(d, "window_hours", r.repeated_window_hours);
  }
  if (const yaml::Node d = n["test"]; !d.is_null()) {
    d.expect_map({"text", "customer_id"});
    if (d.has("text")) {
      r.test_text = patterns(d, "text");
    }
    if (d.has("customer_id")) {
      r.test_customer_id = patterns(d, "customer_id");
    }
  }
  if (const yaml::Node d = n["spam"]; !d.is_null()) {
    d.expect_map(
        {"regex", "weak_regex", "words", "min_length", "flood_share", "weak_needed", "unless_words", "unless_scored"});
    if (d.has("regex")) {
      r.spam_regex = patterns(d, "regex");
    }
    if (d.has("weak_regex")) {
      r.spam_weak_regex = patterns(d, "weak_regex");
    }
    if (d.has("words")) {
      r.spam_words = words(d, "words");
    }
    if (d.has("unless_words")) {
      r.spam_unless_words = words(d, "unless_words");
    }
    r.spam_weak_needed = small_int(d, "weak_needed", r.spam_weak_needed, 1, 10);
    r.spam_unless_scored = d.boolean("unless_scored", r.spam_unless_scored);
    r.spam_min_length = small_int(d, "min_length", r.spam_min_length, 2, 1'000'000);
    r.spam_flood_share = non_negative(d, "flood_share", r.spam_flood_share);
    if (r.spam_flood_share > 1) {
      d["flood_share"].fail("expected a share from 0 to 1 (0 or 1 turns the flood test off)");
    }
  }
  load_survey(n["survey"], r);
  const std::int64_t mib = n.integer("memory_mib", static_cast<std::int64_t>(r.memory_bytes >> 20));
  if (mib < 0 || mib > (std::int64_t{1} << 30)) {
    n["memory_mib"].fail("expected a number of MiB from 0 to 1073741824");
  }
  r.memory_bytes = static_cast<std::uint64_t>(mib) << 20;
  // Before remove.memory_mib, a cap on the rows remembered; read and no longer used.
  if (n.integer("max_tracked_rows", 0) < 0) {
    n["max_tracked_rows"].fail("expected a number of rows >= 0");
  }
}

void load_flags(const yaml::Node& n, Rules& r) {
  if (n.is_null()) {
    return;
  }
  n.expect_map({"vague"});
  const yaml::Node v = n["vague"];
  if (v.is_null()) {
    return;
  }
  v.expect_map({"enabled", "max_units", "skip_score_at_least", "generic", "fillers", "positive"});
  VagueRules& g = r.vague;
  g.enabled = flag(v, g.enabled);
  g.max_units = small_int(v, "max_units", g.max_units, 0, 1000);
  g.skip_score_at_least = small_int(v, "skip_score_at_least", g.skip_score_at_least, 0, 5);
  if (v.has("generic")) {
    g.generic = words(v, "generic");
  }
  if (v.has("fillers")) {
    g.fillers = words(v, "fillers");
  }
  if (v.has("positive")) {
    g.positive = words(v, "positive");
  }
}

}  // namespace

void apply_rules(const config::Document& doc, Rules& r) {
  r.origin = doc.origin;
  const yaml::Node root = yaml::Node::parse(doc);
  if (root.is_null()) {
    return;  // an empty file changes nothing
  }
  root.expect_map({"version", "text", "mask", "aliases", "scores", "remove", "flags"});
  if (root.integer("version", 1) != 1) {
    root["version"].fail("only version 1 is understood");
  }
  load_text(root["text"], r);
  load_mask(root["mask"], r);
  load_aliases(root["aliases"], r);
  load_scores(root["scores"], r);
  load_remove(root["remove"], r);
  load_flags(root["flags"], r);
}

Rules load_rules(const config::Document& doc) {
  Rules r;
  const config::Document builtin = config::Store().get("clean.yaml");
  apply_rules(builtin, r);
  if (doc.origin != builtin.origin || doc.content != builtin.content) {
    apply_rules(doc, r);
  }
  return r;
}

}  // namespace fbkit::clean
