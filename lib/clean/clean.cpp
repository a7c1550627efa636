#include "clean/clean.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <re2/re2.h>
#include <re2/set.h>
#include <xxhash.h>


#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstring>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>

#include "classify/classify.hpp"
#include "clean/too_fast.hpp"
#include "clean/tracker.hpp"
#include "core/schema.hpp"
#include "core/strings.hpp"
#include "csv/batch.hpp"
#include "csv/reader.hpp"
#include "text/glob.hpp"
#include "text/unicode.hpp"
#include "values/parse.hpp"

namespace fbkit::clean {

namespace {

enum class Reason { none, duplicate, test, spam, straight_lining, contradiction, repeated, too_fast };

const char* reason_name(Reason r) {
  switch (r) {
    case Reason::duplicate: return "duplicate";
    case Reason::test: return "test";
    case Reason::spam: return "spam";
    case Reason::straight_lining: return "straight_lining";
    case Reason::contradiction: return "contradiction";
    case Reason::repeated: return "repeated";
    case Reason::too_fast: return "too_fast";
    case Reason::none: break;
  }
  return "";
}

// The flags clean sets, in the order they are appended.
constexpr const char* kFlagPii = "pii_masked";
constexpr const char* kFlagRange = "score_out_of_range";
constexpr const char* kFlagInvalid = "score_invalid";
constexpr const char* kFlagVague = "vague";

// "YYYY-MM-DDTHH:MM:SS" (the canonical form) -> seconds since 1970, local.
std::optional<std::int64_t> parse_iso_seconds(std::string_view s) {
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':') {
    return std::nullopt;
  }
  int v[6];
  const int at[6] = {0, 5, 8, 11, 14, 17};
  const int len[6] = {4, 2, 2, 2, 2, 2};
  for (int k = 0; k < 6; ++k) {
    int x = 0;
    for (int j = 0; j < len[k]; ++j) {
      const char c = s[static_cast<std::size_t>(at[k] + j)];
      if (c < '0' || c > '9') {
        return std::nullopt;
      }
      x = x * 10 + (c - '0');
    }
    v[k] = x;
  }
  // days_from_civil (Howard Hinnant's algorithm).
  const int y = v[1] <= 2 ? v[0] - 1 : v[0];
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (v[1] + (v[1] > 2 ? -3 : 9)) + 2) / 5 + v[2] - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + doe - 719468;
  return days * 86400 + v[3] * 3600 + v[4] * 60 + v[5];
}

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
    thread_local Scratch sc;
    tokenize(text, sc);
    if (sc.tokens.empty()) {
      return false;  // nothing but punctuation or emoji
    }
    int all = 0;
    bool complete = true;
    for (std::size_t i = 0; i < sc.tokens.size();) {
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
    if (static_cast<int>(sc.tokens.size()) <= m_rules.max_units) {
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
      }
    }
  }

  // Splits into tokens: each CJK character, each ASCII word; punctuation,
  // spaces, symbols and emoji are dropped.
  static void tokenize(std::string_view s, Scratch& sc) {
    sc.tokens.clear();
    sc.storage = ascii_lower(s);
    const std::string_view t = sc.storage;
    std::size_t i = 0;
    while (i < t.size()) {
      const auto c = static_cast<unsigned char>(t[i]);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        std::size_t j = i;
        while (j < t.size() && ((t[j] >= 'a' && t[j] <= 'z') || (t[j] >= '0' && t[j] <= '9') || t[j] == '\'')) {
          ++j;
        }
        sc.tokens.push_back({t.substr(i, j - i), true});
        i = j;
      } else if (c < 0x80) {
        ++i;
      } else {
        const std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (c == 0xE4 || (c >= 0xE5 && c <= 0xE9) ||
            (c == 0xE3 && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) >= 0x90)) {
          // U+4E00..U+9FFF and U+3400.. (CJK ideographs): a character each.
          sc.tokens.push_back({t.substr(i, std::min(len, t.size() - i)), false});
        }
        i += len;
      }
    }
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
    const std::size_t max = std::min(kMaxTokens, sc.tokens.size() - i);
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
};

