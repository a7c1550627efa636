// Fuzzes the import-profile loader (import/profile.hpp) on any YAML text, with
// and without the common value maps. Properties: no crash, no undefined
// behaviour, mistakes are ConfigErrors naming the file; a profile that loads
// answers header lookups without failing.
#include <algorithm>
#include <string>

#include "config/config.hpp"
#include "core/error.hpp"
#include "fuzz_util.hpp"
#include "import/profile.hpp"
#include "text/unicode.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fbkit;
  static const config::Store store;
  static const config::Document common = store.get("import_values.yaml");
  const config::Document doc{"import/fuzz.yaml", "fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size)};
  for (const config::Document* values : {static_cast<const config::Document*>(nullptr), &common}) {
    try {
      const import::Profile p = import::load_profile(doc, values);
      for (const char* header : {"反馈编号", "Feedback ID", "text", "您对本次服务满意吗？", ""}) {
        const std::string key = text::normalize_key(header);
        (void)p.target_of(key);
        (void)p.drops(key);
      }
    } catch (const ConfigError& e) {
      const std::string what = e.what();
      fuzz::check(what.rfind("fuzz.yaml", 0) == 0, "a ConfigError without the file name", what);
      fuzz::check(std::none_of(what.begin(), what.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }),
                  "a control character in a ConfigError", what);  // values are shown by quote_value()
    }
  }
  return 0;
}
