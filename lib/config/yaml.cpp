#include "config/yaml.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>

#include "config/preflight.hpp"
#include "core/strings.hpp"

namespace fbkit::yaml {

namespace {

std::string join_path(const std::string& base, std::string_view key) {
  return base.empty() ? path_key(key) : base + "." + path_key(key);
}

std::string kind_of(const YAML::Node& n) {
  if (!n || n.IsNull()) {
    return "nothing";
  }
  if (n.IsMap()) {
    return "a mapping";
  }
  if (n.IsSequence()) {
    return "a list";
  }
  return quote_value(n.Scalar());
}

// The text of a mapping key of `parent`. yaml-cpp allows a list or a mapping as a key
// (`? [a, b]`), and as<std::string>() would throw its own exception on one.
std::string key_text(const YAML::Node& key, const Node& parent) {
  if (key.IsMap() || key.IsSequence()) {
    parent.at(key, parent.path()).fail("expected a text key, found " + kind_of(key));
  }
  return key.as<std::string>();
}

// Refuses a document that is not UTF-8 (nor UTF-16 or UTF-32 with a byte order mark, which
// yaml-cpp decodes): yaml-cpp reads other bytes as they are, so a file saved as GBK (Notepad's
// "ANSI" on a Chinese Windows) loaded without a word and its phrases matched nothing.
void require_utf8(const config::Document& doc) {
  const std::string& s = doc.content;
  for (const std::string_view bom :
       {std::string_view("\xFF\xFE"), std::string_view("\xFE\xFF"), std::string_view("\x00\x00\xFE\xFF", 4)}) {
    if (s.rfind(bom, 0) == 0) {
      return;
    }
  }
  std::int64_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t n = decode_utf8(s, i, cp);
    if (n == 0) {
      const Location at{
          doc.origin, line,
          static_cast<std::int64_t>(utf8_chars(std::string_view(s).substr(line_start, i - line_start))) + 1};
      throw ConfigError(at, "not UTF-8 (byte " + hex_bytes(&s[i], 1) +
                                "): save the file as UTF-8; a file saved as GBK, or as \"ANSI\" on a Chinese "
                                "Windows, would be read wrong");
    }
    if (cp == '\n') {
      ++line;
      line_start = i + 1;
    }
    i += n;
  }
}

}  // namespace

std::string path_key(std::string_view key) {
  return excerpt(key, 60);
}

std::uint64_t expansion_budget(std::size_t file_bytes) {
  return 10 * static_cast<std::uint64_t>(file_bytes) + 1000000;
}

Location location_of(const std::string& origin, const YAML::Mark& mark, const DocText* text) {
  Location at{origin, mark.line + 1, mark.column + 1};
  if (text == nullptr || mark.pos < mark.column || mark.column < 0) {
    return at;
  }
  // The mark's line starts `column` bytes before `pos`, which does not count a UTF-8 byte order
  // mark; the characters from there to `pos` make the column.
  const std::string& bytes = text->bytes();
  const std::size_t bom = bytes.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  const std::size_t pos = bom + static_cast<std::size_t>(mark.pos);
  const std::size_t start = pos - static_cast<std::size_t>(mark.column);
  if (pos <= bytes.size() && (start == bom || bytes[start - 1] == '\n' || bytes[start - 1] == '\r')) {
    at.col = 1 + static_cast<std::int64_t>(text->chars_between(start, pos));
  }
  return at;
}

Node::Node(const YAML::Node& node, std::string origin, std::string path, YAML::Mark fallback)
    : m_node(node), m_origin(std::move(origin)), m_path(std::move(path)), m_mark(fallback) {
  if (m_node && m_node.IsDefined() && !m_node.Mark().is_null()) {
    m_mark = m_node.Mark();
  }
}

Node Node::parse(const config::Document& doc) {
  const auto text = std::make_shared<const DocText>(doc.content);
  try {
    // First the size the aliases expand to and the keys written twice, then the tree (yaml-cpp
    // reads the first document of both). fbkit's own files are not read twice: that first
    // reading was 40% of a report's start (tests/unit/test_config_yaml.cpp checks them).
    if (!doc.builtin) {
      require_utf8(doc);
      preflight(doc.origin, *text);
    }
    YAML::Node root = YAML::Load(doc.content);
    Node out(root, doc.origin, "");
    out.m_text = text;
    return out;
  } catch (const YAML::Exception& e) {
    throw ConfigError(location_of(doc.origin, e.mark, text.get()), "invalid YAML: " + excerpt(e.msg, 120));
  }
}

Node& Node::operator=(const Node& other) {
  if (this != &other) {
    m_node.reset(other.m_node);
    m_origin = other.m_origin;
    m_path = other.m_path;
    m_mark = other.m_mark;
    m_text = other.m_text;
    m_base = other.m_base;
  }
  return *this;
}

