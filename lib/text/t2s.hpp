// Traditional -> Simplified Chinese with OpenCC's phrase conversion (t2s.json:
// 乾隆 stays 乾隆, 軟體 is not converted character by character).
//
// OpenCC costs a dictionary walk per character; most feedback has no
// Traditional character at all. A CJK character of the Basic Multilingual
// Plane is converted on its own the first time it is seen (a run meets a few
// thousand of the 28,000) to learn whether OpenCC changes it; a text is handed
// to OpenCC only when it holds one it changes (or a supplementary-plane
// ideograph). Converting all 28,000 at start-up took 0.15 s of a run under
// ASan, most of a one-row clean.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace fbkit::text {

class TraditionalToSimplified {
public:
  // `config` is an OpenCC configuration name or path ("t2s.json", "tw2sp.json").
  // Throws ConfigError when OpenCC cannot open it.
  explicit TraditionalToSimplified(const std::string& config = "t2s.json");
  ~TraditionalToSimplified();
  TraditionalToSimplified(const TraditionalToSimplified&) = delete;
  TraditionalToSimplified& operator=(const TraditionalToSimplified&) = delete;

  // Writes the converted text to `out`; returns whether it differs from `in`.
  // `in` must be valid UTF-8 (invalid text is left as it is). Thread-safe: the
  // OpenCC call itself is serialized (it is rare, see above).
  bool convert(std::string_view in, std::string& out) const;

  // Whether OpenCC would be consulted for `in` (a trigger character occurs).
  bool may_change(std::string_view in) const;
  // Whether the BMP code point `c` is one OpenCC changes on its own (only a
  // CJK ideograph can be: is_cjk). Thread-safe; the first question about a
  // character asks OpenCC.
  bool triggers(char32_t c) const;
  // U+3400..U+4DBF, U+4E00..U+9FFF, U+F900..U+FAFF: the characters triggers() asks OpenCC about.
  static bool is_cjk(char32_t c) {
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF);
  }

private:
  enum : std::uint8_t { kUnknown = 0, kKept = 1, kChanged = 2 };
  bool learn(char32_t c) const;

  void* m_od;                  // opencc_t
  mutable std::mutex m_mutex;  // around OpenCC calls
  // Per BMP code point: kUnknown until triggers() asked OpenCC, then kKept or kChanged.
  std::unique_ptr<std::atomic<std::uint8_t>[]> m_state;
};

}  // namespace fbkit::text
