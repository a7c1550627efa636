#include "classify/coverage.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <vector>

#include "text/terms.hpp"

namespace fbkit::classify {

namespace {

const text::TermExtractor& extractor() {
  static const text::TermExtractor kExtractor(
      {"的", "了", "是", "我", "你", "他", "她", "它", "们", "在", "就", "都", "也", "还", "吧",
       "呢", "啊", "吗", "么", "和", "与", "这", "那", "个", "有", "很", "又", "哦", "呀", "嘛"},
      {"the",   "and",    "for",  "that",  "this", "with",  "was",   "are",  "but",   "not",     "you",
       "have",  "had",    "has",  "they",  "them", "she",   "her",   "his",  "its",   "it's",    "our",
       "out",   "all",    "any",  "can",   "from", "were",  "been",  "will", "would", "just",    "very",
       "too",   "than",   "then", "there", "what", "when",  "which", "who",  "into",  "your",    "more",
       "some",  "also",   "did",  "does",  "i'm",  "one",   "get",   "got",  "about", "because", "really",
       "could", "should", "only", "even",  "much", "these", "those"});
  return kExtractor;
}

}  // namespace

void Coverage::add_text(std::string_view text) {
  thread_local std::vector<std::string> terms;
  terms.clear();
  extractor().extract(text, terms);
  for (std::string& t : terms) {
    ++m_terms[std::move(t)];
  }
}

std::string Coverage::report(std::size_t top) const {
  std::vector<std::pair<std::string, std::int64_t>> terms(m_terms.begin(), m_terms.end());
  std::sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  std::string out = fmt::format("other: {} of {} rows ({:.1f}%)\nrank\tterm\tcount\n", m_other, m_rows,
                                m_rows == 0 ? 0.0 : 100.0 * static_cast<double>(m_other) / static_cast<double>(m_rows));
  for (std::size_t i = 0; i < terms.size() && i < top; ++i) {
    out += fmt::format("{}\t{}\t{}\n", i + 1, terms[i].first, terms[i].second);
  }
  return out;
}

}  // namespace fbkit::classify