Node& Node::operator=(Node&& other) noexcept {
  if (this != &other) {
    m_node.reset(other.m_node);
    m_origin = std::move(other.m_origin);
    m_path = std::move(other.m_path);
    m_mark = other.m_mark;
    m_text = std::move(other.m_text);
    m_base = std::move(other.m_base);
  }
  return *this;
}

Node Node::overlay(const Node& base, const Node& top) {
  if (top.is_null()) {
    return base;
  }
  if (!top.is_map() || !base.is_map()) {
    return top;
  }
  Node out = top;
  out.m_base = std::make_shared<const Node>(base);
  return out;
}

Node Node::parse_over(const config::Document& builtin, const config::Document& doc) {
  if (doc.origin == builtin.origin && doc.content == builtin.content) {
    return parse(builtin);
  }
  const Node top = parse(doc);
  return overlay(parse(builtin), top);
}

Location Node::location() const {
  if (m_mark.is_null()) {
    return Location{m_origin, 0, 0};
  }
  return location_of(m_origin, m_mark, m_text.get());
}

Node Node::at(const YAML::Node& node, std::string path, YAML::Mark fallback) const {
  Node out(node, m_origin, std::move(path), fallback);
  out.m_text = m_text;
  return out;
}

void Node::fail(const std::string& what) const {
  throw ConfigError(location(), (m_path.empty() ? std::string() : m_path + ": ") + what);
}

void Node::expect_map() const {
  if (m_node.IsMap()) {
    return;
  }
  if (m_path.empty() && (m_node.IsScalar() || m_node.IsSequence())) {
    // The whole file: its text would be the value shown (a password file is one long YAML scalar).
    fail(std::string("not a configuration file: expected key: value lines, found ") +
         (m_node.IsScalar() ? "plain text" : "a list"));
  }
  fail("expected a mapping (key: value lines), found " + kind_of(m_node));
}

void Node::expect_some_key(std::initializer_list<std::string_view> allowed) const {
  if (!m_path.empty() || !m_node.IsMap() || m_node.size() < 2) {
    return;  // one unknown key is reported as such
  }
  for (const auto& kv : m_node) {
    if (kv.first.IsScalar() && std::find(allowed.begin(), allowed.end(), kv.first.Scalar()) != allowed.end()) {
      return;
    }
  }
  std::string list;
  for (const std::string_view a : allowed) {
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  fail("not a configuration file of this kind: none of its " + std::to_string(m_node.size()) + " keys is one of " +
       list);
}

void Node::expect_map(std::initializer_list<std::string_view> allowed) const {
  expect_map();
  expect_some_key(allowed);
  for (const auto& kv : m_node) {
    const std::string key = key_text(kv.first, *this);
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string list;
      for (const std::string_view a : allowed) {
        list += (list.empty() ? "" : ", ") + std::string(a);
      }
      at(kv.first, join_path(m_path, key)).fail("unknown key (allowed here: " + list + ")");
    }
  }
}

bool Node::has(std::string_view key) const {
  return (m_node.IsMap() && m_node[std::string(key)].IsDefined() && !m_node[std::string(key)].IsNull()) ||
         (m_base && m_base->has(key));
}

Node Node::operator[](std::string_view key) const {
  if (!m_node.IsMap()) {
    if (is_null()) {
      return at(YAML::Node(), join_path(m_path, key), m_mark);
    }
    fail("expected a mapping, found " + kind_of(m_node));
  }
  const YAML::Node child = m_node[std::string(key)];
  const Node top = at(child.IsDefined() ? child : YAML::Node(), join_path(m_path, key), m_mark);
  return m_base ? overlay((*m_base)[key], top) : top;
}

std::vector<Node> Node::items() const {
  std::vector<Node> out;
  if (is_null()) {
    return out;
  }
  if (!m_node.IsSequence()) {
    fail("expected a list, found " + kind_of(m_node));
  }
  for (std::size_t i = 0; i < m_node.size(); ++i) {
    out.push_back(at(m_node[i], m_path + "[" + std::to_string(i) + "]", m_mark));
  }
  return out;
}

std::vector<std::pair<std::string, Node>> Node::entries() const {
  std::vector<std::pair<std::string, Node>> out;
  std::vector<KeyedEntry> entries = keyed_entries();
  out.reserve(entries.size());
  for (KeyedEntry& e : entries) {
    out.emplace_back(std::move(e.key), std::move(e.value));
  }
  return out;
}

