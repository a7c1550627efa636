// The words of free text, for frequent-term lists (stats --terms, classify
// --coverage).
// Chinese: character bigrams and trigrams inside runs of Han characters,
// skipping those with a stop character (的 了 是 ...); English and other Latin
// text: lower-cased words of three letters or more, stop words out.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace fbkit::text {

class TermExtractor {
public:
  TermExtractor(const std::vector<std::string>& stop_chars, const std::vector<std::string>& stop_words);
  // Appends the terms of `text` to `out` (repeats included; the caller dedupes per row).
  void extract(std::string_view text, std::vector<std::string>& out) const;

private:
  std::unordered_set<std::string> m_stop_chars;
  std::unordered_set<std::string> m_stop_words;
};

}  // namespace fbkit::text
