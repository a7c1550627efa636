// Problems and praise by clause (docs/rules.md, "Problems and praise"): a
// problem rule whose phrases are said only in clauses the lexicon calls
// positive names a topic the customer likes (退款很快就到账了 is no refund
// complaint), and a row that says nothing is no issue's.
#include <algorithm>
#include <cstdint>

#include "classify/engine.hpp"
#include "core/strings.hpp"
#include "values/canonical.hpp"

namespace fbkit::classify {

namespace {

// Whether code point `c` is punctuation, a symbol or a space (general and CJK
// punctuation, full-width forms, Latin-1 signs, the BOM).
bool filler(std::uint32_t c) {
  return (c >= 0xA0 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x206F) ||
         (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF01 && c <= 0xFF0F) ||
         (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65) || c == 0xFEFF;
}

// Whether `text` holds a letter, a digit, an ideograph or any character that is
// not punctuation or space (an invalid byte counts as something said).
bool says_something(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      if ((b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')) {
        return true;
      }
      ++i;
      continue;
    }
    const std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
    if (n == 0 || i + n > text.size()) {
      return true;
    }
    std::uint32_t c = b & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    if (!filler(c)) {
      return true;
    }
    i += n;
  }
  return false;
}

}  // namespace

bool Classifier::says_nothing(const std::vector<std::string_view>& fields) const {
  if (m_text_columns.empty()) {
    return false;  // no text column at all: a row of scores and fields, not an empty text
  }
  for (const std::size_t col : m_text_columns) {
    if (col >= fields.size() || (m_sentiment != nullptr && m_sentiment->settings.is_placeholder(fields[col]))) {
      continue;
    }
    if (says_something(fields[col])) {
      return false;
    }
  }
  return true;
}

void Classifier::weigh_clauses(const std::vector<PhraseHit>& hits) {
  // The hits are sorted by start, so a clause's hits are one run.
  for (std::size_t i = 0, j = 0; i < hits.size(); i = j) {
    int sum = 0;
    for (j = i; j < hits.size() && hits[j].clause == hits[i].clause; ++j) {
      sum += m_hit_vote[j];
    }
    const std::uint8_t bit = sum > 0 ? kInPositive : sum < 0 ? kInNegative : kInNeutral;
    for (std::size_t k = i; k < j; ++k) {
      if (!hits[k].negated) {
        m_state[static_cast<std::size_t>(hits[k].hit.pattern)] |= bit;
      }
    }
  }
}

void Classifier::weigh_topics(const std::vector<std::string_view>& fields, Decision& out) {
  if (out.fired.empty()) {
    return;
  }
  // A low score (1-2) says the customer is unhappy: every topic named is a problem.
  const int score = m_score >= 0 ? values::score_cell(fields[static_cast<std::size_t>(m_score)]) : 0;
  const bool low = score > 0 && score <= 2;
  const auto add_aspect = [&out](const std::string& aspect) {
    if (!out.praise_aspect.empty() && any_item(out.praise_aspect, [&](std::string_view a) { return a == aspect; })) {
      return;
    }
    out.praise_aspect += out.praise_aspect.empty() ? "" : ";";
    out.praise_aspect += aspect;
  };
  std::size_t kept = 0;
  for (const Rule* r : out.fired) {
    const auto i = static_cast<std::size_t>(r - m_rules.rules.data());
    std::uint8_t where = 0;  // the kinds of clause its said phrases are in
    bool negated = false;    // it fired on a negated phrase (不好吃): a complaint in itself
    for (const auto* list : {&r->any, &r->all}) {
      for (const int p : *list) {
        const std::uint8_t st = m_state[static_cast<std::size_t>(p)];
        where |= (st & 1) != 0 ? st & (kInPositive | kInNeutral | kInNegative) : 0;
      }
    }
    for (const int p : r->negated) {
      negated = negated || (m_state[static_cast<std::size_t>(p)] & 2) != 0;
    }
    // A topic (价格, 质量) is a problem only where the clause is negative; a
    // complaint phrase unless every clause it is said in is positive.
    const bool problem = m_rule_kind[i] == kProblem && m_clauses && !low && !negated && where != 0;
    const bool praised =
        problem && (r->topic ? (where & kInNegative) == 0 && (where & kInPositive) != 0 : where == kInPositive);
    const bool unsaid = (problem && r->topic && (where & kInNegative) == 0) ||
                        (m_rule_kind[i] == kPraise && m_clauses && where == kInNegative);
    if (praised) {
      out.liked.push_back(r);
    } else if (!unsaid) {
      out.fired[kept++] = r;
    }
    if ((praised || (m_rule_kind[i] == kPraise && !unsaid)) && m_rule_aspect[i] != nullptr) {
      add_aspect(*m_rule_aspect[i]);
    }
  }
  out.fired.resize(kept);
  // A rule for "unhappy, nothing concrete" (alone) gives way to a concrete problem.
  const auto concrete = [&](const Rule* r) {
    return m_rule_kind[static_cast<std::size_t>(r - m_rules.rules.data())] == kProblem && !r->alone;
  };
  const auto alone = std::find_if(out.fired.begin(), out.fired.end(), [](const Rule* r) { return r->alone; });
  if (alone != out.fired.end() && std::any_of(alone, out.fired.end(), concrete)) {
    // The concrete problems take the place of the first such rule (for the first match).
    std::stable_partition(alone, out.fired.end(), concrete);
  }
  if (std::any_of(out.fired.begin(), out.fired.end(), concrete)) {
    out.fired.erase(std::remove_if(out.fired.begin(), out.fired.end(), [](const Rule* r) { return r->alone; }),
                    out.fired.end());
  }
}

}  // namespace fbkit::classify
