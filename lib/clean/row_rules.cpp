#include "clean/row_rules.hpp"

#include <fmt/core.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstring>

#include "core/error.hpp"
#include "text/glob.hpp"
#include "text/unicode.hpp"

namespace fbkit::clean {

// A strict 0..99 integer (scores); nullopt for anything else.
std::optional<int> small_integer(std::string_view s) {
  if (s.empty() || s.size() > 2) {
    if (s.size() > 2 && s.size() <= 4 && s[s.size() - 2] == '.' && s.back() == '0') {
      return small_integer(s.substr(0, s.size() - 2));  // 4.0
    }
    return std::nullopt;
  }
  int v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    v = v * 10 + (c - '0');
  }
  return v;
}

bool matches_any(const std::vector<std::string>& globs, std::string_view name) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) { return text::glob_match(g, name); });
}

std::string format_number(double v) {
  std::string s = fmt::format("{:.3f}", v);
  while (!s.empty() && s.back() == '0') {
    s.pop_back();
  }
  if (!s.empty() && s.back() == '.') {
    s.pop_back();
  }
  return s;
}

namespace {

// Punctuation and symbols repeated for emphasis (黄屏。。。。。。, !!!!!!, ……)
// say nothing about spam: ASCII punctuation, U+2010..U+205E (dashes,
// ellipsis, quotes), U+3000..U+303F (CJK punctuation) and the full-width
// punctuation of U+FF01..U+FF65.
bool is_punctuation(std::string_view c) {
  const auto b0 = static_cast<unsigned char>(c[0]);
  if (c.size() == 1) {
    return (b0 >= '!' && b0 <= '/') || (b0 >= ':' && b0 <= '@') || (b0 >= '[' && b0 <= '`') || (b0 >= '{' && b0 <= '~');
  }
  if (c.size() != 3) {
    return false;
  }
  const auto b1 = static_cast<unsigned char>(c[1]), b2 = static_cast<unsigned char>(c[2]);
  const std::uint32_t cp = ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
  const bool fullwidth_alnum =
      (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A);
  return (cp >= 0x2010 && cp <= 0x205E) || (cp >= 0x3000 && cp <= 0x303F) ||
         (cp >= 0xFF01 && cp <= 0xFF65 && !fullwidth_alnum);
}

}  // namespace

bool is_flood(std::string_view s, int min_length, double share, std::vector<std::uint32_t>& chars) {
  if (share <= 0 || share > 1 || static_cast<int>(s.size()) < min_length) {
    return false;
  }
  chars.clear();
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = std::min<std::size_t>(c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2, s.size() - i);
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r' && !is_punctuation(s.substr(i, len))) {
      std::uint32_t v = 0;
      std::memcpy(&v, s.data() + i, len);
      chars.push_back(v);
    }
    i += len;
  }
  if (static_cast<int>(chars.size()) < min_length) {
    return false;
  }
  std::size_t best = 0;
  if (share > 0.5) {
    // Only a majority can make the share: find the candidate (Boyer-Moore), count it.
    std::uint32_t candidate = 0;
    std::size_t votes = 0;
    for (const std::uint32_t v : chars) {
      if (votes == 0) {
        candidate = v;
      }
      votes += v == candidate ? 1 : std::size_t(0) - 1;
    }
    best = static_cast<std::size_t>(std::count(chars.begin(), chars.end(), candidate));
  } else {
    std::sort(chars.begin(), chars.end());
    for (std::size_t i = 0; i < chars.size();) {
      std::size_t j = i;
      while (j < chars.size() && chars[j] == chars[i]) {
        ++j;
      }
      best = std::max(best, j - i);
      i = j;
    }
  }
  return static_cast<double>(best) >= share * static_cast<double>(chars.size()) - 1e-9;
}

RE2::Options pattern_options() {
  RE2::Options opt;
  opt.set_case_sensitive(false);
  opt.set_log_errors(false);
  return opt;
}

WholeMatchRange::WholeMatchRange(const std::vector<std::string>& patterns) {
  // 16 bytes of each bound: enough to tell most values apart from a pattern's.
  constexpr int kBoundBytes = 16;
  for (const std::string& p : patterns) {
    const RE2 re(p, pattern_options());
    std::string lo, hi;
    if (!re.ok() || !re.PossibleMatchRange(&lo, &hi, kBoundBytes)) {
      m_ranges.clear();
      return;  // unbounded
    }
    m_ranges.emplace_back(std::move(lo), std::move(hi));
  }
  // Overlapping ranges merged: fewer to compare a value with.
  std::sort(m_ranges.begin(), m_ranges.end());
  std::size_t n = 0;
  for (std::size_t i = 0; i < m_ranges.size(); ++i) {
    if (n > 0 && m_ranges[i].first <= m_ranges[n - 1].second) {
      m_ranges[n - 1].second = std::max(m_ranges[n - 1].second, m_ranges[i].second);
    } else if (n++ != i) {
      m_ranges[n - 1] = std::move(m_ranges[i]);
    }
  }
  m_ranges.resize(n);
  m_bounded = true;
}

PatternSets::PatternSets(const Rules& r) {
  const RE2::Options opt = pattern_options();
  auto build = [&](const std::vector<std::string>& list, RE2::Anchor anchor) -> std::unique_ptr<RE2::Set> {
    if (list.empty()) {
      return nullptr;
    }
    auto set = std::make_unique<RE2::Set>(opt, anchor);
    for (const std::string& p : list) {
      std::string error;
      if (set->Add(p, &error) < 0) {
        throw ConfigError(r.origin + ": invalid regular expression " + quote_value(p) + ": " + excerpt(error, 120));
      }
    }
    if (!set->Compile()) {
      throw ConfigError(r.origin + ": the patterns need more memory than RE2 allows");
    }
    return set;
  };
  test_text = build(r.test_text, RE2::ANCHOR_BOTH);
  test_customer = build(r.test_customer_id, RE2::ANCHOR_BOTH);
  spam = build(r.spam_regex, RE2::UNANCHORED);
  // The spam words join the weak patterns as literals: one scan finds either.
  std::vector<std::string> weak = r.spam_weak_regex;
  for (const std::string& w : r.spam_words) {
    weak.push_back(RE2::QuoteMeta(text::nfkc(w)));
  }
  spam_weak = build(weak, RE2::UNANCHORED);
  std::vector<std::string> unless;
  for (const std::string& w : r.spam_unless_words) {
    unless.push_back(RE2::QuoteMeta(text::nfkc(w)));
  }
  spam_unless = build(unless, RE2::UNANCHORED);
}

}  // namespace fbkit::clean
