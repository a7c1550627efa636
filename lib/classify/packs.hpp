// Domain packs (config/packs/NAME.yaml): the issue names, rules and words of
// one domain laid on the base rules, and which pack a file's rows are from
// (docs/rules.md, "Domain packs").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "classify/model.hpp"
#include "config/config.hpp"

namespace fbkit::classify {

// A pack as detection sees it.
struct PackInfo {
  std::string id;                    // `pack.id`
  std::vector<std::string> markers;  // `detect`: words of the domain
  config::Document doc;
};

// Detection reads this many rows at most, and needs a pack's markers in at
// least kDetectMinRows of them and in kDetectShare of the rows with a text.
constexpr std::size_t kDetectRows = 1000;
constexpr std::size_t kDetectMinRows = 20;
constexpr double kDetectShare = 0.3;

// The pack `name`: packs/NAME.yaml of the configuration, or the file `name`
// when it has a '/' or ends in .yaml. ConfigError (naming the packs there
// are) when there is none.
config::Document pack_document(const config::Store& store, const std::string& name);

// Every pack of the configuration (built in, and --config DIR's packs/), by name.
std::vector<PackInfo> list_packs(const config::Store& store);

// The rules of `doc` laid over the built-in classify.yaml (load_layered), with
// the pack `pack` laid on them; ConfigError with every mistake of both.
RuleSet load_packed(const config::Document& doc, const config::Document& pack);

// The pack a --pack value or run's `pack:` names: none for "none", else the
// one pack_document finds ("auto" is no name: detect_pack first).
std::optional<config::Document> named_pack(const config::Store& store, const std::string& name);

// The rules of `doc` with `pack` laid on them (load_packed), or alone
// (load_layered) without one.
RuleSet load_with_pack(const config::Document& doc, const config::Document* pack);

// The names stats and report show of the configuration's rules.
struct Names {
  RuleSet rules;  // the store's classify.yaml: categories, issues (departments canonical), settings, each rule's id and
                  // issue
  std::vector<Issue> pack_issues;  // the issues the packs add or rename, those of the first pack that names an id
};

// The Names of the store, classify.yaml parsed once and no regex compiled. The
// built-in rules are read for their names alone (their own tests check them);
// a user's classify.yaml is checked whole, so a mistake in it stops stats and
// report as it stops classify (ConfigError, as load_rules(store) throws). The
// packs' words and rules are classify's to check (classify --pack, --check-rules).
Names load_names(const config::Store& store);

struct Detection {
  const PackInfo* pack = nullptr;  // null: none passed the thresholds
  const PackInfo* best = nullptr;  // the pack with the most hits (the first of equal ones), passed or not; null: none
  std::size_t hits = 0;            // rows with one of best's markers
  std::size_t rows = 0;            // rows with a text
};

// The pack whose markers occur in the most of `texts` (one per row, empty ones
// not counted), when that is at least kDetectMinRows rows and kDetectShare of them.
Detection detect_pack(const std::vector<PackInfo>& packs, const std::vector<std::string>& texts);

// What is said of a detection (classify on standard error, run in its log):
// "fbkit classify: pack ID detected (HITS of ROWS rows)", or that none was, with
// the closest pack's count against the thresholds, so a user sees how far it was.
std::string detection_message(const Detection& d);

// The text columns (text, text_*) of the first `max_rows` rows of the CSV at
// `path`, one string per row; what could be read when the file has a mistake
// (the run that follows reports it).
std::vector<std::string> sample_texts(const std::string& path, const std::string& shown, std::size_t max_rows);

}  // namespace fbkit::classify
