#include "clean/rules.hpp"

#include <re2/re2.h>

#include "config/yaml.hpp"
#include "core/diagnostics.hpp"
#include "core/strings.hpp"
#include "text/unicode.hpp"

namespace fbkit::clean {

namespace {

// One pass of the loader over the layered tree: every read is a step, and a
// mistake is recorded and loading goes on with the next key or list item.
class Loader {
public:
  Loader(Rules& rules, Diagnostics& diag) : r(rules), m_diag(diag) {}

  void load(const yaml::Node& root) {
    if (!yaml::check_map(root, {"version", "text", "mask", "aliases", "scores", "remove", "flags"}, m_diag)) {
      return;
    }
    std::int64_t version = 1;
    if (step([&] { version = root.integer("version", 1); }) && version != 1) {
      yaml::record(m_diag, root["version"], "only version 1 is understood");
    }
    load_text(root["text"]);
    load_mask(root["mask"]);
    load_aliases(root["aliases"]);
    load_scores(root["scores"]);
    load_remove(root["remove"]);
    load_vague(root["flags"]);
  }

private:
  template <class Step>
  bool step(Step&& s) {
    return m_diag.attempt(std::forward<Step>(s));
  }

  // A list of RE2 patterns; each must compile (linear time is RE2's promise).
  void patterns(const yaml::Node& list, std::vector<std::string>& out) {
    if (!list.is_null() && !list.is_sequence()) {
      yaml::record(m_diag, list, "expected a list of patterns");
      return;
    }
    out.clear();
    for (const yaml::Node& item : list.items()) {
      step([&] {
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
      });
    }
  }

  // A list of literal words; an empty one would match everything.
  void words(const yaml::Node& list, std::vector<std::string>& out) {
    step([&] {
      out.clear();
      for (std::string& w : list.strings()) {
        if (text::normalize_key(w).empty()) {
          list.fail("an empty word would match everything");
        }
        out.push_back(std::move(w));
      }
    });
  }

  void flag(const yaml::Node& n, std::string_view key, bool& out) {
    step([&] { out = n.required_boolean(key); });
  }

  void list(const yaml::Node& n, std::string_view key, std::vector<std::string>& out) {
    step([&] { out = n.strings(key); });
  }

