#include "import/profile.hpp"

#include <algorithm>
#include <filesystem>

#include "config/yaml.hpp"
#include "core/diagnostics.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/schema.hpp"
#include "core/strings.hpp"
#include "text/glob.hpp"
#include "text/unicode.hpp"

namespace fbkit::import {

namespace {

HeaderPattern make_pattern(const std::string& raw) {
  HeaderPattern h;
  h.glob = raw.find('*') != std::string::npos;
  if (h.glob) {
    // Normalize the literal pieces between the stars.
    std::string out;
    std::size_t start = 0;
    for (;;) {
      const std::size_t star = raw.find('*', start);
      const std::string piece = raw.substr(start, star == std::string::npos ? std::string::npos : star - start);
      std::string norm = text::casefold(text::nfkc(piece));
      out += norm;
      if (star == std::string::npos) {
        break;
      }
      out += '*';
      start = star + 1;
    }
    h.text = out;
  } else {
    h.text = text::normalize_key(raw);
  }
  return h;
}

bool is_canonical_target(const std::string& name) {
  return schema::find(name) != nullptr || schema::is_score(name) || schema::is_text(name);
}

// Records unless `target` is a canonical column.
bool check_target(const std::string& target, const yaml::Node& at, Diagnostics& diag) {
  if (is_canonical_target(target)) {
    return true;
  }
  yaml::record(diag, at, "not a canonical column (see docs/contract.md)");
  return false;
}

void load_value_maps(const yaml::Node& node, std::map<std::string, std::map<std::string, std::string>>& into,
                     Diagnostics& diag) {
  std::vector<yaml::KeyedEntry> targets;
  diag.attempt([&] { targets = node.keyed_entries(); });
  for (const yaml::KeyedEntry& t : targets) {
    std::vector<std::pair<std::string, yaml::Node>> entries;
    if (check_target(t.key, t.key_node, diag) && diag.attempt([&] { entries = t.value.entries(); })) {
      for (const auto& entry : entries) {
        diag.attempt([&] { into[t.key][text::normalize_key(entry.first)] = entry.second.str(); });
      }
    }
  }
}

// The Likert answers of import_values.yaml: each a whole number 1-5.
void load_scores(const yaml::Node& node, std::map<std::string, int>& into, Diagnostics& diag) {
  std::vector<std::pair<std::string, yaml::Node>> entries;
  diag.attempt([&] { entries = node.entries(); });
  for (const auto& entry : entries) {
    std::string v;
    if (diag.attempt([&] { v = entry.second.str(); })) {
      if (v.size() == 1 && v[0] >= '1' && v[0] <= '5') {
        into[text::normalize_key(entry.first)] = v[0] - '0';
      } else {
        yaml::record(diag, entry.second, "expected a score 1-5, found " + quote_value(v));
      }
    }
  }
}

// The rules of `columns` or `fallback`: canonical column -> header names.
void read_rules(const yaml::Node& node, std::vector<ColumnRule>& into, Diagnostics& diag) {
  std::vector<yaml::KeyedEntry> columns;
  diag.attempt([&] { columns = node.keyed_entries(); });
  for (const yaml::KeyedEntry& c : columns) {
    ColumnRule rule{c.key, {}};
    if (check_target(c.key, c.key_node, diag) && diag.attempt([&] {
          for (const std::string& name : c.value.strings()) {
            rule.headers.push_back(make_pattern(name));
          }
        })) {
      into.push_back(std::move(rule));
    }
  }
}

// Reads one profile's (layered) tree over the common value maps; every mistake is recorded in `diag`.
void read_profile(const yaml::Node& root, const yaml::Node* common, Profile& p, Diagnostics& diag) {
  if (!yaml::check_map(root,
                       {"name", "description", "date_order", "columns", "fallback", "values", "constants", "drop",
                        "keep", "required", "keep_unmapped"},
                       diag)) {
    return;
  }
  diag.attempt([&] { p.name = root.required_str("name"); });
  diag.attempt([&] { p.description = root.str("description", ""); });
  std::string order;
  if (diag.attempt([&] { order = root.str("date_order", "ymd"); })) {
    if (order == "ymd") {
      p.date_order = values::DateOrder::ymd;
    } else if (order == "mdy") {
      p.date_order = values::DateOrder::mdy;
    } else if (order == "dmy") {
      p.date_order = values::DateOrder::dmy;
    } else {
      yaml::record(diag, root["date_order"], "expected ymd, mdy or dmy, found " + quote_value(order));
    }
  }
  read_rules(root["columns"], p.columns, diag);
  read_rules(root["fallback"], p.fallbacks, diag);
  if (common != nullptr && yaml::check_map(*common, {"values", "scores"}, diag)) {
    load_value_maps((*common)["values"], p.values, diag);
    load_scores((*common)["scores"], p.scores, diag);
  }
  load_value_maps(root["values"], p.values, diag);
  std::vector<yaml::KeyedEntry> constants;
  diag.attempt([&] { constants = root["constants"].keyed_entries(); });
  for (const yaml::KeyedEntry& c : constants) {
    if (check_target(c.key, c.key_node, diag)) {
      diag.attempt([&] { p.constants.emplace_back(c.key, c.value.str()); });
    }
  }
  diag.attempt([&] {
    for (const std::string& h : root.strings("drop")) {
      p.drop.push_back(make_pattern(h));
    }
  });
  diag.attempt([&] {
    for (const std::string& h : root.strings("keep")) {
      p.keep.push_back(make_pattern(h));
    }
  });
  std::vector<yaml::Node> required;
  diag.attempt([&] { required = root["required"].items(); });
  for (const yaml::Node& r : required) {
    std::string name;
    if (diag.attempt([&] { name = r.str(); }) && check_target(name, r, diag)) {
      p.required.push_back(name);
    }
  }
  diag.attempt([&] { p.keep_unmapped = root.boolean("keep_unmapped", true); });
}

// The common value maps a store's profiles start from: its import_values.yaml over the built-in one.
yaml::Node common_values(const config::Store& store) {
  return yaml::Node::parse_over(config::Store().get("import_values.yaml"), store.get("import_values.yaml"));
}

// One profile of the store: its file laid over the built-in file of the same name, if there is one.
Profile layered_profile(const config::Store& store, const std::string& name, const yaml::Node& common,
                        Diagnostics& diag) {
  Profile p;
  const config::Document doc = store.get(name);
  p.origin = doc.origin;
  const config::Store builtin;
  diag.attempt([&] {
    const yaml::Node root = builtin.has(name) ? yaml::Node::parse_over(builtin.get(name), doc) : yaml::Node::parse(doc);
    read_profile(root, &common, p, diag);
  });
  return p;
}

}  // namespace

bool HeaderPattern::matches(const std::string& normalized_header) const {
  return glob ? text::glob_match(text, normalized_header) : text == normalized_header;
}

std::optional<std::string> Profile::target_of(const std::string& normalized_header) const {
  for (const ColumnRule& rule : columns) {
    for (const HeaderPattern& h : rule.headers) {
      if (h.matches(normalized_header)) {
        return rule.target;
      }
    }
  }
  return std::nullopt;
}

bool Profile::drops(const std::string& normalized_header) const {
  return std::any_of(drop.begin(), drop.end(), [&](const HeaderPattern& h) { return h.matches(normalized_header); });
}

bool Profile::keeps(const std::string& normalized_header) const {
  return std::any_of(keep.begin(), keep.end(), [&](const HeaderPattern& h) { return h.matches(normalized_header); });
}

Profile load_profile(const config::Document& doc, const config::Document* common_values) {
  Profile p;
  p.origin = doc.origin;
  Diagnostics diag(doc.origin);
  diag.attempt([&] {
    const yaml::Node root = yaml::Node::parse(doc);
    std::optional<yaml::Node> common;
    if (common_values != nullptr) {
      common = yaml::Node::parse(*common_values);
    }
    read_profile(root, common ? &*common : nullptr, p, diag);
  });
  diag.checkpoint();
  return p;
}

std::vector<Profile> load_profiles(const config::Store& store) {
  std::vector<Profile> out;
  Diagnostics diag("import/");
  std::optional<yaml::Node> common;
  diag.attempt([&] { common = common_values(store); });
  diag.checkpoint();
  for (const std::string& name : store.list("import/")) {
    out.push_back(layered_profile(store, name, *common, diag));
  }
  diag.checkpoint();  // every mistake of every profile at once
  std::sort(out.begin(), out.end(), [](const Profile& a, const Profile& b) { return a.name < b.name; });
  return out;
}

Profile find_profile(const config::Store& store, const std::string& name_or_path) {
  std::error_code ec;
  if (name_or_path.find('/') != std::string::npos || std::filesystem::is_regular_file(name_or_path, ec)) {
    if (!std::filesystem::is_regular_file(name_or_path, ec)) {
      throw UsageError("--profile " + name_or_path + ": no such file");
    }
    // A profile named by its path stands alone (over the common value maps).
    const yaml::Node common = common_values(store);
    Profile p;
    p.origin = name_or_path;
    Diagnostics diag(name_or_path);
    diag.attempt([&] {
      read_profile(yaml::Node::parse(config::Document{name_or_path, name_or_path, read_file(name_or_path)}), &common, p,
                   diag);
    });
    diag.checkpoint();
    return p;
  }
  std::string known;
  for (Profile& p : load_profiles(store)) {
    if (p.name == name_or_path) {
      return std::move(p);
    }
    known += (known.empty() ? "" : ", ") + p.name;
  }
  throw UsageError("--profile " + name_or_path + ": no such profile (built in: " + known + ")");
}

}  // namespace fbkit::import
