// Fuzzes the classification rule loader (classify/loader.hpp) on any YAML
// text: load, lint, and for a rule set that loads, build the matcher and
// classify a few rows. Properties: no crash, no undefined behaviour, mistakes
// are ConfigErrors naming the file; a rule set that loads also compiles.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "classify/engine.hpp"
#include "classify/loader.hpp"
#include "core/error.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fbkit;
  const config::Document doc{"classify.yaml", "fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size)};
  try {
    const classify::RuleSet rules = classify::load_rules(doc);
    (void)classify::lint_rules(rules);
    const std::vector<std::string> header = {"feedback_id", "received_at", "department", "score_overall", "text"};
    classify::Classifier classifier(rules, header, (size & 1) != 0);
    classify::Decision decision;
    const std::vector<std::vector<std::string_view>> rows = {
        {"1", "2025-03-01T10:00:00", "售后", "1", "快递太慢了，客服态度不好，不满意"},
        {"2", "", "", "", "not bad at all, fast delivery"},
        {"3", "bad", "x", "9", std::string_view(reinterpret_cast<const char*>(data), std::min<std::size_t>(size, 200))},
    };
    for (const auto& row : rows) {
      classifier.classify(row, "regular", decision);
    }
  } catch (const ConfigError& e) {
    const std::string what = e.what();
    fuzz::check(what.rfind("fuzz.yaml", 0) == 0, "a ConfigError without the file name", what);
    fuzz::check(std::none_of(what.begin(), what.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }),
                "a control character in a ConfigError", what);  // values are shown by quote_value()
  }
  return 0;
}
