#include "classify/coverage.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <set>
#include <vector>

namespace fbkit::classify {

namespace {

// Decodes one UTF-8 character at s[i]; returns its length (1 for a bad byte).
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
  if (i + n > s.size()) {
    n = 1;
  }
  cp = n == 1 ? b : b & (0xFF >> (n + 1));
  for (std::size_t k = 1; k < n; ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  return n;
}

bool han(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

bool stop_char(std::string_view ch) {
  static const std::set<std::string_view> kStop = {"的", "了", "是", "我", "你", "他", "她", "它", "们", "在",
                                                   "就", "都", "也", "还", "吧", "呢", "啊", "吗", "么", "和",
                                                   "与", "这", "那", "个", "有", "很", "又", "哦", "呀", "嘛"};
  return kStop.count(ch) != 0;
}

bool stop_word(std::string_view w) {
  static const std::set<std::string_view> kStop = {
      "the",   "and",   "for",    "that",  "this", "with", "was",   "are",  "but",   "not",     "you",
      "have",  "had",   "has",    "they",  "them", "she",  "her",   "his",  "its",   "it's",    "our",
      "out",   "all",   "any",    "can",   "from", "were", "been",  "will", "would", "just",    "very",
      "too",   "than",  "then",   "there", "what", "when", "which", "who",  "into",  "your",    "more",
      "some",  "also",  "did",    "does",  "i'm",  "one",  "get",   "got",  "about", "because", "really",
      "would", "could", "should", "only",  "even", "much", "these", "those"};
  return kStop.count(w) != 0;
}

}  // namespace

void Coverage::add_text(std::string_view text) {
  std::vector<std::string_view> run;  // the current run of Han characters
  std::string word;
  const auto flush_run = [&] {
    for (std::size_t n = 2; n <= 3; ++n) {
      for (std::size_t i = 0; i + n <= run.size(); ++i) {
        bool skip = false;
        std::string term;
        for (std::size_t k = i; k < i + n; ++k) {
          skip = skip || stop_char(run[k]);
          term += run[k];
        }
        if (!skip) {
          ++m_terms[term];
        }
      }
    }
    run.clear();
  };
  const auto flush_word = [&] {
    if (word.size() >= 3 && !stop_word(word)) {
      ++m_terms[word];
    }
    word.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t n = decode(text, i, cp);
    if (han(cp)) {
      flush_word();
      run.push_back(text.substr(i, n));
    } else {
      flush_run();
      if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp == '\'' && !word.empty())) {
        word += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
      } else {
        flush_word();
      }
    }
    i += n;
  }
  flush_run();
  flush_word();
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