  // A whole number from lo to hi.
  void small_int(const yaml::Node& n, std::string_view key, int& out, int lo, int hi) {
    step([&] {
      const std::int64_t v = n.required_integer(key);
      if (v < lo || v > hi) {
        n[key].fail("expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
      }
      out = static_cast<int>(v);
    });
  }

  // A number >= 0; whether it could be read.
  bool non_negative(const yaml::Node& n, std::string_view key, double& out) {
    return step([&] {
      out = n.required_number(key);
      if (!(out >= 0)) {
        n[key].fail("expected a number >= 0");
      }
    });
  }

  void load_text(const yaml::Node& n) {
    if (!yaml::check_section(n,
                             {"columns", "html_entities", "zero_width", "nfkc", "keep", "traditional_to_simplified",
                              "opencc_config", "whitespace"},
                             m_diag)) {
      return;
    }
    list(n, "columns", r.text_columns);
    TextOptions& t = r.text;
    flag(n, "html_entities", t.html_entities);
    flag(n, "zero_width", t.zero_width);
    flag(n, "nfkc", t.nfkc);
    step([&] {
      t.keep = n.required_str("keep");
      if (!text::is_valid_utf8(t.keep)) {
        n["keep"].fail("expected UTF-8 text");
      }
    });
    flag(n, "traditional_to_simplified", t.traditional_to_simplified);
    step([&] { t.opencc_config = n.required_str("opencc_config"); });
    flag(n, "whitespace", t.whitespace);
  }

  void load_mask(const yaml::Node& n) {
    if (!yaml::check_section(n,
                             {"enabled", "columns", "extra_columns", "id_columns", "mobile", "landline", "email",
                              "id_card", "bank_card", "ip", "customer_id"},
                             m_diag)) {
      return;
    }
    flag(n, "enabled", r.mask_enabled);
    list(n, "columns", r.mask_columns);
    flag(n, "extra_columns", r.mask_extra_columns);
    list(n, "id_columns", r.mask_id_columns);
    flag(n, "mobile", r.mask.mobile);
    flag(n, "landline", r.mask.landline);
    flag(n, "email", r.mask.email);
    flag(n, "id_card", r.mask.id_card);
    flag(n, "bank_card", r.mask.bank_card);
    flag(n, "ip", r.mask.ip);
    step([&] {
      const std::string mode = n.required_str("customer_id");
      if (mode == "keep") {
        r.customer_ids = Rules::CustomerIds::keep;
      } else if (mode == "personal") {
        r.customer_ids = Rules::CustomerIds::personal;
      } else if (mode == "all") {
        r.customer_ids = Rules::CustomerIds::all;
      } else {
        n["customer_id"].fail("must be keep, personal or all");
      }
    });
  }

  // One canonical value and its aliases, into the column's map. A name the
  // built-in file gives another canonical value is the user's to take (their
  // file is read after it); within one file a name has one meaning.
  void load_alias(const yaml::KeyedEntry& canonical, std::map<std::string, std::string>& map,
                  std::map<std::string, std::string>& origins) {
    std::vector<std::string> names;
    if (!step([&] { names = canonical.value.strings(); })) {
      return;
    }
    names.push_back(canonical.key);
    for (const std::string& name : names) {
      const std::string key = text::normalize_key(name);
      if (key.empty()) {
        yaml::record(m_diag, canonical.value, "an empty alias");
        continue;
      }
      const auto [it, inserted] = map.emplace(key, canonical.key);
      if (!inserted && it->second != canonical.key) {
        if (origins[key] == canonical.value.origin()) {
          yaml::record(m_diag, canonical.value,
                       quote_value(name) + " is already an alias of " + quote_value(it->second));
          continue;
        }
        it->second = canonical.key;
      }
      origins[key] = canonical.value.origin();
    }
  }

  void load_aliases(const yaml::Node& n) {
    if (n.is_null() || !yaml::check_map(n, {}, m_diag, true)) {
      return;
    }
    std::vector<yaml::KeyedEntry> columns;
    step([&] { columns = n.keyed_entries(); });
    for (const yaml::KeyedEntry& column : columns) {
      auto& map = r.aliases[column.key];
      std::map<std::string, std::string> origins;  // the file that gave each name
      std::vector<yaml::KeyedEntry> values;
      if (column.value.is_null() || !step([&] { values = column.value.keyed_entries(); })) {
        continue;
      }
      for (const yaml::KeyedEntry& canonical : values) {
        load_alias(canonical, map, origins);
      }
    }
  }

  void load_scores(const yaml::Node& n) {
    if (yaml::check_section(n, {"columns", "nps_columns"}, m_diag)) {
      list(n, "columns", r.score_columns);
      list(n, "nps_columns", r.nps_columns);
    }
  }

  void load_survey(const yaml::Node& n) {
    if (!yaml::check_section(n, {"enabled", "too_fast", "straight_lining", "contradiction"}, m_diag)) {
      return;
    }
    flag(n, "enabled", r.survey_enabled);
    SurveyRules& s = r.survey;
    if (const yaml::Node t = n["too_fast"];
        yaml::check_section(t, {"enabled", "min_seconds", "median_fraction"}, m_diag)) {
      flag(t, "enabled", s.too_fast);
      non_negative(t, "min_seconds", s.min_seconds);
      if (non_negative(t, "median_fraction", s.median_fraction) && s.median_fraction >= 1) {
        yaml::record(m_diag, t["median_fraction"], "expected a fraction below 1 (0 turns the relative test off)");
      }
    }
    if (const yaml::Node t = n["straight_lining"];
        yaml::check_section(t, {"enabled", "min_answered", "values"}, m_diag)) {
      flag(t, "enabled", s.straight_lining);
      small_int(t, "min_answered", s.straight_min_answered, 2, 100);
      std::vector<yaml::Node> values;
      step([&] { values = t["values"].items(); });
      s.straight_values.clear();
      for (const yaml::Node& v : values) {
        step([&] {
          const std::int64_t x = v.integer();
          if (x < 1 || x > 5) {
            v.fail("expected a score from 1 to 5");
          }
          s.straight_values.push_back(static_cast<int>(x));
        });
      }
    }
    if (const yaml::Node t = n["contradiction"]; yaml::check_section(
            t, {"enabled", "high_overall", "low_dims", "low_overall", "high_dims", "min_dimensions"}, m_diag)) {
      flag(t, "enabled", s.contradiction);
      small_int(t, "high_overall", s.contradiction_high, 1, 5);
      small_int(t, "low_dims", s.contradiction_low_dims, 1, 5);
      small_int(t, "low_overall", s.contradiction_low, 1, 5);
      small_int(t, "high_dims", s.contradiction_high_dims, 1, 5);
      small_int(t, "min_dimensions", s.contradiction_min_dims, 1, 100);
    }
  }

  void load_remove(const yaml::Node& n) {
    if (!yaml::check_section(n, {"duplicates", "repeated", "test", "spam", "survey", "memory_mib", "max_tracked_rows"},
                             m_diag)) {
      return;
    }
    if (const yaml::Node d = n["duplicates"]; yaml::check_section(d, {"enabled", "ignore_columns"}, m_diag)) {
      flag(d, "enabled", r.duplicates);
      list(d, "ignore_columns", r.duplicate_ignore);
    }
    if (const yaml::Node d = n["repeated"]; yaml::check_section(d, {"enabled", "window_hours"}, m_diag)) {
      flag(d, "enabled", r.repeated);
      non_negative(d, "window_hours", r.repeated_window_hours);
    }
    load_survey(n["survey"]);
    if (const yaml::Node d = n["test"]; yaml::check_section(d, {"text", "customer_id"}, m_diag)) {
      patterns(d["text"], r.test_text);
      patterns(d["customer_id"], r.test_customer_id);
    }
    if (const yaml::Node d = n["spam"];
        yaml::check_section(d,
                            {"regex", "weak_regex", "words", "min_length", "flood_share", "weak_needed", "unless_words",
                             "unless_scored"},
                            m_diag)) {
      patterns(d["regex"], r.spam_regex);
      patterns(d["weak_regex"], r.spam_weak_regex);
      words(d["words"], r.spam_words);
      words(d["unless_words"], r.spam_unless_words);
      small_int(d, "weak_needed", r.spam_weak_needed, 1, 10);
      flag(d, "unless_scored", r.spam_unless_scored);
      small_int(d, "min_length", r.spam_min_length, 2, 1'000'000);
      if (non_negative(d, "flood_share", r.spam_flood_share) && r.spam_flood_share > 1) {
        yaml::record(m_diag, d["flood_share"], "expected a share from 0 to 1 (0 or 1 turns the flood test off)");
      }
    }
    step([&] {
      const std::int64_t mib = n.required_integer("memory_mib");
      if (mib < 0 || mib > (std::int64_t{1} << 30)) {
        n["memory_mib"].fail("expected a number of MiB from 0 to 1073741824");
      }
      r.memory_bytes = static_cast<std::uint64_t>(mib) << 20;
    });
    // Before remove.memory_mib, a cap on the rows remembered; read and no longer used.
    step([&] {
      if (n.integer("max_tracked_rows", 0) < 0) {
        n["max_tracked_rows"].fail("expected a number of rows >= 0");
      }
    });
  }

  void load_vague(const yaml::Node& flags) {
    if (!yaml::check_section(flags, {"vague"}, m_diag)) {
      return;
    }
    const yaml::Node v = flags["vague"];
    if (!yaml::check_section(v, {"enabled", "max_units", "skip_score_at_least", "generic", "fillers", "positive"},
                             m_diag)) {
      return;
    }
    VagueRules& g = r.vague;
    flag(v, "enabled", g.enabled);
    small_int(v, "max_units", g.max_units, 0, 1000);
    small_int(v, "skip_score_at_least", g.skip_score_at_least, 0, 5);
    words(v["generic"], g.generic);
    words(v["fillers"], g.fillers);
    words(v["positive"], g.positive);
  }

  Rules& r;  // short: it is named on most lines
  Diagnostics& m_diag;
};

}  // namespace

Rules load_rules(const config::Document& doc) {
  Rules r;
  r.origin = doc.origin;
  Diagnostics diag(doc.origin);
  diag.attempt([&] { Loader(r, diag).load(yaml::Node::parse_over(config::Store().get("clean.yaml"), doc)); });
  diag.checkpoint();
  return r;
}

}  // namespace fbkit::clean
