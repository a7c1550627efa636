// A literal prefilter for clean's RE2 pattern sets: most values hold none of
// the literal strings a match of any pattern needs, and need not be scanned
// by the set (`.*测试(数据|反馈).*` must scan a whole text to say no, and the
// test patterns ran on every text).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class FilteredRE2;
}

namespace fbkit::clean {

// RE2's own prefilter (FilteredRE2) names, per pattern, the literal strings
// ("atoms") one of whose combinations a match must contain; a value holding
// none of them matches no pattern. The atoms are looked for 16 bytes at a time
// by two of their bytes (SSSE3, else a byte at a time), then compared. Exact:
// a value it rules out matches no pattern, anchored or not. It rules out
// nothing when a pattern has no such literals (\d+), or a literal with a
// letter beyond ASCII that has other cases (é, Ω); a value with K (Kelvin) or
// ſ, which RE2 folds to k and s, is always possible.
class LiteralFilter {
public:
  LiteralFilter();  // rules out nothing
  // `patterns` compiled with clean's pattern options (case-insensitive).
  explicit LiteralFilter(const std::vector<std::string>& patterns);
  ~LiteralFilter();
  LiteralFilter(LiteralFilter&&) noexcept;
  LiteralFilter& operator=(LiteralFilter&&) noexcept;

  // false only when no pattern can match `v` (or any part of it).
  bool possible(std::string_view v) const;
  // Whether it can rule out anything.
  bool active() const { return m_filter != nullptr; }
  // Looks for the literals a byte at a time, not 16 (for tests).
  void without_simd() { m_simd = false; }

private:
  struct Atom {
    std::string text;        // lowercase
    std::size_t key_at = 0;  // where its two bytes looked for begin
    int index = -1;          // in FilteredRE2's atoms; -1: a character that makes every value possible
  };
  static constexpr std::size_t kBuckets = 8;
  // The atoms of `v` (their indices into `found`, each once); false when a
  // character that makes every value possible was found.
  bool find_atoms(const unsigned char* p, std::size_t n, std::vector<int>& found) const;
  // Compares the atoms of `buckets` whose two bytes may begin at `at`.
  bool verify(const unsigned char* p, std::size_t n, std::size_t at, unsigned buckets, std::vector<int>& found) const;

  std::unique_ptr<re2::FilteredRE2> m_filter;
  std::vector<Atom> m_atoms;
  std::array<std::vector<std::size_t>, kBuckets> m_bucket;  // the atoms of each bucket
  // For the first and the second byte looked for, per low and per high
  // nibble (16 bytes each): the buckets of the atoms whose byte has it.
  alignas(16) std::array<std::uint8_t, 64> m_nibbles{};
  bool m_simd = false;
};

}  // namespace fbkit::clean
