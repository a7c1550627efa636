// Fuzzes the checked YAML layer every rule file goes through (config/yaml.hpp):
// parses any bytes, then walks the tree with every accessor. Properties: no
// crash, no undefined behaviour, and every mistake (syntax, wrong type, odd
// keys, aliases that expand too far) is a ConfigError that names the file and
// shows no control character: nothing from yaml-cpp leaks out.
#include <algorithm>
#include <string>

#include "config/yaml.hpp"
#include "core/error.hpp"
#include "fuzz_util.hpp"

namespace {

using namespace fbkit;

void expect_located(const ConfigError& e) {
  const std::string what = e.what();
  fuzz::check(what.rfind("fuzz.yaml", 0) == 0, "a ConfigError without the file name", what);
  // File content is shown escaped (quote_value): no control character reaches a terminal.
  fuzz::check(std::none_of(what.begin(), what.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }),
              "a control character in a ConfigError", what);
}

// Calls `f`; a ConfigError is an expected answer.
template <typename F>
void attempt(F&& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    expect_located(e);
  }
}

// Aliases can make the tree a graph that repeats (or contains) itself: the
// walk stops after a budget of nodes, as a loader reads only what it expects.
void walk(const yaml::Node& n, int depth, int& budget) {
  if (depth > 40 || --budget < 0) {
    return;
  }
  (void)n.location();
  attempt([&] { (void)n.str(); });
  attempt([&] { (void)n.number(); });
  attempt([&] { (void)n.integer(); });
  attempt([&] { (void)n.strings(); });
  attempt([&] { n.expect_map({"name", "columns", "rules"}); });
  attempt([&] {
    (void)n.str("name", "x");
    (void)n.number("weight", 1);
    (void)n.integer("version", 1);
    (void)n.boolean("enabled", true);
    (void)n.strings("any");
    (void)n.required_str("id");
  });
  attempt([&] {
    for (const yaml::Node& item : n.items()) {
      walk(item, depth + 1, budget);
    }
  });
  attempt([&] {
    for (const auto& [key, value] : n.entries()) {
      (void)key;
      walk(value, depth + 1, budget);
    }
  });
  attempt([&] {
    for (const yaml::KeyedEntry& e : n.keyed_entries()) {
      (void)e.key_node.location();
    }
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const config::Document doc{"fuzz.yaml", "fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size)};
  try {
    const yaml::Node root = yaml::Node::parse(doc);
    int budget = 2000;
    walk(root, 0, budget);
  } catch (const ConfigError& e) {
    expect_located(e);
  }
  return 0;
}
