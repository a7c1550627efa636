#include "classify/matcher_prefilter.hpp"

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstdint>

namespace fbkit::classify {

namespace {

// Code points RE2's ToLowerRune leaves as they are and that no other code point
// lowers to: punctuation, symbols, spaces, CJK and kana, Hangul, emoji. Cased
// letters beyond ASCII (É, Σ, the Kelvin sign, full-width Ａ) are not among them.
bool uncased(std::uint32_t c) {
  return (c >= 0xA0 && c <= 0xB4) || (c >= 0xB6 && c <= 0xBF) || c == 0xD7 || c == 0xF7 ||
         (c >= 0x2000 && c <= 0x206F) || (c >= 0x2190 && c <= 0x23FF) || (c >= 0x2500 && c <= 0x27BF) ||
         (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x3000 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF01 && c <= 0xFF20) ||
         (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65) || (c >= 0x1F300 && c <= 0x1FAFF) ||
         (c >= 0x20000 && c <= 0x2FFFF);
}

}  // namespace

Re2Prefilter::Re2Prefilter(const std::vector<std::string>& patterns, int min_atom_len)
    : m_filter(std::make_unique<re2::FilteredRE2>(min_atom_len)) {
  RE2::Options opt;
  opt.set_log_errors(false);
  for (const std::string& p : patterns) {
    int id = 0;
    m_filter->Add(p, opt, &id);  // each compiled before as the matcher's own RE2: accepted
  }
  if (!patterns.empty()) {
    m_filter->Compile(&m_atoms);
  }
}

Re2Prefilter::~Re2Prefilter() = default;

bool Re2Prefilter::applies(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    // The common case first: U+3000 to U+9FFF (CJK, kana, their punctuation) lead with E3 to E9.
    if (b >= 0xE3 && b <= 0xE9 && i + 3 <= text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80 &&
        (static_cast<unsigned char>(text[i + 2]) & 0xC0) == 0x80) {
      i += 3;
      continue;
    }
    const std::size_t n = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 0;
    if (n == 0 || i + n > text.size()) {
      return false;  // not UTF-8: RE2 decides
    }
    std::uint32_t c = b & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
      const auto t = static_cast<unsigned char>(text[i + k]);
      if ((t & 0xC0) != 0x80) {
        return false;
      }
      c = (c << 6) | (t & 0x3F);
    }
    const std::size_t shortest = c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (n != shortest || !uncased(c)) {
      return false;  // an overlong form (not UTF-8) or a cased letter
    }
    i += n;
  }
  return true;
}

void Re2Prefilter::candidates(std::vector<int>& found, std::vector<int>& out) const {
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  m_filter->AllPotentials(found, &out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

}  // namespace fbkit::classify