// Whether `s` (at least min_length characters, spaces not counted) is mostly
// one repeated character.
bool is_flood(std::string_view s, int min_length, double share, std::vector<std::uint32_t>& chars) {
  if (share <= 0 || share > 1 || static_cast<int>(s.size()) < min_length) {
    return false;
  }
  chars.clear();
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = std::min<std::size_t>(c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2, s.size() - i);
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
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

// Where the columns of the input are and what clean does with each.
struct Layout {
  std::vector<std::string> header;  // the output header (flags appended if absent)
  std::size_t input_width = 0;
  std::vector<std::size_t> text_cols, mask_cols, score_cols, nps_cols, hash_cols, dims;
  std::vector<std::pair<std::size_t, const std::map<std::string, std::string>*>> alias_cols;
  std::ptrdiff_t id = -1, text = -1, customer = -1, received = -1, overall = -1, duration = -1, flags = -1;
  std::vector<std::size_t> all_scores;  // score_cols that are score_<x> (for straight-lining)

  Layout(const Rules& rules, const std::vector<std::string>& in) : header(in), input_width(in.size()) {
    const auto& appended = classify::appended_columns();
    for (std::size_t c = 0; c < in.size(); ++c) {
      const std::string& name = in[c];
      const auto at = static_cast<std::ptrdiff_t>(c);
      id = name == "feedback_id" ? at : id;
      text = name == "text" ? at : text;
      customer = name == "customer_id" ? at : customer;
      received = name == "received_at" ? at : received;
      overall = name == "score_overall" ? at : overall;
      duration = name == "survey_duration_s" ? at : duration;
      flags = name == "flags" ? at : flags;
      const bool provenance = name == schema::kSourceFile || name == schema::kSourceLine || name == "flags";
      if (matches_any(rules.text_columns, name)) {
        text_cols.push_back(c);
      }
      const bool extra = schema::find(name) == nullptr && !schema::is_score(name) && !schema::is_text(name) &&
                         !provenance && std::find(appended.begin(), appended.end(), name) == appended.end();
      if (rules.mask_enabled && (matches_any(rules.mask_columns, name) || (rules.mask_extra_columns && extra))) {
        mask_cols.push_back(c);
      }
      if (const auto it = rules.aliases.find(name); it != rules.aliases.end() && !it->second.empty()) {
        alias_cols.emplace_back(c, &it->second);
      }
      if (matches_any(rules.nps_columns, name)) {
        nps_cols.push_back(c);
      } else if (matches_any(rules.score_columns, name)) {
        score_cols.push_back(c);
        if (schema::is_score(name)) {
          all_scores.push_back(c);
          if (name != "score_overall") {
            dims.push_back(c);
          }
        }
      }
      if (std::find(rules.duplicate_ignore.begin(), rules.duplicate_ignore.end(), name) ==
          rules.duplicate_ignore.end()) {
        hash_cols.push_back(c);
      }
    }
    if (flags < 0) {
      header.emplace_back("flags");
    }
  }
};

// The RE2 sets of the test and spam rules. RE2 serializes the threads that
// share a set (its DFA cache sits behind a lock), so each worker thread
// compiles its own copy (a few milliseconds) the first time it needs one.
struct PatternSets {
  std::unique_ptr<RE2::Set> test_text, test_customer, spam;

  explicit PatternSets(const Rules& r) {
    RE2::Options opt;
    opt.set_case_sensitive(false);
    opt.set_log_errors(false);
    auto build = [&](const std::vector<std::string>& list, RE2::Anchor anchor) -> std::unique_ptr<RE2::Set> {
      if (list.empty()) {
        return nullptr;
      }
      auto set = std::make_unique<RE2::Set>(opt, anchor);
      for (const std::string& p : list) {
        std::string error;
        if (set->Add(p, &error) < 0) {
          throw ConfigError(r.origin + ": invalid regular expression '" + p + "': " + error);
        }
      }
      if (!set->Compile()) {
        throw ConfigError(r.origin + ": the patterns need more memory than RE2 allows");
      }
      return set;
    };
    test_text = build(r.test_text, RE2::ANCHOR_BOTH);
    test_customer = build(r.test_customer_id, RE2::ANCHOR_BOTH);
    // The spam words join the spam patterns as literals: one scan finds either.
    std::vector<std::string> spam_list = r.spam_regex;
    for (const std::string& w : r.spam_words) {
      spam_list.push_back(RE2::QuoteMeta(text::nfkc(w)));
    }
    spam = build(spam_list, RE2::UNANCHORED);
  }
};

// The compiled rules: shared by both passes and every thread.
struct Compiled {
  const Rules& rules;
  TextNormalizer normalizer;
  VagueTest vague;
  std::uint64_t id;  // tells this run's per-thread pattern sets from an earlier run's

  explicit Compiled(const Rules& r) : rules(r), normalizer(r.text), vague(r.vague), id(next_id()) {
    (void)PatternSets(r);  // every pattern error surfaces here, before any output
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

// What the parallel stage learns about one row.
struct RowOut {
  std::vector<std::string_view> fields;  // into the batch's arena or `owned`
  std::vector<std::string> owned;
  std::string flags;
  Reason local = Reason::none;  // test, spam, straight_lining, contradiction
  std::string detail;
  XXH128_hash_t dup{};
  bool has_repeat_key = false;
  XXH128_hash_t repeat{};
  std::int64_t when = 0;
  std::optional<double> duration;
  std::int64_t line = 0;
};

// Counts the parallel stage keeps per batch, added up in order.
struct Counters {
  text::PiiCounts masked;
  std::array<std::int64_t, 5> steps{};  // entities, zero_width, nfkc, t2s, whitespace
  std::int64_t aliases = 0;
};

// Rows travel through the pipeline in batches of about this many bytes.
constexpr std::size_t kBatchBytes = std::size_t{256} << 10;
struct Batch : csv::RowBatch {
  std::vector<RowOut> out;
  Counters counters;
};

// The row-local work: normalization, masking, aliases, scores, flags, the
// test/spam/survey rules and the hashes. Runs on any thread.
class RowWorker {
public:
  RowWorker(const Compiled& c, const Layout& layout) : m_c(c), m_rules(c.rules), m_layout(layout) {}

  void run(Batch& b) const {
    const std::size_t w = m_layout.input_width;
    b.counters = Counters{};
    if (b.out.size() < b.rows) {
      b.out.resize(b.rows);
    }
    for (std::size_t i = 0; i < b.rows; ++i) {
      RowOut& r = b.out[i];
      r.fields.resize(w);
      r.owned.resize(w);
      for (std::size_t c = 0; c < w; ++c) {
        r.fields[c] = b.field(i, c);
      }
      r.line = b.lines[i];
      row(r, b.counters);
    }
  }

private:
  static void set(RowOut& r, std::size_t c, std::string& value) {
    r.owned[c].swap(value);
    r.fields[c] = r.owned[c];
  }

  void row(RowOut& r, Counters& k) const {
    thread_local std::string tmp;
    thread_local std::vector<const char*> new_flags;
    new_flags.clear();
    // Text.
    for (const std::size_t c : m_layout.text_cols) {
      if (r.fields[c].empty()) {
        continue;
      }
      const TextChanges ch = m_c.normalizer.normalize(r.fields[c], tmp);
      if (ch.any()) {
        k.steps[0] += ch.entities;
        k.steps[1] += ch.zero_width;
        k.steps[2] += ch.nfkc;
        k.steps[3] += ch.t2s;
        k.steps[4] += ch.whitespace;
        set(r, c, tmp);
      }
    }
    bool masked = false;
    for (const std::size_t c : m_layout.mask_cols) {
      if (!r.fields[c].empty() && text::mask_pii(r.fields[c], tmp, m_rules.mask, &k.masked) > 0) {
        set(r, c, tmp);
        masked = true;
      }
    }
    if (masked) {
      new_flags.push_back(kFlagPii);
    }
    aliases(r, k);
    scores(r, new_flags);
    // Survey duration.
    r.duration.reset();
    if (m_layout.duration >= 0 && m_rules.survey_enabled) {
      const auto d = values::parse_duration_seconds(r.fields[static_cast<std::size_t>(m_layout.duration)]);
      if (d.value && *d.value >= 0) {
        r.duration = *d.value;
      }
    }
    vague(r, new_flags);
    build_flags(r, new_flags);
    local_rules(r);
    hashes(r);
  }

  void aliases(RowOut& r, Counters& k) const {
    // A per-thread cache: department, product and agent take few values.
    thread_local std::unordered_map<std::string, std::string> cache;
    thread_local const void* owner = nullptr;
    if (owner != this) {
      cache.clear();
      owner = this;
    }
    thread_local std::string key;
    for (const auto& [c, map] : m_layout.alias_cols) {
      const std::string_view v = r.fields[c];
      if (v.empty()) {
        continue;
      }
      key.assign(reinterpret_cast<const char*>(&c), sizeof c);
      key += v;
      auto it = cache.find(key);
      if (it == cache.end()) {
        if (cache.size() > 100000) {
          cache.clear();
        }
        const auto hit = map->find(text::normalize_key(v));
        it = cache.emplace(key, hit == map->end() ? std::string(v) : hit->second).first;
      }
      if (it->second != v) {
        std::string value = it->second;
        set(r, c, value);
        ++k.aliases;
      }
    }
  }

  void scores(RowOut& r, std::vector<const char*>& new_flags) const {
    bool range = false, invalid = false;
    auto check = [&](std::size_t c, int lo, int hi) {
      const std::string_view v = r.fields[c];
      if (v.empty()) {
        return;
      }
      const auto x = small_integer(v);
      std::string value;
      if (x && *x >= lo && *x <= hi) {
        if (v.size() > 1 && (v.size() != 2 || v[0] == '0')) {
          value = std::to_string(*x);  // 4.0 or 05 -> the plain form
          set(r, c, value);
        }
        return;
      }
      (x || is_decimal(v) ? range : invalid) = true;
      set(r, c, value);
    };
    for (const std::size_t c : m_layout.score_cols) {
      check(c, 1, 5);
    }
    for (const std::size_t c : m_layout.nps_cols) {
      check(c, 0, 10);
    }
    if (range) {
      new_flags.push_back(kFlagRange);
    }
    if (invalid) {
      new_flags.push_back(kFlagInvalid);
    }
  }

  std::optional<int> score(const RowOut& r, std::ptrdiff_t c) const {
    if (c < 0) {
      return std::nullopt;
    }
    return small_integer(r.fields[static_cast<std::size_t>(c)]);
  }

  void vague(const RowOut& r, std::vector<const char*>& new_flags) const {
    if (!m_rules.vague.enabled || m_layout.text < 0) {
      return;
    }
    const std::string_view t = r.fields[static_cast<std::size_t>(m_layout.text)];
    if (t.empty()) {
      return;
    }
    const auto s = score(r, m_layout.overall);
    if (s && m_rules.vague.skip_score_at_least > 0 && *s >= m_rules.vague.skip_score_at_least) {
      return;
    }
    if (m_c.vague(t)) {
      new_flags.push_back(kFlagVague);
    }
  }

  // The flags column: the flags the row had, then the new ones, each once.
  void build_flags(RowOut& r, const std::vector<const char*>& new_flags) const {
    r.flags.clear();
    if (m_layout.flags >= 0) {
      r.flags = r.fields[static_cast<std::size_t>(m_layout.flags)];
    }
    for (const char* f : new_flags) {
      bool present = false;
      for (std::string_view rest = r.flags; !rest.empty();) {
        const std::size_t semi = rest.find(';');
        present = present || rest.substr(0, semi) == f;
        rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      }
      if (!present) {
        r.flags += r.flags.empty() ? "" : ";";
        r.flags += f;
      }
    }
    if (m_layout.flags >= 0) {
      r.fields[static_cast<std::size_t>(m_layout.flags)] = r.flags;
    }
  }

  // test, spam, straight_lining, contradiction: each looks at the row alone.
  void local_rules(RowOut& r) const {
    r.local = Reason::none;
    r.detail.clear();
    const Rules& rules = m_rules;
    const std::string_view t = m_layout.text >= 0 ? r.fields[static_cast<std::size_t>(m_layout.text)] : "";
    thread_local std::vector<int> which;
    which.clear();
    const PatternSets& sets = m_c.sets();
    if (sets.test_text && !t.empty() && sets.test_text->Match(t, &which) && !which.empty()) {
      r.local = Reason::test;
      r.detail = "text matches test pattern '" + rules.test_text[static_cast<std::size_t>(*std::min_element(which.begin(), which.end()))] + "'";
      return;
    }
    if (sets.test_customer && m_layout.customer >= 0) {
      const std::string_view cid = r.fields[static_cast<std::size_t>(m_layout.customer)];
      which.clear();
      if (!cid.empty() && sets.test_customer->Match(cid, &which) && !which.empty()) {
        r.local = Reason::test;
        r.detail =
            "customer_id matches test pattern '" + rules.test_customer_id[static_cast<std::size_t>(*std::min_element(which.begin(), which.end()))] + "'";
        return;
      }
    }
    if (!t.empty()) {
      which.clear();
      if (sets.spam && sets.spam->Match(t, &which) && !which.empty()) {
        const auto first = static_cast<std::size_t>(*std::min_element(which.begin(), which.end()));
        r.local = Reason::spam;
        r.detail = first < rules.spam_regex.size()
                       ? "matches spam pattern '" + rules.spam_regex[first] + "'"
                       : "contains spam word '" + rules.spam_words[first - rules.spam_regex.size()] + "'";
        return;
      }
      thread_local std::vector<std::uint32_t> chars;
      if (is_flood(t, rules.spam_min_length, rules.spam_flood_share, chars)) {
        r.local = Reason::spam;
        r.detail = "a flood of one repeated character";
        return;
      }
    }
    if (!r.duration) {
      return;
    }
    if (rules.survey.straight_lining) {
      int answered = 0, first = 0;
      bool same = true;
      for (const std::size_t c : m_layout.all_scores) {
        if (const auto x = small_integer(r.fields[c])) {
          first = answered == 0 ? *x : first;
          same = same && *x == first;
          ++answered;
        }
      }
      if (same && answered >= rules.survey.straight_min_answered &&
          std::find(rules.survey.straight_values.begin(), rules.survey.straight_values.end(), first) !=
              rules.survey.straight_values.end()) {
        r.local = Reason::straight_lining;
        r.detail = fmt::format("all {} answered scores are {}", answered, first);
        return;
      }
    }
    if (rules.survey.contradiction) {
      if (const auto o = score(r, m_layout.overall)) {
        int answered = 0, lo = 5, hi = 1;
        for (const std::size_t c : m_layout.dims) {
          if (const auto x = small_integer(r.fields[c])) {
            lo = std::min(lo, *x);
            hi = std::max(hi, *x);
            ++answered;
          }
        }
        if (answered >= rules.survey.contradiction_min_dims) {
          if (*o == rules.survey.contradiction_high && hi <= rules.survey.contradiction_low_dims) {
            r.local = Reason::contradiction;
            r.detail = fmt::format("overall {} but every dimension <= {}", *o, hi);
          } else if (*o == rules.survey.contradiction_low && lo >= rules.survey.contradiction_high_dims) {
            r.local = Reason::contradiction;
            r.detail = fmt::format("overall {} but every dimension >= {}", *o, lo);
          }
        }
      }
    }
  }

  void hashes(RowOut& r) const {
    thread_local std::string key;
    if (m_rules.duplicates) {
      key.clear();
      for (const std::size_t c : m_layout.hash_cols) {
        const auto n = static_cast<std::uint32_t>(r.fields[c].size());
        key.append(reinterpret_cast<const char*>(&n), sizeof n);
        key += r.fields[c];
      }
      r.dup = XXH3_128bits(key.data(), key.size());
    }
    r.has_repeat_key = false;
    const std::string_view t = m_layout.text >= 0 ? r.fields[static_cast<std::size_t>(m_layout.text)] : "";
    if (m_rules.repeated && !t.empty() && m_layout.customer >= 0 && m_layout.received >= 0) {
      const std::string_view cid = r.fields[static_cast<std::size_t>(m_layout.customer)];
      const auto when = parse_iso_seconds(r.fields[static_cast<std::size_t>(m_layout.received)]);
      if (!cid.empty() && when) {
        key.assign(cid);
        key += '\x1f';
        key += ascii_lower(t);
        r.repeat = XXH3_128bits(key.data(), key.size());
        r.when = *when;
        r.has_repeat_key = true;
      }
    }
  }

  const Compiled& m_c;
  const Rules& m_rules;
  const Layout& m_layout;
};

// The decisions that need the rows before: duplicate, repeated, too_fast.
// Runs in input order on one thread at a time. Once the tracker spills, a
// row's decision waits for the end of the input (decide() gives nullopt) and
// finish() makes it from the tracker's answer and what the caller kept.
class Decider {
public:
  Decider(const Rules& rules, const Layout& layout)
      : m_layout(layout),
        m_tracker(rules.duplicates,
                  rules.repeated ? static_cast<std::int64_t>(std::llround(rules.repeated_window_hours * 3600)) : -1,
                  rules.memory_bytes) {}

  void set_too_fast(std::optional<double> below) { m_too_fast_below = below; }
  Tracker& tracker() { return m_tracker; }

  // The row's reason (none: kept) and its detail, or nullopt when deferred;
  // `name` is the input's, for rows without a feedback_id.
  std::optional<Reason> decide(const RowOut& r, const std::string& name, std::string& detail) {
    RowKeys k;
    k.dup = r.dup;
    k.local_removed = r.local != Reason::none;
    k.has_repeat_key = r.has_repeat_key;
    k.repeat = r.repeat;
    k.when = r.when;
    if (m_layout.id >= 0 && !r.fields[static_cast<std::size_t>(m_layout.id)].empty()) {
      k.ref = r.fields[static_cast<std::size_t>(m_layout.id)];
    } else {
      m_where = fmt::format("{}:{}", name, r.line);
      k.ref = m_where;
    }
    const std::optional<Seen> seen = m_tracker.see(k);
    if (!seen) {
      return std::nullopt;
    }
    return finish(*seen, r.local, r.detail, r.duration, detail);
  }

  // The reason of a row from the tracker's answer and its own rules' verdict.
  Reason finish(const Seen& seen, Reason local, const std::string& local_detail, std::optional<double> duration,
                std::string& detail) const {
    if (seen.kind == Seen::duplicate) {
      detail = fmt::format("same as {}", seen.ref);
      return Reason::duplicate;
    }
    if (local != Reason::none) {
      detail = local_detail;
      return local;
    }
    if (seen.kind == Seen::repeated) {
      detail = fmt::format("same customer and text as {}, {} h apart", seen.ref,
                           format_number(static_cast<double>(seen.seconds) / 3600));
      return Reason::repeated;
    }
    if (m_too_fast_below && duration && *duration < *m_too_fast_below) {
      detail = fmt::format("{} s, below {} s", format_number(*duration), format_number(*m_too_fast_below));
      return Reason::too_fast;
    }
    return Reason::none;
  }

private:
  const Layout& m_layout;
  Tracker m_tracker;
  std::string m_where;
  std::optional<double> m_too_fast_below;
};

// A row whose decision waits for the tracker's answers, as kept in a spill file.
struct Deferred {
  std::uint32_t input = 0;
  std::int64_t line = 0;
  Reason local = Reason::none;
  std::string detail;
  std::optional<double> duration;
  std::string flags;
  std::vector<std::string> fields;
  std::vector<std::string_view> views;

  static void write(SpillFile& f, std::size_t input, const RowOut& r) {
    const auto in = static_cast<std::uint32_t>(input);
    f.put(&in, sizeof in);
    f.put(&r.line, sizeof r.line);
    const auto local = static_cast<std::uint8_t>(r.local);
    f.put(&local, 1);
    f.put_str(r.detail);
    const std::uint8_t has = r.duration ? 1 : 0;
    f.put(&has, 1);
    const double d = r.duration.value_or(0);
    f.put(&d, sizeof d);
    f.put_str(r.flags);
    const auto n = static_cast<std::uint32_t>(r.fields.size());
    f.put(&n, sizeof n);
    for (const std::string_view v : r.fields) {
      f.put_str(v);
    }
  }

  bool read(SpillFile& f) {
    if (!f.get(&input, sizeof input)) {
      return false;
    }
    std::uint8_t code = 0, has = 0;
    double d = 0;
    std::uint32_t n = 0;
    bool ok = f.get(&line, sizeof line) && f.get(&code, 1) && f.get_str(detail) && f.get(&has, 1) &&
              f.get(&d, sizeof d) && f.get_str(flags) && f.get(&n, sizeof n);
    fields.resize(n);
    for (std::uint32_t i = 0; ok && i < n; ++i) {
      ok = f.get_str(fields[i]);
    }
    if (!ok) {
      throw IoError("clean: a temporary file ends inside a record");
    }
    local = static_cast<Reason>(code);
    duration = has != 0 ? std::optional<double>(d) : std::nullopt;
    views.assign(fields.begin(), fields.end());
    return true;
  }
};

// Streams the inputs through the worker (in parallel) and `sink` (in order).
// `first` is the first input's reader, its header already read.
template <typename Sink>
void pipeline(const std::vector<std::string>& inputs, const std::vector<std::string>& names,
              std::unique_ptr<ByteSource> first_src, std::unique_ptr<csv::Reader> first, const RowWorker& worker,
              Sink&& sink) {
  csv::BatchReader reader(inputs, names, std::move(first_src), std::move(first), "clean");
  csv::run_batches<Batch>(reader, [&](Batch& b) { worker.run(b); }, sink, kBatchBytes);
}

}  // namespace

const std::vector<std::string>& reasons() {
  static const std::vector<std::string> kReasons = {"duplicate",     "test",     "spam",    "straight_lining",
                                                    "contradiction", "repeated", "too_fast"};
  return kReasons;
}

Summary run(const Rules& rules, const RunOptions& options, ByteSink& out, std::ostream& log) {
  Summary summary;
  std::vector<std::string> inputs = options.inputs.empty() ? std::vector<std::string>{"-"} : options.inputs;
  if (std::count(inputs.begin(), inputs.end(), "-") > 1) {
    throw UsageError("standard input ('-') can be named only once");
  }
  std::vector<std::string> names = inputs;  // for messages: standard input is "<stdin>"
  for (std::string& name : names) {
    name = name == "-" ? "<stdin>" : name;
  }
  const Compiled compiled(rules);

  // The first header decides the layout. With a survey_duration_s column and
  // the relative too-fast test, the input is read twice (standard input
  // through a temporary file). Whether standard input must be copied is known
  // only once its header is read: what was read so far is kept until then.
  std::unique_ptr<StdinSpool> spool;
  const bool relative = rules.survey_enabled && rules.survey.too_fast && rules.survey.median_fraction > 0;
  RecordingSource* recorder = nullptr;
  auto open_first = [&](std::unique_ptr<ByteSource>& src, std::unique_ptr<csv::Reader>& reader) {
    src = std::make_unique<FileSource>(inputs.front(), names.front());
    if (relative && inputs.front() == "-") {
      auto recording = std::make_unique<RecordingSource>(std::move(src));
      recorder = recording.get();
      src = std::move(recording);
    }
    reader = std::make_unique<csv::Reader>(*src);
    return reader->read_header();
  };
  std::unique_ptr<ByteSource> src;
  std::unique_ptr<csv::Reader> reader;
  const Layout layout(rules, open_first(src, reader));
  const RowWorker worker(compiled, layout);
  const bool two_pass = relative && layout.duration >= 0;
  if (recorder != nullptr && two_pass) {
    spool = std::make_unique<StdinSpool>("clean", recorder->recorded());
    inputs.front() = spool->path();
    recorder = nullptr;
    open_first(src, reader);
  } else if (recorder != nullptr) {
    recorder->stop();  // one pass: standard input streams on
  }

  std::optional<double> threshold;
  if (rules.survey_enabled && rules.survey.too_fast && layout.duration >= 0) {
    threshold = rules.survey.min_seconds;
  }
  if (two_pass) {
    // Pass 1: the durations of the answers every other rule keeps.
    for (std::size_t i = 1; i < inputs.size(); ++i) {
      if (inputs[i] == "-") {
        spool = std::make_unique<StdinSpool>("clean");
        inputs[i] = spool->path();
      }
    }
    Durations durations;
    Decider decider(rules, layout);
    std::string detail;
    std::unique_ptr<SpillFile> waiting;  // (ordinal, duration) of the deferred answers that may count
    pipeline(inputs, names, std::move(src), std::move(reader), worker, [&](Batch& b) {
      for (std::size_t i = 0; i < b.rows; ++i) {
        const RowOut& r = b.out[i];
        const std::optional<Reason> reason = decider.decide(r, names[b.input], detail);
        if (!reason && r.local == Reason::none && r.duration) {
          if (!waiting) {
            waiting = std::make_unique<SpillFile>();
          }
          waiting->put_u64(decider.tracker().deferred() - 1);
          waiting->put(&*r.duration, sizeof(double));
        } else if (reason == Reason::none && r.duration) {
          durations.add(*r.duration);
        }
      }
    });
    if (decider.tracker().spilling()) {
      const auto answers = decider.tracker().resolve();
      if (waiting) {
        waiting->rewind();
        std::uint64_t ordinal = 0;
        double d = 0;
        while (waiting->get_u64(ordinal)) {
          if (!waiting->get(&d, sizeof d)) {
            throw IoError("clean: a temporary file ends inside a record");
          }
          if (answers->next(ordinal).kind == Seen::first) {
            durations.add(d);
          }
        }
      }
    }
    const auto [t, median] =
        durations.threshold(rules.survey.min_seconds, rules.survey.median_fraction);
    threshold = t;
    summary.median_seconds = median;
    open_first(src, reader);
  }
  summary.too_fast_below = threshold;

  // Pass 2: decide and write.
  std::unique_ptr<csv::Writer> removed;
  if (options.removed != nullptr) {
    removed = std::make_unique<csv::Writer>(*options.removed, options.writer);
    for (const char* h : {"reason", "detail", "input_file", "input_line"}) {
      removed->field(h);
    }
    for (const std::string& h : layout.header) {
      removed->field(h);
    }
    removed->end_record();
  }
  csv::Writer writer(out, options.writer);
  writer.record(layout.header);
  Decider decider(rules, layout);
  decider.set_too_fast(threshold);
  std::string detail;
  const auto emit = [&](Reason reason, const std::string& why, std::size_t input, std::int64_t line,
                        const std::vector<std::string_view>& fields, std::string_view flags) {
    if (reason == Reason::none) {
      ++summary.written;
      for (const std::string_view f : fields) {
        writer.field(f);
      }
      if (layout.flags < 0) {
        writer.field(flags);
      }
      writer.end_record();
      for (std::string_view rest = flags; !rest.empty();) {
        const std::size_t semi = rest.find(';');
        if (semi != 0) {
          ++summary.flags[std::string(rest.substr(0, semi))];
        }
        rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      }
      return;
    }
    ++summary.removed;
    ++summary.removed_by_reason[reason_name(reason)];
    if (removed) {
      removed->field(reason_name(reason));
      removed->field(why);
      removed->field(names[input]);
      removed->field(std::to_string(line));
      for (const std::string_view f : fields) {
        removed->field(f);
      }
      if (layout.flags < 0) {
        removed->field(flags);
      }
      removed->end_record();
    }
  };
  std::unique_ptr<SpillFile> deferred;  // the rows waiting for the tracker's answers
  const auto defer = [&](std::size_t input, const RowOut& r) {
    if (!deferred) {
      deferred = std::make_unique<SpillFile>();
    }
    Deferred::write(*deferred, input, r);
  };
  pipeline(inputs, names, std::move(src), std::move(reader), worker, [&](Batch& b) {
    summary.masked.mobile += b.counters.masked.mobile;
    summary.masked.landline += b.counters.masked.landline;
    summary.masked.email += b.counters.masked.email;
    summary.masked.id_card += b.counters.masked.id_card;
    summary.masked.bank_card += b.counters.masked.bank_card;
    static constexpr const char* kSteps[] = {"html_entities", "zero_width", "nfkc", "traditional_to_simplified",
                                             "whitespace"};
    for (std::size_t k = 0; k < b.counters.steps.size(); ++k) {
      summary.normalized[kSteps[k]] += b.counters.steps[k];
    }
    summary.aliases += b.counters.aliases;
    const std::string& name = names[b.input];
    for (std::size_t i = 0; i < b.rows; ++i) {
      const RowOut& r = b.out[i];
      ++summary.read;
      summary.survey_rows += r.duration ? 1 : 0;
      if (const std::optional<Reason> reason = decider.decide(r, name, detail)) {
        emit(*reason, detail, b.input, r.line, r.fields, r.flags);
      } else {
        defer(b.input, r);
      }
    }
  });
  if (decider.tracker().spilling()) {
    // The rows after the tracker's memory filled, in input order, with their answers.
    const auto answers = decider.tracker().resolve();
    deferred->rewind();
    Deferred d;
    for (std::uint64_t ordinal = 0; d.read(*deferred); ++ordinal) {
      const Reason reason = decider.finish(answers->next(ordinal), d.local, d.detail, d.duration, detail);
      emit(reason, detail, d.input, d.line, d.views, d.flags);
    }
    summary.spilled_rows = static_cast<std::int64_t>(decider.tracker().deferred());
    summary.spilled_bytes = static_cast<std::int64_t>(decider.tracker().spilled_bytes() + deferred->size());
  }
  summary.tracked = decider.tracker().distinct();
  writer.finish();
  if (removed) {
    removed->finish();
  }


  // The summary.
  log << "fbkit clean: " << summary.read << " read, " << summary.written << " written, " << summary.removed
      << " removed";
  if (!summary.removed_by_reason.empty()) {
    const char* sep = " (";
    for (const std::string& r : reasons()) {
      if (const auto it = summary.removed_by_reason.find(r); it != summary.removed_by_reason.end()) {
        log << sep << r << " " << it->second;
        sep = ", ";
      }
    }
    log << ")";
  }
  log << "\n";
  if (summary.removed > 0 && !removed) {
    log << "fbkit clean: the removed rows were not kept; --removed FILE keeps them with their reasons\n";
  }
  if (summary.masked.total() > 0) {
    log << "fbkit clean: masked " << summary.masked.total() << " (";
    const char* sep = "";
    for (const auto& [name, n] : {std::pair<const char*, std::int64_t>{"mobile", summary.masked.mobile},
                                  {"landline", summary.masked.landline},
                                  {"email", summary.masked.email},
                                  {"id_card", summary.masked.id_card},
                                  {"bank_card", summary.masked.bank_card}}) {
      if (n > 0) {
        log << sep << name << " " << n;
        sep = ", ";
      }
    }
    log << ")\n";
  }
  if (!summary.flags.empty()) {
    log << "fbkit clean: flagged rows:";
    const char* sep = " ";
    for (const auto& [name, n] : summary.flags) {
      log << sep << name << " " << n;
      sep = ", ";
    }
    log << "\n";
  }
  if (summary.too_fast_below && two_pass) {
    log << "fbkit clean: survey answers faster than " << format_number(*summary.too_fast_below)
        << " s removed (the floor, or " << rules.survey.median_fraction << " of the median "
        << (summary.median_seconds ? format_number(*summary.median_seconds) : "-")
        << " s of the answers that count)\n";
  }
  if (summary.spilled_rows > 0) {
    log << "fbkit clean: the duplicate memory reached remove.memory_mib (" << (rules.memory_bytes >> 20)
        << " MiB): the last " << summary.spilled_rows << " rows were decided through "
        << fmt::format("{:.1f}", static_cast<double>(summary.spilled_bytes) / (1 << 20))
        << " MiB of temporary files\n";
  }
  return summary;
}

std::string summary_json(const Summary& s) {
  nlohmann::ordered_json j;
  j["command"] = "clean";
  j["read"] = s.read;
  j["written"] = s.written;
  j["removed"] = s.removed;
  nlohmann::ordered_json by = nlohmann::ordered_json::object();
  for (const std::string& r : reasons()) {
    const auto it = s.removed_by_reason.find(r);
    by[r] = it == s.removed_by_reason.end() ? 0 : it->second;
  }
  j["removed_by_reason"] = by;
  j["flags"] = s.flags;
  j["masked"] = {{"mobile", s.masked.mobile},
                 {"landline", s.masked.landline},
                 {"email", s.masked.email},
                 {"id_card", s.masked.id_card},
                 {"bank_card", s.masked.bank_card}};
  j["normalized"] = s.normalized;
  j["aliases"] = s.aliases;
  j["survey_rows"] = s.survey_rows;
  if (s.too_fast_below) {
    j["too_fast_below_s"] = *s.too_fast_below;
  }
  if (s.median_seconds) {
    j["median_duration_s"] = *s.median_seconds;
  }
  j["tracked_rows"] = s.tracked;
  j["spilled_rows"] = s.spilled_rows;
  return j.dump(2) + "\n";
}

}  // namespace fbkit::clean
