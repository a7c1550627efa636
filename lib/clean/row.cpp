#include "clean/row.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <cstring>

#include "clean/copy_bytes.hpp"
#include "core/strings.hpp"
#include "values/parse.hpp"
#include "values/timestamp.hpp"

namespace fbkit::clean {

const char* reason_name(Reason r) {
  switch (r) {
    case Reason::duplicate:
      return "duplicate";
    case Reason::test:
      return "test";
    case Reason::spam:
      return "spam";
    case Reason::straight_lining:
      return "straight_lining";
    case Reason::contradiction:
      return "contradiction";
    case Reason::repeated:
      return "repeated";
    case Reason::too_fast:
      return "too_fast";
    case Reason::none:
      break;
  }
  return "";
}

namespace {

// The flags clean sets, in the order they are appended.
constexpr const char* kFlagPii = "pii_masked";
constexpr const char* kFlagRange = "score_out_of_range";
constexpr const char* kFlagInvalid = "score_invalid";
constexpr const char* kFlagVague = "vague";

// Whether patterns of `set` match `t`, and which (into `which`). Asked first
// without the list: RE2 then stops at the first match and allocates nothing
// (with a list it allocates a set of matches on every call), and most values
// match none.
bool matches(const RE2::Set& set, std::string_view t, std::vector<int>& which) {
  which.clear();
  return set.Match(t, nullptr) && set.Match(t, &which) && !which.empty();
}

}  // namespace

struct RowWorker::Impl {
  Impl(const Compiled& c, const Layout& layout) : m_c(c), m_rules(c.rules), m_layout(layout) {}

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
      r.plain = i < b.plain.size() && b.plain[i] != 0 ? b.plain_row(i) : std::string_view();
      row(r, b.counters);
    }
  }

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
      if (m_c.normalizer.unchanged(r.fields[c])) {
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
      if (text::may_hold_pii(r.fields[c]) && text::mask_pii_checked(r.fields[c], tmp, m_rules.mask, &k.masked) > 0) {
        set(r, c, tmp);
        masked = true;
      }
    }
    if (m_layout.pseudonym_key && m_layout.customer >= 0) {
      pseudonymize(r, k);
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
        if (satisfaction_answer(r)) {
          r.duration = *d.value;
        } else {
          ++k.timed_not_survey;
        }
      }
    }
    vague(r, new_flags);
    build_flags(r, new_flags);
    local_rules(r);
    hashes(r);
  }

  // A satisfaction survey answer: what the survey profiles import (channel
  // online_survey, or no channel given) with at least one score answered. A
  // form with a duration but no score (an inspection form, a registration) is
  // not one, so too_fast, straight_lining and contradiction leave it alone.
  bool satisfaction_answer(const RowOut& r) const {
    if (m_layout.channel >= 0) {
      const std::string_view ch = r.fields[static_cast<std::size_t>(m_layout.channel)];
      if (!ch.empty() && ch != "online_survey") {
        return false;
      }
    }
    const auto answered = [&](std::size_t c) { return !r.fields[c].empty(); };
    return std::any_of(m_layout.all_scores.begin(), m_layout.all_scores.end(), answered) ||
           std::any_of(m_layout.nps_cols.begin(), m_layout.nps_cols.end(), answered);
  }

  // customer_id: a phone number or e-mail address (or, with --pseudonymize,
  // any value) becomes its pseudonym, the same for the same person in every run
  // with the same key.
  void pseudonymize(RowOut& r, Counters& k) const {
    thread_local std::string tmp;
    const auto c = static_cast<std::size_t>(m_layout.customer);
    if (r.fields[c].empty() || r.fields[c].substr(0, 5) == "anon_") {
      return;
    }
    if (m_rules.customer_ids != Rules::CustomerIds::all && text::mask_pii(r.fields[c], tmp, text::PiiOptions{}) == 0) {
      return;
    }
    tmp = text::pseudonym(m_layout.pseudonym_key->get(), r.fields[c]);
    set(r, c, tmp);
    ++k.pseudonymized;
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

  // Spam: one strong pattern, or enough weak signals (a spam word, a weak
  // pattern such as two links, a flood), and never a row that reads as a
  // complaint (a word of unless_words) or carries a score.
  bool spam(RowOut& r, std::string_view t) const {
    const Rules& rules = m_rules;
    const PatternSets& sets = m_c.sets();
    thread_local std::vector<int> which;
    which.clear();
    if (rules.spam_unless_scored) {
      for (const std::size_t c : m_layout.all_scores) {
        if (!r.fields[c].empty()) {
          return false;
        }
      }
    }
    if (sets.spam_unless && sets.spam_unless->Match(t, nullptr)) {
      return false;
    }
    if (sets.spam && matches(*sets.spam, t, which)) {
      r.local = Reason::spam;
      r.detail = "matches spam pattern '" +
                 rules.spam_regex[static_cast<std::size_t>(*std::min_element(which.begin(), which.end()))] + "'";
      return true;
    }
    std::vector<std::string> signals;
    if (sets.spam_weak && matches(*sets.spam_weak, t, which)) {
      std::sort(which.begin(), which.end());
      for (const int w : which) {
        const auto i = static_cast<std::size_t>(w);
        signals.push_back(i < rules.spam_weak_regex.size()
                              ? "pattern '" + rules.spam_weak_regex[i] + "'"
                              : "word '" + rules.spam_words[i - rules.spam_weak_regex.size()] + "'");
      }
    }
    thread_local std::vector<std::uint32_t> chars;
    if (is_flood(t, rules.spam_min_length, rules.spam_flood_share, chars)) {
      signals.emplace_back("a flood of one repeated character");
    }
    if (static_cast<int>(signals.size()) < rules.spam_weak_needed) {
      return false;
    }
    r.local = Reason::spam;
    r.detail = "weak spam signals: " + signals[0];
    for (std::size_t i = 1; i < signals.size(); ++i) {
      r.detail += ", " + signals[i];
    }
    return true;
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
    if (sets.test_text && !t.empty() && m_c.test_text_filter.possible(t) && matches(*sets.test_text, t, which)) {
      r.local = Reason::test;
      r.detail = "text matches test pattern '" +
                 rules.test_text[static_cast<std::size_t>(*std::min_element(which.begin(), which.end()))] + "'";
      return;
    }
    if (sets.test_customer && m_layout.customer >= 0) {
      const std::string_view cid = r.fields[static_cast<std::size_t>(m_layout.customer)];
      if (!cid.empty() && m_c.test_customer_filter.possible(cid) && matches(*sets.test_customer, cid, which)) {
        r.local = Reason::test;
        r.detail = "customer_id matches test pattern '" +
                   rules.test_customer_id[static_cast<std::size_t>(*std::min_element(which.begin(), which.end()))] +
                   "'";
        return;
      }
    }
    if (!t.empty() && spam(r, t)) {
      return;
    }
    if (r.duration) {
      survey_rules(r);
    }
  }

  // straight_lining, contradiction: survey answers (rows with a duration) only.
  void survey_rules(RowOut& r) const {
    const Rules& rules = m_rules;
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

  // What makes a row a duplicate of another. Equal content is not enough for
  // a row that says nothing about who answered: two anonymous respondents may
  // well give the same sparse answers. A row with a customer_id, or with a
  // text and a time (equal text at the same second is a resubmission), is a
  // duplicate of an equal row; one without either only of an equal row with
  // the same feedback_id (the same response exported twice); one without a
  // feedback_id too, of none.
  enum class DupKey { content, content_and_id, none };
  DupKey dup_key(const RowOut& r) const {
    const auto filled = [&](std::ptrdiff_t c) { return c >= 0 && !r.fields[static_cast<std::size_t>(c)].empty(); };
    if (filled(m_layout.customer) || (filled(m_layout.text) && filled(m_layout.received))) {
      return DupKey::content;
    }
    return filled(m_layout.id) ? DupKey::content_and_id : DupKey::none;
  }

  void hashes(RowOut& r) const {
    thread_local std::string key;
    if (m_rules.duplicates) {
      // Each field after its length, laid out in one piece.
      std::size_t size = 0;
      for (const std::size_t c : m_layout.hash_cols) {
        size += sizeof(std::uint32_t) + r.fields[c].size();
      }
      key.resize(size);
      char* o = key.data();
      for (const std::size_t c : m_layout.hash_cols) {
        const auto n = static_cast<std::uint32_t>(r.fields[c].size());
        std::memcpy(o, &n, sizeof n);
        copy_bytes(o + sizeof n, r.fields[c].data(), n);
        o += sizeof n + n;
      }
      switch (dup_key(r)) {
        case DupKey::content:
          break;
        case DupKey::content_and_id:
          key.append("\x1f\x1fid");
          key += r.fields[static_cast<std::size_t>(m_layout.id)];
          break;
        case DupKey::none: {
          // Never the same as another row: a number of this run's own.
          const std::uint64_t unique = m_unique.fetch_add(1, std::memory_order_relaxed);
          key.append("\x1f\x1funique");
          key.append(reinterpret_cast<const char*>(&unique), sizeof unique);
          break;
        }
      }
      r.dup = XXH3_128bits(key.data(), key.size());
    }
    r.has_repeat_key = false;
    const std::string_view t = m_layout.text >= 0 ? r.fields[static_cast<std::size_t>(m_layout.text)] : "";
    if (m_rules.repeated && !t.empty() && m_layout.customer >= 0 && m_layout.received >= 0) {
      const std::string_view cid = r.fields[static_cast<std::size_t>(m_layout.customer)];
      const auto when = values::parse_seconds(r.fields[static_cast<std::size_t>(m_layout.received)]);
      if (!cid.empty() && when) {
        key.assign(cid);
        key += '\x1f';
        const std::size_t from = key.size();
        key += t;
        std::transform(key.begin() + static_cast<std::ptrdiff_t>(from), key.end(),
                       key.begin() + static_cast<std::ptrdiff_t>(from),
                       [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; });
        r.repeat = XXH3_128bits(key.data(), key.size());
        r.when = *when;
        r.has_repeat_key = true;
      }
    }
  }

  const Compiled& m_c;
  const Rules& m_rules;
  const Layout& m_layout;
  mutable std::atomic<std::uint64_t> m_unique{0};
};

RowWorker::RowWorker(const Compiled& c, const Layout& layout) : m_impl(std::make_unique<Impl>(c, layout)) {}
RowWorker::~RowWorker() = default;
void RowWorker::run(Batch& b) const {
  m_impl->run(b);
}

}  // namespace fbkit::clean
