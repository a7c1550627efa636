// The rules clean applies to one row on its own (no other row needed): the
// `vague` test, the flood test, the RE2 sets of the test and spam rules, and
// the compiled rule set every worker thread shares.
#pragma once

#include <re2/set.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "clean/literal_filter.hpp"
#include "clean/normalize.hpp"
#include "clean/rules.hpp"
#include "core/strings.hpp"
#include "text/unicode.hpp"

namespace fbkit::clean {

// A strict 0..99 integer (scores; "4.0" and "05" too); nullopt for anything else.
std::optional<int> small_integer(std::string_view s);

// Whether `name` matches one of the column globs.
bool matches_any(const std::vector<std::string>& globs, std::string_view name);

// A number for messages: at most 3 decimals, no trailing zeros.
std::string format_number(double v);

// The `vague` test: a short text, or one made only of generic words.
// Thread-safe: the scratch space is per thread.
class VagueTest {
public:
  explicit VagueTest(const VagueRules& r) : m_rules(r) {
    add(r.generic, kGeneric);
    add(r.fillers, kFiller);
    add(r.positive, kPositive);
  }

  bool operator()(std::string_view text) const {
    if (text.size() > kMaxBytes) {
      return false;  // a long text says more than generic words
    }
    // Tokens are cut as the test needs them: most texts fail at the first
    // word, and then only whether they have more than max_units tokens counts.
    thread_local Scratch sc;
    sc.tokens.clear();
    sc.storage.assign(text);
    std::size_t pos = 0;
    const auto cut = [&](std::size_t want) {
      while (sc.tokens.size() < want && next_token(sc, pos)) {
      }
      return sc.tokens.size();
    };
    if (cut(1) == 0) {
      return false;  // nothing but punctuation or emoji
    }
    int all = 0;
    bool complete = true;
    for (std::size_t i = 0; cut(i + m_max_tokens) > i;) {
      int kinds = 0;
      const std::size_t n = longest(i, sc, &kinds);
      if (n == 0) {
        complete = false;
        break;
      }
      all |= kinds;
      i += n;
    }
    const bool praise = complete && (all & kPositive) != 0 && (all & kGeneric) == 0;
    if (praise) {
      return false;
    }
    if (m_rules.max_units >= 0 &&
        cut(static_cast<std::size_t>(m_rules.max_units) + 1) <= static_cast<std::size_t>(m_rules.max_units)) {
      return true;
    }
    return complete && (all & kGeneric) != 0;
  }

private:
  static constexpr int kGeneric = 1, kFiller = 2, kPositive = 4;
  static constexpr std::size_t kMaxTokens = 6;
  static constexpr std::size_t kMaxBytes = 160;

  struct Token {
    std::string_view text;
    bool ascii;
  };
  struct Scratch {
    std::vector<Token> tokens;
    std::string storage;
    std::string key;
  };

  void add(const std::vector<std::string>& words, int kind) {
    Scratch sc;
    for (const std::string& w : words) {
      tokenize(ascii_lower(text::nfkc(w)), sc);
      sc.key.clear();
      join(0, sc.tokens.size(), sc);
      if (!sc.key.empty() && sc.tokens.size() <= kMaxTokens) {
        m_words[sc.key] |= kind;
        m_first.emplace(sc.tokens[0].text);
        m_max_tokens = std::max(m_max_tokens, sc.tokens.size());
      }
    }
  }

  // Splits into tokens: each CJK character, each ASCII word (lowered);
  // punctuation, spaces, symbols and emoji are dropped.
  static void tokenize(std::string_view s, Scratch& sc) {
    sc.tokens.clear();
    sc.storage.assign(s);
    std::size_t pos = 0;
    while (next_token(sc, pos)) {
    }
  }

  // The next token of sc.storage from `pos` (an ASCII word is lowered in
  // place: the scratch keeps its capacity); false at the end.
  static bool next_token(Scratch& sc, std::size_t& pos) {
    std::string& t = sc.storage;
    const auto word = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
    while (pos < t.size()) {
      const std::size_t i = pos;
      const auto c = static_cast<unsigned char>(t[i]);
      if (word(t[i])) {
        std::size_t j = i;
        for (; j < t.size() && (word(t[j]) || t[j] == '\''); ++j) {
          t[j] = t[j] >= 'A' && t[j] <= 'Z' ? static_cast<char>(t[j] + 32) : t[j];
        }
        sc.tokens.push_back({std::string_view(t).substr(i, j - i), true});
        pos = j;
        return true;
      }
      if (c < 0x80) {
        ++pos;
        continue;
      }
      const std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      pos += len;
      if (c == 0xE4 || (c >= 0xE5 && c <= 0xE9) ||
          (c == 0xE3 && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) >= 0x90)) {
        // U+4E00..U+9FFF and U+3400.. (CJK ideographs): a character each.
        sc.tokens.push_back({std::string_view(t).substr(i, std::min(len, t.size() - i)), false});
        return true;
      }
    }
    return false;
  }

