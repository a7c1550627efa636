#include "clean/literal_filter.hpp"

#include <re2/filtered_re2.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "clean/row_rules.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define FBKIT_LITERAL_SSSE3 1
#endif

namespace fbkit::clean {

namespace {

unsigned char lower(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c + ('a' - 'A')) : c;
}

// Adds the characters of UTF-8 `s` beyond ASCII to `out`; false when `s`
// is not valid UTF-8.
bool non_ascii_chars(std::string_view s, std::vector<std::string>& out) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c >= 0xF5 ? 0 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (len == 0 || i + len > s.size()) {
      return false;
    }
    for (std::size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
        return false;
      }
    }
    if (len > 1) {
      out.emplace_back(s.substr(i, len));
    }
    i += len;
  }
  return true;
}

#if defined(FBKIT_LITERAL_SSSE3)
// Per byte of p[0..16): the buckets whose atoms have its nibbles in `table`.
__attribute__((target("ssse3"))) __m128i member(const unsigned char* p, const std::uint8_t* table) {
  const __m128i low = _mm_set1_epi8(0x0F);
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i lo = _mm_load_si128(reinterpret_cast<const __m128i*>(table));
  const __m128i hi = _mm_load_si128(reinterpret_cast<const __m128i*>(table + 16));
  return _mm_and_si128(_mm_shuffle_epi8(lo, _mm_and_si128(v, low)),
                       _mm_shuffle_epi8(hi, _mm_and_si128(_mm_srli_epi16(v, 4), low)));
}

// The positions i of p[0..16) whose bytes p[i], p[i + 1] may be two bytes
// looked for (17 bytes are read), and in buckets[i] the buckets they may be of.
__attribute__((target("ssse3"))) unsigned block_hits(const unsigned char* p, const std::uint8_t* nibbles,
                                                     std::uint8_t* buckets) {
  const __m128i m = _mm_and_si128(member(p, nibbles), member(p + 1, nibbles + 32));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(buckets), m);
  return ~static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(m, _mm_setzero_si128()))) & 0xFFFFU;
}
#endif

}  // namespace

LiteralFilter::LiteralFilter() = default;
LiteralFilter::~LiteralFilter() = default;
LiteralFilter::LiteralFilter(LiteralFilter&&) noexcept = default;
LiteralFilter& LiteralFilter::operator=(LiteralFilter&&) noexcept = default;

LiteralFilter::LiteralFilter(const std::vector<std::string>& patterns) {
  if (patterns.empty()) {
    return;
  }
  // Atoms of two bytes at least: fewer are not worth looking for (the
  // prefilter then counts them as found).
  auto filter = std::make_unique<re2::FilteredRE2>(2);
  for (const std::string& p : patterns) {
    int id = 0;
    if (filter->Add(p, pattern_options(), &id) != RE2::NoError) {
      return;  // reported by PatternSets
    }
  }
  std::vector<std::string> atoms;
  filter->Compile(&atoms);
  std::vector<int> unfiltered;
  filter->AllPotentials({}, &unfiltered);
  if (!unfiltered.empty()) {
    return;  // a pattern without literals: every value is possible
  }
  // The atoms are lowercased as RE2 folds case; the text is lowercased here
  // only in ASCII. That finds them where their other characters have no
  // other case (one match of their folded pattern: the bounds of its matches
  // are the character itself), and an ASCII letter's other forms are K and ſ.
  std::vector<std::string> chars;
  for (const std::string& a : atoms) {
    if (a.size() < 2 || !non_ascii_chars(a, chars)) {
      return;
    }
  }
  std::sort(chars.begin(), chars.end());
  chars.erase(std::unique(chars.begin(), chars.end()), chars.end());
  for (const std::string& c : chars) {
    const RE2 re(RE2::QuoteMeta(c), pattern_options());
    std::string lo, hi;
    if (!re.ok() || !re.PossibleMatchRange(&lo, &hi, 8) || lo != c || hi != c) {
      return;
    }
  }
  for (std::size_t i = 0; i < atoms.size(); ++i) {
    m_atoms.push_back({atoms[i], 0, static_cast<int>(i)});
  }
  m_atoms.push_back({"\xC5\xBF", 0, -1});      // ſ
  m_atoms.push_back({"\xE2\x84\xAA", 0, -1});  // K (Kelvin)
  // Two bytes of each atom: of a character of several bytes, its second and
  // third (which tell it from others with the same first byte). Atoms with
  // the same two bytes share a bucket.
  std::map<std::uint16_t, std::size_t> bucket_of;
  for (std::size_t i = 0; i < m_atoms.size(); ++i) {
    Atom& a = m_atoms[i];
    a.key_at = static_cast<unsigned char>(a.text[0]) >= 0xC0 && a.text.size() >= 3 ? 1 : 0;
    const auto b0 = static_cast<unsigned char>(a.text[a.key_at]);
    const auto b1 = static_cast<unsigned char>(a.text[a.key_at + 1]);
    const auto key = static_cast<std::uint16_t>(b0 << 8 | b1);
    const std::size_t bucket = bucket_of.emplace(key, bucket_of.size() % kBuckets).first->second;
    m_bucket[bucket].push_back(i);
    const auto bit = static_cast<std::uint8_t>(1U << bucket);
    for (const int k : {0, 1}) {
      const unsigned char b = k == 0 ? b0 : b1;
      for (const unsigned char form : {b, b >= 'a' && b <= 'z' ? static_cast<unsigned char>(b - 32) : b}) {
        m_nibbles[32 * k + (form & 15)] |= bit;
        m_nibbles[32 * k + 16 + (form >> 4)] |= bit;
      }
    }
  }
#if defined(FBKIT_LITERAL_SSSE3)
  m_simd = __builtin_cpu_supports("ssse3");
#endif
  m_filter = std::move(filter);
}

