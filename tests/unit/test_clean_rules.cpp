#include <doctest/doctest.h>

#include <string>

#include "clean/rules.hpp"
#include "core/error.hpp"

using fbkit::clean::load_rules;
using fbkit::clean::Rules;
using fbkit::config::Document;

namespace {

Rules load(const std::string& text) {
  return load_rules(Document{"c.yaml", "rules/c.yaml", text});
}

std::string error_of(const std::string& text) {
  try {
    (void)load(text);
  } catch (const fbkit::ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("the built-in rules load, and an empty file keeps them") {
  const Rules r = load("");
  CHECK(r.duplicates);
  CHECK(r.repeated_window_hours == 24);
  CHECK_FALSE(r.test_text.empty());
  CHECK_FALSE(r.spam_regex.empty());
  CHECK(r.survey.min_seconds == 30);
  CHECK(r.aliases.at("department").at("售后部") == "售后服务部");
  CHECK(r.mask.mobile);
}

TEST_CASE("a key given replaces its default, the others stay") {
  const Rules r = load("remove:\n  repeated:\n    window_hours: 48\nmask:\n  email: false\n");
  CHECK(r.repeated_window_hours == 48);
  CHECK_FALSE(r.mask.email);
  CHECK(r.mask.mobile);
  CHECK_FALSE(r.test_text.empty());
}

TEST_CASE("mistakes name the file, line and column") {
  CHECK(error_of("remove:\n  repeated:\n    windw_hours: 3\n").find("rules/c.yaml:3:5") == 0);
  CHECK(error_of("remove:\n  spam:\n    regex: ['(unclosed']\n").find("rules/c.yaml:3:13") == 0);
  CHECK(error_of("remove:\n  spam:\n    regex: ['(unclosed']\n").find("invalid regular expression") !=
        std::string::npos);
  CHECK(error_of("remove:\n  test:\n    text: ['.*']\n").find("matches an empty text") != std::string::npos);
  CHECK(error_of("remove:\n  survey:\n    too_fast:\n      min_seconds: fast\n").find("rules/c.yaml:4:20") == 0);
  CHECK(error_of("aliases:\n  department:\n    A: [x]\n    B: [x]\n").find("already an alias of 'A'") !=
        std::string::npos);
  CHECK(error_of("version: 2\n").find("only version 1") != std::string::npos);
  CHECK(error_of("text:\n\tnfkc: true\n").find("rules/c.yaml:2") == 0);
}
