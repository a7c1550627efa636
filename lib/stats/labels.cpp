#include "stats/labels.hpp"

#include <algorithm>
#include <set>

#include "config/yaml.hpp"
#include "core/diagnostics.hpp"
#include "core/error.hpp"
#include "core/strings.hpp"

namespace fbkit::stats {

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The label's joint with a stem: "满意度下限", "CSAT low".
std::string joint(const std::string& lang) {
  return lang == "en" ? " " : "";
}

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const std::string& i : items) {
    if (!out.empty()) {
      out += sep;
    }
    out += i;
  }
  return out;
}

// The keys whose zh or en label is `typed`.
std::vector<std::string> labelled(const std::map<std::string, Label>& labels, const std::string& typed) {
  std::vector<std::string> out;
  for (const auto& [key, label] : labels) {
    if (typed.empty()) {
      break;
    }
    if (label.zh == typed || label.en == typed) {
      out.push_back(key);
    }
  }
  return out;
}

// One of `candidates` (the typed text when none); UsageError when several.
std::string one_of(const std::vector<std::string>& candidates, const std::string& typed, const std::string& option,
                   const char* what) {
  if (candidates.size() > 1) {
    throw UsageError(option + ": '" + typed + "' names several " + what + ": " + join(candidates, ", ") +
                     " (name one)");
  }
  return candidates.empty() ? typed : candidates.front();
}

// The entries {zh: .., en: ..} of a map of labels.yaml.
void read_map(const yaml::Node& node, std::map<std::string, Label>& out, Diagnostics& diag) {
  std::vector<yaml::KeyedEntry> entries;
  if (node.is_null() || !diag.attempt([&] { entries = node.keyed_entries(); })) {
    return;
  }
  for (const yaml::KeyedEntry& e : entries) {
    if (!yaml::check_map(e.value, {"zh", "en"}, diag)) {
      continue;
    }
    Label& l = out[e.key];
    diag.attempt([&] { l.zh = e.value.str("zh", ""); });
    diag.attempt([&] { l.en = e.value.str("en", ""); });
  }
}

// The label of a code, or of each code of a ';'-separated list (praise_aspect
// "fit;quality", a --multi issue); a code without a label as it is.
std::string value_label(const std::map<std::string, std::string>& labels, const std::string& v) {
  const auto it = labels.find(v);
  if (it != labels.end() || v.find(';') == std::string::npos) {
    return it == labels.end() ? v : it->second;
  }
  std::string out;
  bool first = true;
  any_item(v, [&](std::string_view item) {
    const std::string part(item);
    const auto p = labels.find(part);
    out += (first ? "" : ";") + (p == labels.end() ? part : p->second);
    first = false;
    return false;
  });
  return out;
}

}  // namespace

const std::string& Label::in(const std::string& lang) const {
  static const std::string none;
  return lang == "zh" ? zh : lang == "en" ? en : none;
}

Labels Labels::load(const config::Store& store) {
  Labels out;
  const config::Document doc = store.get("labels.yaml");
  Diagnostics diag(doc.origin);
  diag.attempt([&] {
    const yaml::Node root = yaml::Node::parse_over(config::Store().get("labels.yaml"), doc);
    std::vector<yaml::KeyedEntry> families;
    diag.attempt([&] { families = root.keyed_entries(); });
    for (const yaml::KeyedEntry& f : families) {
      if (f.key == "columns") {
        read_map(f.value, out.m_columns, diag);
      } else if (f.key == "suffixes") {
        std::map<std::string, Label> suffixes;
        read_map(f.value, suffixes, diag);
        out.m_suffixes.assign(suffixes.begin(), suffixes.end());
      } else if (f.key == "metrics") {
        read_map(f.value, out.m_metrics, diag);
      } else {
        read_map(f.value, out.m_values[f.key], diag);
      }
    }
  });
  diag.checkpoint();
  // The score family names the score columns too.
  for (const auto& [code, label] : out.m_values["score"]) {
    out.m_columns.emplace(code, label);
  }
  return out;
}

void Labels::defer(std::function<ValueLabels()> load) {
  m_load = std::move(load);
}

const std::map<std::string, Label>* Labels::value_labels(const std::string& column) const {
  const auto own = m_values.find(column);
  if (own != m_values.end()) {
    return &own->second;
  }
  if (m_load) {
    m_loaded = m_load();
    m_load = nullptr;
  }
  const auto more = m_loaded.find(column);
  return more == m_loaded.end() ? nullptr : &more->second;
}

std::string Labels::column(const std::string& name, const std::string& lang) const {
  const std::string label = composed(name, lang);
  return label.empty() ? name : label;
}

