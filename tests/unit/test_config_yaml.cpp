#include <doctest/doctest.h>

#include "config/config.hpp"
#include "config/yaml.hpp"

using fbkit::config::Document;
using fbkit::yaml::Node;

static std::string error_of(const std::string& text, void (*use)(const Node&)) {
  try {
    use(Node::parse(Document{"x.yaml", "rules/x.yaml", text}));
  } catch (const fbkit::ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST_CASE("yaml::Node reports syntax errors with file, line and column") {
  CHECK(error_of("a: [1, 2\n", [](const Node&) {}).rfind("rules/x.yaml:2:1: invalid YAML: ", 0) == 0);
  CHECK(error_of("a:\n\t- b\n", [](const Node&) {}).rfind("rules/x.yaml:2:", 0) == 0);
}

TEST_CASE("yaml::Node names an unknown key with its path and place") {
  CHECK(error_of("spam:\n  patterns: [a]\n  patern: b\n", [](const Node& n) {
          n["spam"].expect_map({"patterns", "words"});
        }) == "rules/x.yaml:3:3: spam.patern: unknown key (allowed here: patterns, words)");
}

TEST_CASE("yaml::Node names a wrong type with its path and place") {
  CHECK(error_of("window_hours: soon\n", [](const Node& n) { (void)n.number("window_hours", 24); }) ==
        "rules/x.yaml:1:15: window_hours: expected a number, found 'soon'");
  CHECK(error_of("list:\n  - a\n  - {b: 1}\n", [](const Node& n) { (void)n.strings("list"); }) ==
        "rules/x.yaml:3:5: list[1]: expected a text value, found a mapping");
  CHECK(error_of("x: 1\n", [](const Node& n) { (void)n.required_str("id"); }) ==
        "rules/x.yaml:1:1: id: required key is missing");
  CHECK(error_of("on: maybe\n", [](const Node& n) { (void)n.boolean("on", false); }) ==
        "rules/x.yaml:1:5: on: expected true or false, found 'maybe'");
}

TEST_CASE("yaml::Node counts columns in characters, not bytes") {
  // 物流 is 2 characters (6 bytes): an editor shows the value at column 17, yaml-cpp counts 21.
  CHECK(error_of("{any: [物流], on: maybe}\n", [](const Node& n) { (void)n.boolean("on", false); }) ==
        "rules/x.yaml:1:17: on: expected true or false, found 'maybe'");
  CHECK(error_of("a: 物流\nb: {c: 物, c: 流}\n", [](const Node&) {
        }).rfind("rules/x.yaml:2:11: c: key written twice", 0) == 0);
  CHECK(error_of("a: [物流, 2\n", [](const Node&) {}).rfind("rules/x.yaml:2:1: invalid YAML: ", 0) == 0);
  CHECK(error_of("a: 物流\r\nb: 物 maybe: x\r\n", [](const Node&) {}).rfind("rules/x.yaml:2:", 0) == 0);
  // Far along a long line (the counts before every 512 bytes, and what follows one of them).
  std::string wide;
  for (int i = 0; i < 1000; ++i) {
    wide += "物";
  }
  CHECK(error_of("a: 1\nb: {any: [" + wide + "], on: maybe}\n", [](const Node& n) {
          (void)n["b"].boolean("on", false);
        }) == "rules/x.yaml:2:1018: b.on: expected true or false, found 'maybe'");
  // Behind a byte order mark (which yaml-cpp's positions leave out) and after CRLF line ends.
  CHECK(error_of("\xEF\xBB\xBF{any: [物流], on: maybe}\n", [](const Node& n) { (void)n.boolean("on", false); }) ==
        "rules/x.yaml:1:17: on: expected true or false, found 'maybe'");
  CHECK(error_of("\xEF\xBB\xBF"
                 "a: 1\r\nb: {any: [物流], on: maybe}\r\n",
                 [](const Node& n) { (void)n["b"].boolean("on", false); }) ==
        "rules/x.yaml:2:20: b.on: expected true or false, found 'maybe'");
}

TEST_CASE("config::Store serves the built-in files and lets a folder override them") {
  const fbkit::config::Store store;
  REQUIRE(store.has("labels.yaml"));
  CHECK(store.get("labels.yaml").origin == "<builtin>/config/labels.yaml");
  CHECK(store.get("labels.yaml").content.find("channel:") != std::string::npos);
  CHECK_THROWS_AS(store.get("nope.yaml"), fbkit::ConfigError);
}

TEST_CASE("yaml::Node quotes at most 60 characters of a wrong value, escaped") {
  const std::string e = error_of("window_hours: \"\\e[31m" + std::string(500, '9') + "x\"\n",
                                 [](const Node& n) { (void)n.number("window_hours", 24); });
  CHECK(e == "rules/x.yaml:1:15: window_hours: expected a number, found '\\x1b[31m" + std::string(51, '9') + "\u2026'");
  // A key that is not known is shown short too, in its key path.
  CHECK(error_of(std::string(300, 'k') + ": 1\n", [](const Node& n) { n.expect_map({"a"}); }) ==
        "rules/x.yaml:1:1: " + std::string(59, 'k') + "\u2026: unknown key (allowed here: a)");
}

TEST_CASE("yaml::Node says in one line that a file of another kind is not a configuration file") {
  // A password file is one long plain scalar, a shadow file a mapping of strange keys.
  CHECK(
      error_of("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n", [](const Node& n) {
        n.expect_map({"a", "b"});
      }) == "rules/x.yaml:1:1: not a configuration file: expected key: value lines, found plain text");
  CHECK(error_of("root:$6$salt$hash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n", [](const Node& n) {
          n.expect_map({"a", "b"});
        }) == "rules/x.yaml:1:1: not a configuration file of this kind: none of its 2 keys is one of a, b");
}

TEST_CASE("yaml::Node::parse refuses aliases that expand past the budget, at the alias") {
  // A "billion laughs": 9 levels of 9 aliases, 387 million strings from a few hundred bytes.
  std::string text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    const std::string prev(1, static_cast<char>(c - 1));
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) {
      text += (i == 0 ? "*" : ", *") + prev;
    }
    text += "]\n";
  }
  const std::string e = error_of(text, [](const Node&) {});
  CHECK(e.rfind("rules/x.yaml:", 0) == 0);
  CHECK(e.find(": alias expansion too large: ") != std::string::npos);
  // Each *e repeats 243,577 nodes and bytes: the 4th one in f's list goes past 10 x 396 + 1,000,000.
  CHECK(e.rfind("rules/x.yaml:6:16: ", 0) == 0);
  // An alias inside its own anchor's node would make a cycle.
  CHECK(error_of("a: &a [x, *a]\n", [](const Node&) {}).find("rules/x.yaml:1:11: alias inside the node it names") == 0);
  // Ordinary aliases are fine.
  CHECK(error_of("d: &d {x: 1}\ne: *d\nf: [*d, *d]\n", [](const Node&) {}).empty());
}

