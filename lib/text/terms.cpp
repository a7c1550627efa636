#include "text/terms.hpp"

namespace fbkit::text {

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

}  // namespace

TermExtractor::TermExtractor(const std::vector<std::string>& stop_chars, const std::vector<std::string>& stop_words)
    : m_stop_chars(stop_chars.begin(), stop_chars.end()), m_stop_words(stop_words.begin(), stop_words.end()) {}

void TermExtractor::extract(std::string_view text, std::vector<std::string>& out) const {
  std::vector<std::string_view> run;  // the current run of Han characters
  std::vector<bool> stop;
  std::string word;
  const auto flush_run = [&] {
    for (std::size_t n = 2; n <= 3; ++n) {
      for (std::size_t i = 0; i + n <= run.size(); ++i) {
        bool skip = false;
        std::string term;
        for (std::size_t k = i; k < i + n; ++k) {
          skip = skip || stop[k];
          term += run[k];
        }
        if (!skip) {
          out.push_back(std::move(term));
        }
      }
    }
    run.clear();
    stop.clear();
  };
  const auto flush_word = [&] {
    if (word.size() >= 3 && m_stop_words.count(word) == 0) {
      out.push_back(word);
    }
    word.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t n = decode(text, i, cp);
    if (han(cp)) {
      flush_word();
      run.push_back(text.substr(i, n));
      stop.push_back(m_stop_chars.count(std::string(text.substr(i, n))) != 0);
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

}  // namespace fbkit::text
