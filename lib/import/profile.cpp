#include "import/profile.hpp"

#include <algorithm>
#include <filesystem>

#include "config/yaml.hpp"
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

void load_value_maps(const yaml::Node& node, std::map<std::string, std::map<std::string, std::string>>& into) {
  for (const auto& [target, key, map] : node.keyed_entries()) {
    if (!is_canonical_target(target)) {
      key.fail("not a canonical column (see docs/contract.md)");
    }
    for (const auto& [from, to] : map.entries()) {
      into[target][text::normalize_key(from)] = to.str();
    }
  }
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

Profile load_profile(const config::Document& doc, const config::Document* common_values) {
  const yaml::Node root = yaml::Node::parse(doc);
  root.expect_map(
      {"name", "description", "date_order", "columns", "values", "constants", "drop", "required", "keep_unmapped"});
  Profile p;
  p.origin = doc.origin;
  p.name = root.required_str("name");
  p.description = root.str("description", "");
  const std::string order = root.str("date_order", "ymd");
  if (order == "ymd") {
    p.date_order = values::DateOrder::ymd;
  } else if (order == "mdy") {
    p.date_order = values::DateOrder::mdy;
  } else if (order == "dmy") {
    p.date_order = values::DateOrder::dmy;
  } else {
    root["date_order"].fail("expected ymd, mdy or dmy, found " + quote_value(order));
  }
  for (const auto& [target, key, headers] : root["columns"].keyed_entries()) {
    if (!is_canonical_target(target)) {
      key.fail("not a canonical column (see docs/contract.md)");
    }
    ColumnRule rule{target, {}};
    for (const std::string& h : headers.strings()) {
      rule.headers.push_back(make_pattern(h));
    }
    p.columns.push_back(std::move(rule));
  }
  if (common_values != nullptr) {
    const yaml::Node common = yaml::Node::parse(*common_values);
    common.expect_map({"values"});
    load_value_maps(common["values"], p.values);
  }
  load_value_maps(root["values"], p.values);
  for (const auto& [target, key, value] : root["constants"].keyed_entries()) {
    if (!is_canonical_target(target)) {
      key.fail("not a canonical column (see docs/contract.md)");
    }
    p.constants.emplace_back(target, value.str());
  }
  for (const std::string& h : root.strings("drop")) {
    p.drop.push_back(make_pattern(h));
  }
  for (const yaml::Node& r : root["required"].items()) {
    if (!is_canonical_target(r.str())) {
      r.fail("not a canonical column (see docs/contract.md)");
    }
    p.required.push_back(r.str());
  }
  p.keep_unmapped = root.boolean("keep_unmapped", true);
  return p;
}

std::vector<Profile> load_profiles(const config::Store& store) {
  const config::Document common = store.get("import_values.yaml");
  std::vector<Profile> out;
  for (const std::string& name : store.list("import/")) {
    out.push_back(load_profile(store.get(name), &common));
  }
  std::sort(out.begin(), out.end(), [](const Profile& a, const Profile& b) { return a.name < b.name; });
  return out;
}

Profile find_profile(const config::Store& store, const std::string& name_or_path) {
  const config::Document common = store.get("import_values.yaml");
  std::error_code ec;
  if (name_or_path.find('/') != std::string::npos || std::filesystem::is_regular_file(name_or_path, ec)) {
    if (!std::filesystem::is_regular_file(name_or_path, ec)) {
      throw UsageError("--profile " + name_or_path + ": no such file");
    }
    return load_profile(config::Document{name_or_path, name_or_path, read_file(name_or_path)}, &common);
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