TEST_CASE("yaml::Node::parse refuses a key written twice in one mapping, at the second") {
  // yaml-cpp keeps both pairs and a lookup finds the first: the second list would be dropped unsaid.
  CHECK(error_of("rules:\n  - id: a\n    regex: [x]\n    any: [y]\n    regex: [z]\n", [](const Node&) {}) ==
        "rules/x.yaml:5:5: regex: key written twice in this mapping (first on line 3): one of them would be "
        "ignored");
  CHECK(error_of("a: 1\nb: {c: 1, c: 2}\n", [](const Node&) {}).rfind("rules/x.yaml:2:11: c: key written twice", 0) ==
        0);
  // The same key in two mappings, a key equal to a value, nested and aliased mappings are fine.
  CHECK(error_of("- {id: a, any: [id]}\n- {id: b, any: [a, a]}\n", [](const Node&) {}).empty());
  CHECK(error_of("a: {a: a}\nb: &m {x: {x: 1}, y: [x, x]}\nc: *m\nd: *m\n", [](const Node&) {}).empty());
  CHECK(error_of("? [k]\n: 1\nk: 2\n", [](const Node&) {}).empty());  // a list key is left to the loaders
  // A key written as an alias of a scalar is that scalar's text.
  CHECK(error_of("- &k issue: i\n  any: [x]\n  *k : j\n", [](const Node&) {
        }).rfind("rules/x.yaml:3:3: issue: key written twice in this mapping (first on line 1)", 0) == 0);
  CHECK(error_of("a: &v issue\nb: {*v : 1, other: *v}\n", [](const Node&) {}).empty());
}

TEST_CASE("fbkit's own YAML files have no key written twice") {
  // parse() reads the built-in files without the preflight (for speed): each is read with it here.
  int files = 0;
  for (const fbkit::config::EmbeddedFile& f : fbkit::config::embedded_files()) {
    const std::string name(f.name);
    if (name.size() < 5 || (name.substr(name.size() - 5) != ".yaml" && name.substr(name.size() - 4) != ".yml")) {
      continue;
    }
    ++files;
    INFO(name);
    std::string e;
    try {
      (void)Node::parse(Document{name, "config/" + name, std::string(f.content)});
    } catch (const fbkit::ConfigError& err) {
      e = err.what();
    }
    CHECK(e == "");
  }
  CHECK(files > 10);
}
