// In-place normalization of free text for `fbkit clean`: HTML entities decoded,
// zero-width characters removed, NFKC for full-width letters, digits and ASCII
// punctuation (Chinese punctuation kept; only where NFKC gives ASCII), Traditional -> Simplified, white
// space trimmed and collapsed. Every step is idempotent, and so is the whole.
// Inert stays inert: text a spreadsheet would not run as a formula never comes
// out as one (` =1+1`, `＝1+1`, `&#61;1+1` keep their start as it was).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "text/t2s.hpp"

namespace fbkit::clean {

struct TextOptions {
  bool html_entities = true;
  bool zero_width = true;
  bool nfkc = true;
  // Characters NFKC would change that stay as they are (Chinese punctuation).
  std::string keep = "，！？：；（）～￥…‥";
  bool traditional_to_simplified = true;
  std::string opencc_config = "t2s.json";
  bool whitespace = true;
};

// Which steps changed a text.
struct TextChanges {
  bool entities = false;
  bool zero_width = false;
  bool nfkc = false;
  bool t2s = false;
  bool whitespace = false;
  bool any() const { return entities || zero_width || nfkc || t2s || whitespace; }
};

class TextNormalizer {
public:
  explicit TextNormalizer(const TextOptions& options);
  ~TextNormalizer();

  // Writes the normalized `in` to `out`; returns what changed. Invalid UTF-8
  // skips the Unicode steps (it cannot occur after import). When `in` does not
  // start like a formula (= + - @) and the normalized text would, the part of
  // `in` that became the formula's first character is kept as it was. Safe to
  // call from several threads at once.
  TextChanges normalize(std::string_view in, std::string& out) const;
  // True when normalize() would change nothing (one pass, no copy): most
  // texts, which the caller then need not copy.
  bool unchanged(std::string_view in) const { return in.empty() || !needs_work(in); }

private:
  // The steps, without the inert-stays-inert rule.
  TextChanges steps(std::string_view in, std::string& out) const;
  // `out` (the steps' result for `in`, starting like a formula) with the
  // shortest start of `in` that became its first character put back.
  void keep_inert_start(std::string_view in, std::string& out, TextChanges& ch) const;

  // One pass over `in` (not empty): whether any step may change it, or it is
  // not valid UTF-8.
  bool needs_work(std::string_view in) const;
  // Whether a step may change the BMP code point `c` (m_class, then OpenCC's answer for a CJK character).
  bool works_on(char32_t c) const {
    const std::uint8_t k = m_class[c];
    return k == kWork || (k == kAskOpenCC && m_t2s->triggers(c));
  }

  enum : std::uint8_t { kNoWork = 0, kWork = 1, kAskOpenCC = 2 };
  TextOptions m_options;
  std::vector<std::uint8_t> m_class;  // per BMP code point: kNoWork, kWork (a step may change it) or kAskOpenCC
  // The same for U+1F000..U+1FFFF (emoji and symbols: only the NFKC step can
  // change one of them, to ASCII, as 🄰 -> A).
  std::vector<std::uint8_t> m_class_1f;
  std::unique_ptr<text::TraditionalToSimplified> m_t2s;
  std::vector<char32_t> m_keep;  // sorted
};

// The steps one by one, for tests.
// Decodes &amp; &lt; &gt; &quot; &apos; &nbsp; &#39; &#x27; and a few more, repeatedly
// (so &amp;amp; becomes &); returns whether anything changed.
bool decode_entities(std::string_view in, std::string& out);
// Removes U+200B..U+200F, U+2060, U+FEFF, U+00AD, U+180E.
bool remove_zero_width(std::string_view in, std::string& out);
// NFKC for the characters whose compatibility form is plain ASCII (full-width
// letters, digits and punctuation, U+3000, ligatures, circled digits), except
// those of `keep`. Characters NFKC would turn into something else (kaomoji
// parts, half-width katakana, Hangul jamo) are left alone.
bool nfkc_keeping(std::string_view in, std::string_view keep, std::string& out);
// Trims each line and the whole text, collapses runs of spaces and tabs to one
// space and runs of line breaks (CR, LF, CRLF, blank lines) to one LF.
bool collapse_whitespace(std::string_view in, std::string& out);

}  // namespace fbkit::clean