std::string Labels::composed(const std::string& name, const std::string& lang) const {
  const auto it = m_columns.find(name);
  if (it != m_columns.end() && !it->second.in(lang).empty()) {
    return it->second.in(lang);
  }
  for (const auto& [suffix, label] : m_suffixes) {
    if (ends_with(name, suffix) && !label.in(lang).empty()) {
      const std::string stem = composed(name.substr(0, name.size() - suffix.size()), lang);
      if (!stem.empty()) {
        return stem + joint(lang) + label.in(lang);
      }
    }
  }
  return "";
}

std::map<std::string, std::map<std::string, std::string>> Labels::values(const std::string& lang) const {
  std::map<std::string, std::map<std::string, std::string>> out;
  value_labels("");  // runs the deferred loader
  for (const ValueLabels* all : {static_cast<const ValueLabels*>(&m_loaded), &m_values}) {
    for (const auto& [column, codes] : *all) {
      std::map<std::string, std::string>& o = out[column];
      o.clear();  // labels.yaml's own family replaces the deferred one
      for (const auto& [code, label] : codes) {
        if (!label.in(lang).empty()) {
          o[code] = label.in(lang);
        }
      }
    }
  }
  return out;
}

std::vector<std::string> Labels::column_meanings(const std::string& typed) const {
  std::set<std::string> out;
  for (const std::string& c : labelled(m_columns, typed)) {
    out.insert(c);
  }
  for (const auto& [suffix, label] : m_suffixes) {
    for (const char* lang : {"zh", "en"}) {
      const std::string tail = label.in(lang).empty() ? "" : joint(lang) + label.in(lang);
      if (!tail.empty() && ends_with(typed, tail)) {
        for (const std::string& stem : column_meanings(typed.substr(0, typed.size() - tail.size()))) {
          out.insert(stem + suffix);
        }
      }
    }
  }
  return {out.begin(), out.end()};
}

std::string Labels::resolve_column(const std::string& typed, const std::string& option) const {
  if (m_columns.count(typed) != 0) {
    return typed;
  }
  return one_of(column_meanings(typed), typed, option, "columns");
}

std::string Labels::resolve_value(const std::string& column, const std::string& typed,
                                  const std::string& option) const {
  const std::map<std::string, Label>* labels = value_labels(column);
  if (labels == nullptr || labels->count(typed) != 0) {
    return typed;
  }
  return one_of(labelled(*labels, typed), typed, option, ("values of " + column).c_str());
}

std::string Labels::resolve_metric(const std::string& typed, const std::string& option) const {
  if (typed == "n" || parse_metric(typed)) {
    return typed;
  }
  return one_of(labelled(m_metrics, typed), typed, option, "metrics");
}

std::string Labels::resolve_metrics(const std::string& list) const {
  std::string out;
  for (std::size_t i = 0; i <= list.size();) {
    const std::size_t j = std::min(list.find(',', i), list.size());
    if (i > 0) {
      out += ',';
    }
    out += resolve_metric(list.substr(i, j - i), "--metrics");
    i = j + 1;
  }
  return out;
}

Filter Labels::resolve(Filter f) const {
  if (!f.any.empty()) {
    for (Filter& a : f.any) {
      a = resolve(std::move(a));
    }
    f.column = f.any.front().column;
    return f;
  }
  const std::string option = "--where '" + f.text + "'";
  f.column = resolve_column(f.column, option);
  for (std::string& v : f.values) {
    v = resolve_value(f.column, v, option);
  }
  return f;
}

Table relabel(const Table& t, const Labels& labels, const std::string& lang) {
  Table out = t;
  const auto values = labels.values(lang);
  for (std::size_t c = 0; c < out.columns.size(); ++c) {
    Column& column = out.columns[c];
    const auto family = values.find(column.name);
    const bool metric = column.name == "metric";
    for (auto& row : out.rows) {
      auto* v = column.key ? std::get_if<std::string>(&row[c]) : nullptr;
      if (v != nullptr && metric) {
        *v = labels.column(*v, lang);
      } else if (v != nullptr && family != values.end()) {
        *v = value_label(family->second, *v);
      }
    }
    column.name = labels.column(column.name, lang);
  }
  return out;
}

std::string filter_text(const Filter& f) {
  if (!f.any.empty()) {
    std::vector<std::string> parts;
    for (const Filter& a : f.any) {
      parts.push_back(filter_text(a));
    }
    return join(parts, "|");
  }
  switch (f.op) {
    case Filter::Op::in:
      return f.column + "=" + join(f.values, ",");
    case Filter::Op::not_in:
      return f.column + "!=" + join(f.values, ",");
    case Filter::Op::lt:
      return f.column + "<" + f.operand;
    case Filter::Op::le:
      return f.column + "<=" + f.operand;
    case Filter::Op::gt:
      return f.column + ">" + f.operand;
    case Filter::Op::ge:
      return f.column + ">=" + f.operand;
  }
  return f.text;
}

}  // namespace fbkit::stats
