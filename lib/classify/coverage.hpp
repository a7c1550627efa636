// --coverage: which words the rows left `other` use most, as candidates for new
// rules. Chinese: character bigrams and trigrams inside runs of Han characters,
// skipping those with a function character (的 了 是 ...); English: lower-cased
// words of three letters or more, stop words out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace fbkit::classify {

class Coverage {
public:
  // Counts the terms of one text of a row left `other`.
  void add_text(std::string_view text);
  // Counts a row (other or not) for the share.
  void add_row(bool other) {
    ++m_rows;
    m_other += other ? 1 : 0;
  }
  // "other: N of M rows (P%)" then "rank<TAB>term<TAB>count" for the top `top` terms.
  std::string report(std::size_t top = 50) const;

private:
  std::unordered_map<std::string, std::int64_t> m_terms;
  std::int64_t m_rows = 0;
  std::int64_t m_other = 0;
};

}  // namespace fbkit::classify
