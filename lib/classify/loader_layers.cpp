// The entry points of the rule loader: one file, a file laid over the built-in
// classify.yaml, and a domain pack on top (the loading itself is loader.cpp's); the
// rule set's lookups.
#include <optional>

#include "classify/departments.hpp"
#include "classify/loader.hpp"
#include "classify/loader_tree.hpp"
#include "classify/packs.hpp"
#include "config/yaml.hpp"

namespace fbkit::classify {

const Issue* RuleSet::find_issue(const std::string& id) const {
  for (const Issue& i : issues) {
    if (i.id == id) {
      return &i;
    }
  }
  return nullptr;
}

const Category* RuleSet::find_category(const std::string& id) const {
  for (const Category& c : categories) {
    if (c.id == id) {
      return &c;
    }
  }
  return nullptr;
}

namespace {

// Validates the tree at `root` (and a pack on it) into `out`: every mistake, in file order.
void check_tree(const yaml::Node& root, CheckedRules& out, const yaml::Node* pack = nullptr) {
  Diagnostics diag(out.rules.origin);
  load_tree(root, pack, out.rules, diag);
  out.errors = diag.sorted();
  out.omitted = diag.count() - out.errors.size();
}

// The rules, or ConfigError with every mistake.
RuleSet checked(CheckedRules&& c) {
  if (!c.errors.empty()) {
    std::vector<std::string> messages;
    for (const RuleError& e : c.errors) {
      messages.push_back(e.message());
    }
    throw ConfigError(std::move(messages), c.rules.origin, c.omitted);
  }
  return std::move(c.rules);
}

}  // namespace

CheckedRules check_rules(const config::Document& doc) {
  CheckedRules out;
  out.rules.origin = doc.origin;
  std::optional<yaml::Node> root;
  try {
    root = yaml::Node::parse(doc);
  } catch (const ConfigError& e) {
    out.errors.push_back(RuleError{e.where(), e.detail()});  // yaml-cpp stops at its first syntax error
    return out;
  }
  if (root->is_null()) {
    out.errors.push_back(RuleError{root->location(), "the rule file is empty"});
    return out;
  }
  check_tree(*root, out);
  return out;
}

CheckedRules check_layered(const config::Document& doc) {
  CheckedRules out;
  out.rules.origin = doc.origin;
  std::optional<yaml::Node> root;
  try {
    root = yaml::Node::parse_over(config::Store().get("classify.yaml"), doc);
  } catch (const ConfigError& e) {
    out.errors.push_back(RuleError{e.where(), e.detail()});
    return out;
  }
  check_tree(*root, out);
  return out;
}

RuleSet load_rules(const config::Document& doc) {
  return checked(check_rules(doc));
}

RuleSet load_layered(const config::Document& doc) {
  return checked(check_layered(doc));
}

CheckedRules check_packed(const config::Document& doc, const config::Document& pack) {
  CheckedRules out;
  out.rules.origin = doc.origin;
  try {
    const yaml::Node root = yaml::Node::parse_over(config::Store().get("classify.yaml"), doc);
    const yaml::Node top = yaml::Node::parse(pack);
    if (top.is_null()) {
      out.errors.push_back(RuleError{top.location(), "the pack file is empty"});
    } else {
      check_tree(root, out, &top);
    }
  } catch (const ConfigError& e) {
    out.errors.push_back(RuleError{e.where(), e.detail()});
  }
  return out;
}

RuleSet load_packed(const config::Document& doc, const config::Document& pack) {
  return checked(check_packed(doc, pack));
}

bool is_pack_file(const config::Document& doc) {
  try {
    const yaml::Node top = yaml::Node::parse(doc);
    return top.is_map() && top.has("pack");
  } catch (const ConfigError&) {
    return false;  // YAML that does not parse: check_layered says where
  }
}

std::vector<RuleSet> load_taxonomies(const config::Document& doc, const std::vector<config::Document>& packs,
                                     LoadPart base) {
  std::vector<RuleSet> out;
  std::optional<yaml::Node> root;  // parsed once for all the packs
  for (std::size_t i = 0; i <= packs.size(); ++i) {
    CheckedRules c;
    c.rules.origin = doc.origin;
    Diagnostics diag(c.rules.origin);
    try {
      if (!root) {
        root = yaml::Node::parse_over(config::Store().get("classify.yaml"), doc);
      }
      const std::optional<yaml::Node> top = i == 0 ? std::nullopt : std::optional(yaml::Node::parse(packs[i - 1]));
      if (top && top->is_null()) {
        diag.error(top->location(), "the pack file is empty");
      } else {
        load_tree(*root, top ? &*top : nullptr, c.rules, diag, i == 0 ? base : LoadPart::taxonomy);
      }
    } catch (const ConfigError& e) {
      diag.error(e);
    }
    c.errors = diag.sorted();
    c.omitted = diag.count() - c.errors.size();
    out.push_back(checked(std::move(c)));
  }
  return out;
}

RuleSet load_rules(const config::Store& store) {
  RuleSet rules = load_layered(store.get("classify.yaml"));
  use_departments(rules, store);
  return rules;
}

}  // namespace fbkit::classify