std::vector<KeyedEntry> Node::keyed_entries() const {
  std::vector<KeyedEntry> out;
  if (is_null()) {
    return out;
  }
  expect_map();
  // Reserved: a Node's move may throw (YAML::Node has no move), so growing the vector copied every entry.
  out.reserve(m_node.size());
  for (const auto& kv : m_node) {
    const std::string key = key_text(kv.first, *this);
    const std::string path = join_path(m_path, key);
    out.push_back(KeyedEntry{key, at(kv.first, path), at(kv.second, path, kv.first.Mark())});
  }
  if (!m_base) {
    return out;
  }
  // The base's keys in its order, each laid under this node's, then this node's own new keys
  // (found by key: a search of the other list per key was quadratic in a long mapping).
  std::unordered_map<std::string, std::size_t> mine_at;  // each own key's first entry
  mine_at.reserve(out.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    mine_at.emplace(out[i].key, i);
  }
  std::vector<KeyedEntry> merged = m_base->keyed_entries();
  std::unordered_set<std::string> present;
  present.reserve(merged.size() + out.size());
  for (KeyedEntry& e : merged) {
    const auto m = mine_at.find(e.key);
    if (m != mine_at.end() && !out[m->second].value.is_null()) {
      const KeyedEntry& mine = out[m->second];
      e = KeyedEntry{mine.key, mine.key_node, overlay(e.value, mine.value)};
    }
    present.insert(e.key);
  }
  merged.reserve(merged.size() + out.size());
  for (KeyedEntry& o : out) {
    if (present.insert(o.key).second) {
      merged.push_back(std::move(o));
    }
  }
  return merged;
}

void record(Diagnostics& diag, const Node& at, const std::string& what) {
  diag.error(at.location(), at.path().empty() ? what : at.path() + ": " + what);
}

bool check_map(const Node& n, std::initializer_list<std::string_view> allowed, Diagnostics& diag, bool any_key) {
  if (!diag.attempt([&] { n.expect_map(); }) || (!any_key && !diag.attempt([&] { n.expect_some_key(allowed); }))) {
    return false;
  }
  for (const auto& kv : n.raw()) {
    const YAML::Node& key = kv.first;
    if (key.IsMap() || key.IsSequence()) {
      diag.error(n.at(key, n.path()).location(),
                 (n.path().empty() ? "" : n.path() + ": ") + "expected a text key, found " + kind_of(key));
      continue;
    }
    const std::string name = key.as<std::string>();
    if (!any_key && std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      std::string list;
      for (const std::string_view a : allowed) {
        list += (list.empty() ? "" : ", ") + std::string(a);
      }
      diag.error(n.at(key, "").location(), join_path(n.path(), name) + ": unknown key (allowed here: " + list + ")");
    }
  }
  return true;
}

std::string Node::str() const {
  if (!m_node.IsScalar()) {
    fail("expected a text value, found " + kind_of(m_node));
  }
  return m_node.Scalar();
}

std::string Node::str(std::string_view key, std::string_view fallback) const {
  const Node n = (*this)[key];
  return n.is_null() ? std::string(fallback) : n.str();
}

std::string Node::required_str(std::string_view key) const {
  const Node n = (*this)[key];
  if (n.is_null()) {
    n.fail("required key is missing");
  }
  return n.str();
}

double Node::number() const {
  const std::string s = str();
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v)) {
    fail("expected a number, found " + quote_value(s));
  }
  return v;
}

double Node::number(std::string_view key, double fallback) const {
  const Node n = (*this)[key];
  return n.is_null() ? fallback : n.number();
}

std::int64_t Node::integer() const {
  const std::string s = str();
  char* end = nullptr;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || end != s.c_str() + s.size()) {
    fail("expected a whole number, found " + quote_value(s));
  }
  return v;
}

std::int64_t Node::integer(std::string_view key, std::int64_t fallback) const {
  const Node n = (*this)[key];
  return n.is_null() ? fallback : n.integer();
}

bool Node::boolean(std::string_view key, bool fallback) const {
  const Node n = (*this)[key];
  if (n.is_null()) {
    return fallback;
  }
  const std::string s = n.str();
  if (s == "true" || s == "yes" || s == "on") {
    return true;
  }
  if (s == "false" || s == "no" || s == "off") {
    return false;
  }
  n.fail("expected true or false, found " + quote_value(s));
}

double Node::required_number(std::string_view key) const {
  const Node n = (*this)[key];
  if (n.is_null()) {
    n.fail("required key is missing");
  }
  return n.number();
}

std::int64_t Node::required_integer(std::string_view key) const {
  const Node n = (*this)[key];
  if (n.is_null()) {
    n.fail("required key is missing");
  }
  return n.integer();
}

bool Node::required_boolean(std::string_view key) const {
  if ((*this)[key].is_null()) {
    (*this)[key].fail("required key is missing");
  }
  return boolean(key, false);
}

std::vector<std::string> Node::strings() const {
  std::vector<std::string> out;
  if (is_null()) {
    return out;
  }
  if (m_node.IsScalar()) {
    out.push_back(m_node.Scalar());
    return out;
  }
  for (const Node& item : items()) {
    out.push_back(item.str());
  }
  return out;
}

std::vector<std::string> Node::strings(std::string_view key) const {
  return (*this)[key].strings();
}

}  // namespace fbkit::yaml
