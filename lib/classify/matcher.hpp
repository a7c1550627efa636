// The many-phrase matcher: every phrase and regex of a rule set compiled once
// into one Hyperscan database (literals as escaped byte strings, ASCII case
// ignored; regexes in UTF-8 mode with leftmost start offsets). A regex that
// Hyperscan refuses runs on RE2 instead; both are linear-time. Without a CPU
// that Hyperscan supports (no SSSE3), literals are found by plain search.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "classify/model.hpp"

namespace fbkit::classify {

// One occurrence of a pattern: bytes [start, end) of the scanned text.
struct Hit {
  int pattern = 0;
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  bool operator==(const Hit&) const = default;
};

class Matcher {
public:
  // Compiles the patterns; throws ConfigError (at the pattern) if one cannot be used.
  // ignore_case: ASCII letters match in any case (literals are then lower case);
  // whole_words: see scan().
  explicit Matcher(const std::vector<Pattern>& patterns, bool ignore_case = true, bool whole_words = true);
  ~Matcher();
  // A matcher for another thread: the compiled patterns are shared, the
  // scratch space is its own.
  Matcher(const Matcher& other);
  Matcher& operator=(const Matcher&) = delete;

  // Appends every occurrence in `text`, sorted by start then end. A literal
  // that begins or ends with an ASCII letter or digit only counts at a word
  // boundary ("not" is not found in "nothing"). Not thread-safe (one scratch).
  void scan(std::string_view text, std::vector<Hit>& hits);

  // Whether Hyperscan is in use (false on CPUs without SSSE3), and how many
  // patterns run on RE2 instead.
  bool uses_hyperscan() const { return m_db != nullptr; }
  std::size_t re2_count() const { return m_re2.size(); }

private:
  const std::vector<Pattern>& m_patterns;
  std::shared_ptr<void> m_db_owner;                          // frees the database
  void* m_db = nullptr;                                      // hs_database_t*
  void* m_scratch = nullptr;                                 // hs_scratch_t*
  std::vector<int> m_hs_ids;                                 // Hyperscan id -> pattern index
  std::vector<std::uint32_t> m_literal_len;                  // per pattern: length, 0 for a regex
  std::vector<std::uint8_t> m_word_edges;                    // per pattern: 1 start, 2 end must be a word edge
  std::vector<std::pair<int, std::shared_ptr<void>>> m_re2;  // pattern index, RE2*
  std::vector<int> m_plain;                                  // literals searched without Hyperscan
  bool m_ignore_case = true;
  bool m_whole_words = true;
};

}  // namespace fbkit::classify