bool LiteralFilter::verify(const unsigned char* p, std::size_t n, std::size_t at, unsigned buckets,
                           std::vector<int>& found) const {
  for (; buckets != 0; buckets &= buckets - 1) {
    for (const std::size_t i : m_bucket[static_cast<std::size_t>(__builtin_ctz(buckets))]) {
      const Atom& a = m_atoms[i];
      if (at < a.key_at || at - a.key_at + a.text.size() > n) {
        continue;
      }
      const unsigned char* s = p + at - a.key_at;
      bool equal = true;
      for (std::size_t k = 0; equal && k < a.text.size(); ++k) {
        equal = lower(s[k]) == static_cast<unsigned char>(a.text[k]);
      }
      if (!equal) {
        continue;
      }
      if (a.index < 0) {
        return false;
      }
      if (std::find(found.begin(), found.end(), a.index) == found.end()) {
        found.push_back(a.index);
      }
    }
  }
  return true;
}

bool LiteralFilter::find_atoms(const unsigned char* p, std::size_t n, std::vector<int>& found) const {
  std::size_t i = 0;
#if defined(FBKIT_LITERAL_SSSE3)
  if (m_simd) {
    alignas(16) std::uint8_t buckets[16];
    for (; i + 17 <= n; i += 16) {
      for (unsigned hits = block_hits(p + i, m_nibbles.data(), buckets); hits != 0; hits &= hits - 1) {
        const auto j = static_cast<std::size_t>(__builtin_ctz(hits));
        if (!verify(p, n, i + j, buckets[j], found)) {
          return false;
        }
      }
    }
    if (i + 1 < n) {
      // The last pairs, from a copy padded with zeros (nothing read past v).
      unsigned char tail[32] = {};
      std::memcpy(tail, p + i, n - i);
      unsigned hits = block_hits(tail, m_nibbles.data(), buckets) & ((1U << (n - 1 - i)) - 1);
      for (; hits != 0; hits &= hits - 1) {
        const auto j = static_cast<std::size_t>(__builtin_ctz(hits));
        if (!verify(p, n, i + j, buckets[j], found)) {
          return false;
        }
      }
    }
    return true;
  }
#endif
  const std::uint8_t* t = m_nibbles.data();
  for (; i + 1 < n; ++i) {
    const unsigned b = t[p[i] & 15] & t[16 + (p[i] >> 4)] & t[32 + (p[i + 1] & 15)] & t[48 + (p[i + 1] >> 4)];
    if (b != 0 && !verify(p, n, i, b, found)) {
      return false;
    }
  }
  return true;
}

bool LiteralFilter::possible(std::string_view v) const {
  if (!m_filter) {
    return true;
  }
  thread_local std::vector<int> found, potential;
  found.clear();
  if (!find_atoms(reinterpret_cast<const unsigned char*>(v.data()), v.size(), found)) {
    return true;
  }
  if (found.empty()) {
    return false;  // no pattern is without atoms
  }
  m_filter->AllPotentials(found, &potential);
  return !potential.empty();
}

}  // namespace fbkit::clean
