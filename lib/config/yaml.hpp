// Checked access to YAML documents: every mistake (syntax, unknown key, wrong
// type, missing key, aliases that expand too far) becomes a ConfigError
// "FILE:LINE:COL: key.path: what"; values are shown by quote_value().
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "core/diagnostics.hpp"
#include "core/error.hpp"
#include "core/strings.hpp"

namespace fbkit::yaml {

// A mapping key as a key path shows it: escaped, at most 60 characters (excerpt()).
std::string path_key(std::string_view key);

// How many nodes and bytes of text a file of `file_bytes` may expand to through
// its aliases (10 times its size + 1,000,000); past it parse() fails at the
// alias with "alias expansion too large".
std::uint64_t expansion_budget(std::size_t file_bytes);

// A document's text with its CharIndex, so that a column in characters costs at most 64 bytes
// of counting (a file of one long line has marks all along it: counting from the line's start
// for each was quadratic). Not copied: the index views the text.
class DocText {
public:
  explicit DocText(std::string text) : m_bytes(std::move(text)) { m_index.reset(m_bytes); }
  DocText(const DocText&) = delete;
  DocText& operator=(const DocText&) = delete;
  const std::string& bytes() const { return m_bytes; }
  // The characters in [from, to) (byte offsets, from <= to <= size).
  std::size_t chars_between(std::size_t from, std::size_t to) const { return m_index.at(to) - m_index.at(from); }

private:
  std::string m_bytes;
  CharIndex m_index;
};

// A yaml-cpp mark as a Location: the column in characters (yaml-cpp counts bytes), when
// `text`, the document it was read from, is known.
Location location_of(const std::string& origin, const YAML::Mark& mark, const DocText* text);

// A checked view of one node, with the file and key path it came from.
class Node {
public:
  Node(const YAML::Node& node, std::string origin, std::string path, YAML::Mark fallback = YAML::Mark());
  Node(const Node&) = default;
  Node(Node&&) = default;
  // Assignment rebinds: YAML::Node's own operator= writes through to the node
  // it refers to, so assigning one Node over another would rewrite the tree
  // both came from (keyed_entries() laid a user's entry over the built-in one
  // that way, and the built-in tree lost its keys for every later reader).
  Node& operator=(const Node& other);
  Node& operator=(Node&& other) noexcept;

  // Parses a document; syntax errors become ConfigError with file:line:col.
  static Node parse(const config::Document& doc);
  // `top` laid over `base` (a user's file over the built-in one): mappings
  // merge by key at every depth, and a key `top` gives (not empty) wins; a
  // list or a text replaces the base's whole. A null `top` gives `base`.
  // Each node keeps its own file and place for messages.
  static Node overlay(const Node& base, const Node& top);
  // parse(doc) laid over parse(builtin); `doc` may be the built-in file itself.
  static Node parse_over(const config::Document& builtin, const config::Document& doc);

  const YAML::Node& raw() const { return m_node; }
  const std::string& path() const { return m_path; }
  const std::string& origin() const { return m_origin; }
  bool is_map() const { return m_node.IsMap(); }
  bool is_sequence() const { return m_node.IsSequence(); }
  bool is_scalar() const { return m_node.IsScalar(); }
  bool is_null() const { return !m_node || m_node.IsNull(); }

  // Throws unless this is a mapping whose keys are all in `allowed`.
  void expect_map(std::initializer_list<std::string_view> allowed) const;
  // Throws unless this is a mapping (any keys).
  void expect_map() const;
  // At the top of a file: throws unless a mapping of two or more keys has at
  // least one in `allowed` (one line for a file of another kind, not an error per key).
  void expect_some_key(std::initializer_list<std::string_view> allowed) const;
  bool has(std::string_view key) const;
  // The child at `key` (a null node when absent).
  Node operator[](std::string_view key) const;
  // The children of a sequence (an empty list for null).
  std::vector<Node> items() const;
  // Key-value pairs of a mapping, in file order.
  std::vector<std::pair<std::string, Node>> entries() const;
  // The same with the key's own node, for errors about the key itself.
  std::vector<struct KeyedEntry> keyed_entries() const;

  // Scalars; a missing key gives the default, a wrong type throws.
  std::string str() const;
  std::string str(std::string_view key, std::string_view fallback) const;
  std::string required_str(std::string_view key) const;
  double number() const;
  double number(std::string_view key, double fallback) const;
  std::int64_t integer() const;
  std::int64_t integer(std::string_view key, std::int64_t fallback) const;
  bool boolean(std::string_view key, bool fallback) const;
  // The same for a key every layer must give (the built-in file holds it, so
  // C++ holds no default): a missing one throws "required key is missing".
  double required_number(std::string_view key) const;
  std::int64_t required_integer(std::string_view key) const;
  bool required_boolean(std::string_view key) const;
  // A string or a list of strings.
  std::vector<std::string> strings() const;
  std::vector<std::string> strings(std::string_view key) const;

  // Where this node is: "FILE:LINE:COL" (COL in characters).
  Location location() const;
  // A node of the same document, for messages at it (a key, a value read from raw()).
  Node at(const YAML::Node& node, std::string path, YAML::Mark fallback = YAML::Mark()) const;
  // Throws ConfigError "FILE:LINE:COL: path: what" at this node.
  [[noreturn]] void fail(const std::string& what) const;

private:
  YAML::Node m_node;
  std::string m_origin;
  std::string m_path;
  YAML::Mark m_mark;                      // of this node, or of its parent when it is absent
  std::shared_ptr<const DocText> m_text;  // the document's text (parse()), for columns in characters
  std::shared_ptr<const Node> m_base;     // the mapping this one is laid over (overlay()), if any
};

struct KeyedEntry {
  std::string key;
  Node key_node;
  Node value;
};

// Records in `diag` unless `n` is a mapping, then each key of it that is not
// text or (unless `any_key`) not in `allowed`: every unknown key, not only the
// first. False when `n` is no mapping (its keys cannot be read).
bool check_map(const Node& n, std::initializer_list<std::string_view> allowed, Diagnostics& diag, bool any_key = false);

// Records in `diag` what at.fail(what) would throw.
void record(Diagnostics& diag, const Node& at, const std::string& what);

// check_map() for an optional section: whether there is one to read (present and a mapping).
inline bool check_section(const Node& n, std::initializer_list<std::string_view> allowed, Diagnostics& diag) {
  return !n.is_null() && check_map(n, allowed, diag);
}

}  // namespace fbkit::yaml