  static void join(std::size_t from, std::size_t to, Scratch& sc) {
    for (std::size_t k = from; k < to; ++k) {
      if (k > from && sc.tokens[k].ascii && sc.tokens[k - 1].ascii) {
        sc.key += ' ';
      }
      sc.key += sc.tokens[k].text;
    }
  }

  // The longest dictionary word starting at token i, in tokens (0: none).
  std::size_t longest(std::size_t i, Scratch& sc, int* kinds) const {
    sc.key.assign(sc.tokens[i].text);
    if (m_first.find(sc.key) == m_first.end()) {
      return 0;  // no word starts with it
    }
    const std::size_t max = std::min(m_max_tokens, sc.tokens.size() - i);
    for (std::size_t n = max; n >= 1; --n) {
      sc.key.clear();
      join(i, i + n, sc);
      const auto it = m_words.find(sc.key);
      if (it != m_words.end()) {
        *kinds = it->second;
        return n;
      }
    }
    return 0;
  }

  const VagueRules& m_rules;
  std::unordered_map<std::string, int> m_words;
  std::unordered_set<std::string> m_first;  // the first token of each word
  std::size_t m_max_tokens = 1;             // the most tokens of a word
};

// Whether `s` (at least min_length characters, spaces not counted) is mostly
// one repeated character (a share of them); `chars` is scratch space.
bool is_flood(std::string_view s, int min_length, double share, std::vector<std::uint32_t>& chars);

// The options every clean pattern is compiled with (case-insensitive).
RE2::Options pattern_options();

// Where the values that patterns matched against a whole value (the test
// rules) can lie, as RE2::PossibleMatchRange bounds them: a value outside every
// pattern's [min, max] (bytes compared) matches none, and the set need not
// scan it: a customer_id C0102732 against patterns that begin with test or
// demo. A pattern RE2 cannot bound (\C*) makes every value possible.
class WholeMatchRange {
public:
  WholeMatchRange() = default;
  explicit WholeMatchRange(const std::vector<std::string>& patterns);
  // false only when no pattern can match the whole of `v`.
  bool possible(std::string_view v) const {
    if (!m_bounded) {
      return true;
    }
    return std::any_of(m_ranges.begin(), m_ranges.end(), [&](const auto& r) {
      return std::string_view(r.first) <= v && v <= std::string_view(r.second);
    });
  }
  bool bounded() const { return m_bounded; }

private:
  std::vector<std::pair<std::string, std::string>> m_ranges;
  bool m_bounded = false;
};

// What a value must pass before a test rule's RE2 set scans it: within some
// pattern's whole-match range, and holding the literals one of them needs.
struct TestPrefilter {
  WholeMatchRange range;
  LiteralFilter literals;

  TestPrefilter() = default;
  explicit TestPrefilter(const std::vector<std::string>& patterns) : range(patterns), literals(patterns) {}
  // false only when no pattern can match `v`.
  bool possible(std::string_view v) const { return range.possible(v) && literals.possible(v); }
};

// The RE2 sets of the test and spam rules. RE2 serializes the threads that
// share a set (its DFA cache sits behind a lock), so each worker thread
// compiles its own copy (a few milliseconds) the first time it needs one.
struct PatternSets {
  std::unique_ptr<RE2::Set> test_text, test_customer;
  std::unique_ptr<RE2::Set> spam;         // the strong patterns
  std::unique_ptr<RE2::Set> spam_weak;    // the weak patterns, then the words as literals
  std::unique_ptr<RE2::Set> spam_unless;  // the complaint words as literals

  explicit PatternSets(const Rules& r);  // throws ConfigError naming a bad pattern
};

// The compiled rules: shared by both passes and every thread.
struct Compiled {
  const Rules& rules;
  TextNormalizer normalizer;
  VagueTest vague;
  std::uint64_t id;  // tells this run's per-thread pattern sets from an earlier run's

  TestPrefilter test_text_filter, test_customer_filter;

  explicit Compiled(const Rules& r) : rules(r), normalizer(r.text), vague(r.vague), id(next_id()) {
    (void)PatternSets(r);  // every pattern error surfaces here, before any output
    test_text_filter = TestPrefilter(r.test_text);
    test_customer_filter = TestPrefilter(r.test_customer_id);
  }

  // This thread's copy of the pattern sets.
  const PatternSets& sets() const {
    thread_local std::uint64_t owner = 0;
    thread_local std::unique_ptr<PatternSets> mine;
    if (owner != id) {
      mine = std::make_unique<PatternSets>(rules);
      owner = id;
    }
    return *mine;
  }

private:
  static std::uint64_t next_id() {
    static std::atomic<std::uint64_t> counter{0};
    return ++counter;
  }
};

}  // namespace fbkit::clean
