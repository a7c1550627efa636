// Reads a classification rule file (YAML) into a validated RuleSet. Every
// mistake is "FILE:LINE:COL: key.path: what"; check_rules() collects all of
// them, load_rules() throws them all (one ConfigError, see core/diagnostics.hpp).
#pragma once

#include <string>
#include <vector>

#include "classify/model.hpp"
#include "config/config.hpp"
#include "core/diagnostics.hpp"
#include "core/error.hpp"

namespace fbkit::classify {

// One mistake in a rule file: where, and "key.path: what".
using RuleError = Diagnostic;

// A rule file validated as a whole.
struct CheckedRules {
  RuleSet rules;                  // usable only when `errors` is empty; a rule with a mistake is left out
  std::vector<RuleError> errors;  // every mistake, in file order (line, then column), up to kMaxDiagnostics
  std::size_t omitted = 0;        // mistakes beyond those

  std::size_t error_count() const { return errors.size() + omitted; }
};

// Parses and validates the whole file on its own, going on after a mistake
// with the next key, list item or rule; only YAML that does not parse stops
// it (one error). Mistakes that follow from an earlier one (a rule naming an
// issue whose definition is broken) are not reported.
CheckedRules check_rules(const config::Document& doc);

// The same for the rules a run uses: `doc` (classify.yaml of --config DIR, or
// --rules FILE) laid over the built-in classify.yaml (yaml::Node::overlay():
// mappings merge by key, a list replaces the built-in list). An empty `doc`
// gives the built-in rules.
CheckedRules check_layered(const config::Document& doc);

// The same for a domain pack (config/packs/NAME.yaml, docs/rules.md "Domain
// packs"): `doc` laid over the built-in classify.yaml, `pack` laid on that;
// every mistake of both (a pack's are reported at the pack file's lines).
CheckedRules check_packed(const config::Document& doc, const config::Document& pack);

// Whether `doc` is a domain pack rather than a rule file: a mapping with a
// top-level `pack` key (a rule file has none). False for YAML that does not parse.
bool is_pack_file(const config::Document& doc);

// check_rules(doc); throws ConfigError with every mistake.
RuleSet load_rules(const config::Document& doc);

// check_layered(doc); throws ConfigError with every mistake.
RuleSet load_layered(const config::Document& doc);

// How much of a rule file a load reads: the settings, categories and a pack's
// issues alone (the names stats and report show; the words and rules are
// classify's to check: classify --pack, --check-rules); those and each rule's
// id and issue (no words, no patterns: no regex compiled); or all of it.
enum class LoadPart { taxonomy, names, all };

// `doc` laid over the built-in classify.yaml (parsed once), read as `base`
// says, then the taxonomy of each of `packs` laid on that: one RuleSet for
// `doc` and one a pack, in order. ConfigError with every mistake of a part
// read; with LoadPart::all, those load_layered(doc) throws.
std::vector<RuleSet> load_taxonomies(const config::Document& doc, const std::vector<config::Document>& packs,
                                     LoadPart base = LoadPart::taxonomy);

// load_layered() of the store's classify.yaml (the built-in rules overlaid with --config DIR's).
RuleSet load_rules(const config::Store& store);

// Problems that do not stop a run but mean a rule can never decide: a rule
// shadowed by an earlier one (same or wider `any`, no further conditions),
// each as "FILE:LINE:COL: warning: what" (lint.cpp).
std::vector<std::string> lint_rules(const RuleSet& rules);

}  // namespace fbkit::classify
