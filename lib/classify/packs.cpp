#include "classify/packs.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>

#include "classify/departments.hpp"
#include "classify/loader.hpp"
#include "config/yaml.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/schema.hpp"
#include "core/strings.hpp"
#include "csv/reader.hpp"

namespace fbkit::classify {

namespace {

// "a, b and c" of the packs there are.
std::string pack_names(const config::Store& store) {
  std::string out;
  const std::vector<std::string> files = store.list("packs/");
  for (std::size_t i = 0; i < files.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == files.size() ? " and " : ", ") + files[i].substr(6, files[i].size() - 11);
  }
  return out.empty() ? "none" : out;
}

}  // namespace

config::Document pack_document(const config::Store& store, const std::string& name) {
  if (config::names_file(name)) {
    try {
      return config::Document{name, name, read_file(name)};
    } catch (const IoError& e) {
      throw ConfigError(std::string("--pack: ") + e.what());  // like --rules: exit 2
    }
  }
  const std::string file = "packs/" + name + ".yaml";
  if (name.empty() || name.find_first_of(".\\") != std::string::npos || !store.has(file)) {
    throw UsageError("--pack: no pack " + quote_value(name) + " (there are " + pack_names(store) +
                     "; or name a pack file)");
  }
  return store.get(file);
}

std::vector<PackInfo> list_packs(const config::Store& store) {
  std::vector<PackInfo> out;
  for (const std::string& file : store.list("packs/")) {
    PackInfo p;
    p.doc = store.get(file);
    const yaml::Node root = yaml::Node::parse(p.doc);
    p.id = file.substr(6, file.size() - 11);
    if (root.is_map()) {
      p.markers = root["detect"].strings();
    }
    for (std::string& m : p.markers) {
      m = ascii_lower(m);
    }
    out.push_back(std::move(p));
  }
  return out;
}

Names load_names(const config::Store& store) {
  const config::Document doc = store.get("classify.yaml");
  std::vector<config::Document> packs;
  for (const std::string& file : store.list("packs/")) {
    packs.push_back(store.get(file));
  }
  std::vector<RuleSet> sets = load_taxonomies(doc, packs, doc.builtin ? LoadPart::names : LoadPart::all);
  Names out;
  std::set<std::string> seen;
  for (const Issue& i : sets[0].issues) {
    seen.insert(i.id);
  }
  for (std::size_t s = 1; s < sets.size(); ++s) {
    for (Issue& i : sets[s].issues) {
      if (seen.insert(i.id).second) {
        out.pack_issues.push_back(std::move(i));
      }
    }
  }
  out.rules = std::move(sets[0]);
  use_departments(out.rules, store);
  return out;
}

std::optional<config::Document> named_pack(const config::Store& store, const std::string& name) {
  if (name == "none") {
    return std::nullopt;
  }
  return pack_document(store, name);
}

RuleSet load_with_pack(const config::Document& doc, const config::Document* pack) {
  return pack != nullptr ? load_packed(doc, *pack) : load_layered(doc);
}

std::string detection_message(const Detection& d) {
  if (d.pack == nullptr) {
    if (d.best == nullptr) {
      return "fbkit classify: no pack detected (no pack's words in " + std::to_string(d.rows) +
             (d.rows == 1 ? " row" : " rows") + " with a text): the base rules";
    }
    return "fbkit classify: no pack detected (the most rows with a pack's words: " + d.best->id + ", " +
           std::to_string(d.hits) + " of " + std::to_string(d.rows) + "; a pack needs " +
           std::to_string(kDetectMinRows) + " rows and " + std::to_string(std::lround(kDetectShare * 100)) +
           "% of them): the base rules";
  }
  return "fbkit classify: pack " + d.pack->id + " detected (" + std::to_string(d.hits) + " of " +
         std::to_string(d.rows) + " rows)";
}

Detection detect_pack(const std::vector<PackInfo>& packs, const std::vector<std::string>& texts) {
  std::vector<std::size_t> hits(packs.size(), 0);
  std::size_t rows = 0;
  for (const std::string& raw : texts) {
    if (raw.find_first_not_of(" \t\r\n") == std::string::npos) {
      continue;
    }
    ++rows;
    const std::string text = ascii_lower(raw);
    for (std::size_t p = 0; p < packs.size(); ++p) {
      const auto& m = packs[p].markers;
      hits[p] +=
          std::any_of(m.begin(), m.end(), [&](const std::string& w) { return text.find(w) != std::string::npos; }) ? 1
                                                                                                                   : 0;
    }
  }
  Detection d;
  d.rows = rows;
  for (std::size_t p = 0; p < packs.size(); ++p) {
    // The first of equal counts: packs are in name order.
    if (hits[p] > d.hits) {
      d.hits = hits[p];
      d.best = &packs[p];
    }
  }
  if (d.hits >= kDetectMinRows && static_cast<double>(d.hits) >= kDetectShare * static_cast<double>(rows)) {
    d.pack = d.best;
  }
  return d;
}

std::vector<std::string> sample_texts(const std::string& path, const std::string& shown, std::size_t max_rows) {
  std::vector<std::string> out;
  try {
    FileSource src(path, shown);
    csv::Reader reader(src);
    const std::vector<std::string> header = reader.read_header();
    std::vector<std::size_t> cols;
    for (std::size_t c = 0; c < header.size(); ++c) {
      if (schema::is_text(header[c])) {
        cols.push_back(c);
      }
    }
    csv::Record rec;
    while (out.size() < max_rows && reader.next(rec)) {
      std::string row;
      for (const std::size_t c : cols) {
        if (c < rec.size()) {
          row.append(rec[c]).push_back('\n');
        }
      }
      out.push_back(std::move(row));
    }
  } catch (const Error&) {
    // The classifying pass reads the same rows and reports the mistake where it belongs.
  }
  return out;
}

}  // namespace fbkit::classify
