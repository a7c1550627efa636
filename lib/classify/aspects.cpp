// Problems and praise by clause (docs/rules.md, "Problems and praise"): a
// problem rule whose phrases are said only in clauses the lexicon calls
// positive names a topic the customer likes (退款很快就到账了 is no refund
// complaint), and a row that says nothing is no issue's.
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>

#include "classify/engine.hpp"
#include "core/strings.hpp"
#include "text/language.hpp"
#include "values/canonical.hpp"

namespace fbkit::classify {

bool Classifier::says_nothing(const std::vector<std::string_view>& fields) const {
  if (m_text_columns.empty()) {
    return false;  // no text column at all: a row of scores and fields, not an empty text
  }
  for (const std::size_t col : m_text_columns) {
    if (col < fields.size() && (m_sentiment != nullptr ? !m_sentiment->settings.says_nothing(fields[col])
                                                       : text::says_something(fields[col]))) {
      return false;
    }
  }
  return true;
}

void Classifier::weigh_clauses(const std::vector<PhraseHit>& hits) {
  // The hits are sorted by start, so a clause's hits are one run.
  for (std::size_t i = 0, j = 0; i < hits.size(); i = j) {
    int sum = 0;
    bool conceding = false;  // a concession word (虽然, 以前) said in the clause
    for (j = i; j < hits.size() && hits[j].clause == hits[i].clause; ++j) {
      sum += m_hit_vote[j];
      conceding =
          conceding || (!hits[j].negated && m_concession_word[static_cast<std::size_t>(hits[j].hit.pattern)] != 0);
    }
    const auto bit = static_cast<std::uint8_t>((sum > 0   ? kInPositive
                                                : sum < 0 ? kInNegative
                                                          : kInNeutral) |
                                               (conceding ? kInConceding : kInPlain));
    for (std::size_t k = i; k < j; ++k) {
      if (!hits[k].negated) {
        m_state[static_cast<std::size_t>(hits[k].hit.pattern)] |= bit;
      }
    }
  }
}

std::uint8_t Classifier::said_in(const Rule& r, std::uint8_t kinds) const {
  std::uint8_t where = 0;
  for (const auto* list : {&r.any, &r.all}) {
    for (const int p : *list) {
      const std::uint8_t st = m_state[static_cast<std::size_t>(p)];
      where |= (st & 1) != 0 ? st & kinds : 0;
    }
  }
  return where;
}

void Classifier::weigh_topics(const std::vector<std::string_view>& fields, Decision& out) {
  if (out.fired.empty()) {
    return;
  }
  // A low score (1-2) says the customer is unhappy: every topic named is a problem.
  const int score = m_score >= 0 ? values::score_cell(fields[static_cast<std::size_t>(m_score)]) : 0;
  const bool low = score > 0 && score <= 2;
  const auto add_aspect = [&out](const std::string& aspect) { add_item(out.praise_aspect, aspect); };
  std::size_t kept = 0;
  for (const Rule* r : out.fired) {
    const auto i = static_cast<std::size_t>(r - m_rules.rules.data());
    const std::uint8_t where = said_in(*r, kInPositive | kInNeutral | kInNegative);  // the kinds of clause
    bool negated = false;  // it fired on a negated phrase (不好吃): a complaint in itself
    for (const int p : r->negated) {
      negated = negated || (m_state[static_cast<std::size_t>(p)] & 2) != 0;
    }
    // A topic (价格, 质量) is a problem only where the clause is negative; a
    // complaint phrase unless every clause it is said in is positive.
    const bool problem = m_rule_kind[i] == kProblem && m_clauses && !low && !negated && where != 0;
    // A rival's praise (哪里的都比京东的好) is the complaint, whatever the clause says.
    const bool praised = problem && !r->rival &&
                         (r->topic ? (where & kInNegative) == 0 && (where & kInPositive) != 0 : where == kInPositive);
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
  // A rule for "unhappy, nothing concrete" (alone) gives way to a concrete problem; a rival
  // named (垃圾京东，以后不在京东买了) says where the customer goes, not what went wrong here.
  const auto concrete = [&](const Rule* r) {
    return m_rule_kind[static_cast<std::size_t>(r - m_rules.rules.data())] == kProblem && !r->alone && !r->rival;
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

void Classifier::concede_praise(Decision& out) const {
  // Praise beside a complaint, said only in clauses with a concession word, is a
  // concession (虽然便宜，但是真心不好用; 东西倒是送得挺快的，但是没给我打发票), the past
  // (以前用着挺好的，现在…) or a hope (希望是正品): no praise (docs/rules.md, "Praise in a
  // complaint"). Said in a clause without one it stays aspect-level praise (物流很快，但是
  // 质量太差; 虽然有点慢，但是很好吃: the turn word starts a clause).
  const auto kind = [this](const Rule* r) { return m_rule_kind[static_cast<std::size_t>(r - m_rules.rules.data())]; };
  const auto conceded = [this](const Rule* r) {
    return r->concession && said_in(*r, kInConceding | kInPlain) == kInConceding;
  };
  if (std::none_of(out.fired.begin(), out.fired.end(), conceded) ||
      std::none_of(out.fired.begin(), out.fired.end(), [&](const Rule* r) { return kind(r) == kProblem; })) {
    return;
  }
  std::copy_if(out.fired.begin(), out.fired.end(), std::back_inserter(out.conceded), conceded);
  out.fired.erase(std::remove_if(out.fired.begin(), out.fired.end(), conceded), out.fired.end());
  // The aspects still praised: by a problem rule said only in praise, or by a praise rule left.
  const auto kept = [&](std::string_view aspect) {
    const auto praises = [&](const Rule* r) {
      const std::string* a = m_rule_aspect[static_cast<std::size_t>(r - m_rules.rules.data())];
      return a != nullptr && *a == aspect;
    };
    return std::any_of(out.liked.begin(), out.liked.end(), praises) ||
           std::any_of(out.fired.begin(), out.fired.end(),
                       [&](const Rule* r) { return kind(r) == kPraise && praises(r); });
  };
  std::string aspects;
  any_item(out.praise_aspect, [&](std::string_view a) {
    if (!a.empty() && kept(a)) {
      aspects += aspects.empty() ? "" : ";";
      aspects += a;
    }
    return false;  // every item
  });
  out.praise_aspect = std::move(aspects);
}

// A hazard no concrete problem rule named (鱼香肉丝里吃出来根头发: praise of 香, the catch-all
// dissatisfied, or nothing): the issues of the urgency rules that name one come first, in rule
// order, in place of praise and the catch-all (--multi keeps the other issues, a suggestion's).
const Issue* Classifier::hazard_issue(Decision& out, const Issue* first) const {
  out.hazard.clear();
  const auto concrete = [&](const Rule* r) {
    return !r->alone && m_rule_kind[static_cast<std::size_t>(r - m_rules.rules.data())] == kProblem;
  };
  if (out.urgent.empty() || std::any_of(out.fired.begin(), out.fired.end(), concrete)) {
    return first;
  }
  const Issue* lead = nullptr;
  std::string issues, categories;
  for (const Rule* r : out.urgent) {
    const Issue* hazard = m_urgency_issue[static_cast<std::size_t>(r - m_rules.urgency_rules.data())];
    if (hazard != nullptr && (m_multi || lead == nullptr)) {
      lead = lead != nullptr ? lead : hazard;
      out.hazard.push_back(r);
      add_item(issues, hazard->id);
      add_item(categories, hazard->category);
    }
  }
  if (lead == nullptr) {
    return first;
  }
  // What else --multi found, without praise and the catch-all (before it, with nothing claimed,
  // the lists hold a row before this one).
  if (first != nullptr && m_multi) {
    for (const Rule* r : out.fired) {
      const Issue* issue = m_rule_issue[static_cast<std::size_t>(r - m_rules.rules.data())];
      if (issue != m_praise && !r->alone) {
        add_item(issues, issue->id);
        add_item(categories, issue->category);
      }
    }
  }
  out.multi_issue = std::move(issues);
  out.multi_category = std::move(categories);
  out.category = m_multi ? std::string_view(out.multi_category) : std::string_view(lead->category);
  out.issue = m_multi ? std::string_view(out.multi_issue) : std::string_view(lead->id);
  return lead;
}

}  // namespace fbkit::classify
