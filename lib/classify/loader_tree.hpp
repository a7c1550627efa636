// Inside lib/classify: the rule-file loader on a parsed tree (loader.cpp), for
// the layered and packed entry points (loader_layers.cpp, packs.cpp).
#pragma once

#include <vector>

#include "classify/loader.hpp"
#include "classify/model.hpp"
#include "config/yaml.hpp"
#include "core/diagnostics.hpp"

namespace fbkit::classify {

// Validates `root` (with the domain pack `pack` laid on it, when not null) into
// `out`, recording every mistake in `diag` and going on after each; `part`
// (loader.hpp) says how much of it: the whole rule file, or the names alone.
void load_tree(const yaml::Node& root, const yaml::Node* pack, RuleSet& out, Diagnostics& diag,
               LoadPart part = LoadPart::all);

// A pack's `urgent_issue` (docs/rules.md, "Domain packs"), a mapping: the issue an
// urgency rule names (as the pack calls it) -> the one it gives instead; an unknown
// one is recorded (loader_urgent.cpp).
void load_urgent_issue(const yaml::Node& pack, RuleSet& out, Diagnostics& diag);

// The conditions of a rule's `when` (a mapping of column to condition) into
// `out`; each one that cannot be read is recorded (loader_when.cpp).
void load_when(const yaml::Node& when, std::vector<Condition>& out, Diagnostics& diag);

}  // namespace fbkit::classify
