#include "config/preflight.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <sstream>
#include <unordered_map>
#include <vector>

#include "config/yaml.hpp"
#include "core/error.hpp"

namespace fbkit::yaml {

namespace {

// Reads the first document's events once before the tree is built and throws
// ConfigError at the first of two faults yaml-cpp lets through:
// - an alias that takes the expanded size past `budget`. yaml-cpp shares an
//   aliased node, so the tree it builds stays small; a loader that walks or
//   copies it reads every repetition (a "billion laughs" file of a few hundred
//   bytes would be gigabytes). A node counts 1, a scalar also its bytes.
// - a key written twice in one mapping (two `regex:` in a rule). YAML forbids
//   it, yet yaml-cpp keeps both pairs and a lookup finds the first: the second's
//   rules would be dropped without a word.
class Preflight : public YAML::EventHandler {
public:
  Preflight(std::string origin, const DocText& text)
      : m_origin(std::move(origin)), m_text(&text), m_budget(expansion_budget(text.bytes().size())) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    leaf(mark, anchor, 1);
    done(mark, nullptr);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = m_sizes.find(anchor);
    if (it == m_sizes.end()) {
      // yaml-cpp links an alias inside its own anchor's node into a cycle.
      fail(mark, "alias inside the node it names (the node would contain itself)");
    }
    add(mark, it->second);
    const auto text = m_texts.find(anchor);  // an alias of a scalar as a key is that key
    done(mark, text == m_texts.end() ? nullptr : &text->second);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string& value) override {
    leaf(mark, anchor, 1 + value.size());
    if (anchor != YAML::NullAnchor) {
      m_texts[anchor] = value;
    }
    done(mark, &value);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor, false);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor, true);
  }
  void OnMapEnd() override { close(); }

private:
  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& what) const {
    throw ConfigError(yaml::location_of(m_origin, mark, m_text), what);
  }
  void add(const YAML::Mark& mark, std::uint64_t n) {
    m_total += n;
    if (m_total > m_budget) {
      fail(mark, "alias expansion too large: with this alias the file would expand to more than " +
                     std::to_string(m_budget) + " nodes and bytes (10 times its size + 1000000)");
    }
  }
  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor, std::uint64_t n) {
    add(mark, n);
    if (anchor != YAML::NullAnchor) {
      m_sizes[anchor] = n;
    }
  }
  void open(const YAML::Mark& mark, YAML::anchor_t anchor, bool map) {
    add(mark, 1);
    m_open.push_back(Open{anchor, m_total - 1, map, true, {}});
  }
  void close() {
    const Open& o = m_open.back();
    if (o.anchor != YAML::NullAnchor) {
      m_sizes[o.anchor] = m_total - o.start;
    }
    m_open.pop_back();
    done(YAML::Mark::null_mark(), nullptr);
  }
  // A node is complete (`text`: a scalar's, or the scalar an alias names): in a mapping, a key
  // or a value in turn. A key that is not text (a list, a mapping) is left to the loaders,
  // which refuse it.
  void done(const YAML::Mark& mark, const std::string* text) {
    if (m_open.empty() || !m_open.back().map) {
      return;
    }
    Open& o = m_open.back();
    if (o.at_key && text != nullptr) {
      const auto [it, fresh] = o.keys.emplace(*text, mark.line + 1);
      if (!fresh) {
        fail(mark, path_key(*text) + ": key written twice in this mapping (first on line " +
                       std::to_string(it->second) + "): one of them would be ignored");
      }
    }
    o.at_key = !o.at_key;
  }

  struct Open {  // an open collection
    YAML::anchor_t anchor;
    std::uint64_t start;  // m_total before it
    bool map;
    bool at_key;                                // of a mapping: the next node is a key
    std::unordered_map<std::string, int> keys;  // of a mapping: its text keys, with their line
  };
  std::string m_origin;
  const DocText* m_text;  // the document, for columns in characters
  std::uint64_t m_budget;
  std::uint64_t m_total = 0;
  std::unordered_map<YAML::anchor_t, std::uint64_t> m_sizes;  // expanded size of each closed anchor
  std::unordered_map<YAML::anchor_t, std::string> m_texts;    // the text of each anchored scalar
  std::vector<Open> m_open;
};

}  // namespace

void preflight(const std::string& origin, const DocText& text) {
  std::istringstream in(text.bytes());
  Preflight events(origin, text);
  YAML::Parser(in).HandleNextDocument(events);
}

}  // namespace fbkit::yaml
