// Traditional -> Simplified Chinese with OpenCC's phrase conversion (t2s.json:
// 乾隆 stays 乾隆, 軟體 is not converted character by character).
//
// OpenCC costs a dictionary walk per character; most feedback has no
// Traditional character at all. At start-up every CJK character of the Basic
// Multilingual Plane is converted once (about 28,000, a few milliseconds) to
// learn which ones OpenCC changes; a text is handed to OpenCC only when it
// holds one of them (or a supplementary-plane ideograph).
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

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
  // Whether the BMP code point `c` is one OpenCC changes on its own.
  bool triggers(char32_t c) const { return c < m_trigger.size() && m_trigger[c]; }

private:
  void* m_od;                   // opencc_t
  mutable std::mutex m_mutex;   // around OpenCC calls
  std::vector<bool> m_trigger;  // per BMP code point
};

}  // namespace fbkit::text
