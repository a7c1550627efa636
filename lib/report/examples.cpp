#include "report/examples.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "report/rows.hpp"

namespace fbkit::report {

namespace {

double jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() || b.empty()) {
    return 0;
  }
  std::size_t both = 0;
  for (const std::string& x : a) {
    both += b.count(x);
  }
  return static_cast<double>(both) / static_cast<double>(a.size() + b.size() - both);
}

}  // namespace

std::size_t char_length(unsigned char c) {
  return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
}

std::size_t char_count(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); i += char_length(static_cast<unsigned char>(s[i]))) {
    ++n;
  }
  return n;
}

std::set<std::string> bigrams(std::string_view s) {
  std::vector<std::string_view> chars;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = std::min<std::size_t>(char_length(static_cast<unsigned char>(s[i])), s.size() - i);
    chars.push_back(s.substr(i, len));
    i += len;
  }
  std::set<std::string> out;
  for (std::size_t i = 0; i + 1 < chars.size(); ++i) {
    out.insert(std::string(chars[i]) + std::string(chars[i + 1]));
  }
  return out;
}

std::vector<std::uint64_t> packed_bigrams(std::string_view s) {
  std::vector<std::uint64_t> out;
  std::uint64_t previous = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = std::min<std::size_t>(char_length(static_cast<unsigned char>(s[i])), s.size() - i);
    std::uint64_t c = 0;
    for (std::size_t k = 0; k < len; ++k) {
      c = c << 8 | static_cast<unsigned char>(s[i + k]);
    }
    if (i > 0) {
      out.push_back(previous << 32 | c);
    }
    previous = c;
    i += len;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void IssueTexts::add(std::string_view text) {
  m_chars.push_back(char_count(text));
  for (const std::uint64_t b : packed_bigrams(text)) {
    ++m_rows_with[b];
  }
}

std::size_t IssueTexts::median_chars() const {
  if (m_chars.empty()) {
    return 0;
  }
  std::vector<std::size_t> sorted = m_chars;
  std::sort(sorted.begin(), sorted.end());
  return sorted[(sorted.size() - 1) / 2];
}

double IssueTexts::share(std::uint64_t b, bool self) const {
  const std::size_t n = rows() - (self ? 1 : 0);
  if (n == 0) {
    return 0;
  }
  const auto at = m_rows_with.find(b);
  const std::int64_t with = at == m_rows_with.end() ? 0 : std::max<std::int64_t>(at->second - (self ? 1 : 0), 0);
  return static_cast<double>(with) / static_cast<double>(n);
}

double IssueTexts::typicality(std::string_view text, const IssueTexts& all) const {
  const std::vector<std::uint64_t> own = packed_bigrams(text);
  if (own.empty() || rows() < 2) {
    return 0;
  }
  double sum = 0;
  for (const std::uint64_t b : own) {
    sum += std::max(0.0, share(b, true) - all.share(b, false));
  }
  // Rounded, so that the order does not rest on the last bits of a sum.
  return std::round(sum / static_cast<double>(own.size()) * 1e6) / 1e6;
}

bool stronger(const Example& x, const Example& y) {
  return std::make_tuple(-x.signal, -x.when, x.id) < std::make_tuple(-y.signal, -y.when, y.id);
}

void rank_examples(std::vector<Example>& candidates, const IssueTexts& texts, const IssueTexts& all) {
  const std::size_t median = texts.median_chars();
  for (Example& e : candidates) {
    const std::size_t n = char_count(e.text);
    e.typical_length = 2 * n >= median && n <= 2 * median;
    e.typicality = texts.typicality(e.text, all);
  }
  std::sort(candidates.begin(), candidates.end(), [](const Example& x, const Example& y) {
    return std::make_tuple(-x.signal, !x.typical_length, -x.typicality, -x.when, x.id) <
           std::make_tuple(-y.signal, !y.typical_length, -y.typicality, -y.when, y.id);
  });
}

Json pick_examples(const std::vector<Example>& candidates, int n) {
  Json out = Json::array();
  std::vector<std::set<std::string>> chosen;
  for (const Example& e : candidates) {
    if (static_cast<int>(out.size()) >= n) {
      break;
    }
    const std::set<std::string> b = bigrams(e.text);
    if (std::any_of(chosen.begin(), chosen.end(), [&](const auto& c) { return jaccard(b, c) > 0.5; })) {
      continue;
    }
    chosen.push_back(b);
    Json x = {{"feedback_id", e.id}, {"received_at", e.received_at}, {"text", shown_text(e.text, 200)}};
    x["score"] = e.score == 9 ? Json(nullptr) : Json(e.score);
    x["signal"] = e.signal;
    x["typical_length"] = e.typical_length;
    x["typicality"] = e.typicality;
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace fbkit::report
