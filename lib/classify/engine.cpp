#include "classify/engine.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_map>

#include "classify/departments.hpp"
#include "core/schema.hpp"
#include "core/strings.hpp"
#include "text/glob.hpp"
#include "values/canonical.hpp"
#include "values/timestamp.hpp"

namespace fbkit::classify {

namespace {

// A number in a cell, spaces around it allowed.
bool parse_number(std::string_view s, double& out) {
  while (!s.empty() && s.front() == ' ') {
    s.remove_prefix(1);
  }
  while (!s.empty() && s.back() == ' ') {
    s.remove_suffix(1);
  }
  return values::parse_decimal(s, out);
}

}  // namespace

void silent_votes(const std::vector<PhraseHit>& hits, const std::vector<int>& lex_sign,
                  std::vector<std::uint8_t>& out) {
  out.assign(hits.size(), 0);
  // Inside a longer lexicon hit: one that starts earlier and ends no sooner, or
  // starts at the same byte and ends later. The hits are sorted by start: one
  // sweep, keeping the furthest end of the lexicon hits that start earlier.
  std::int64_t before = -1;
  for (std::size_t i = 0, j = 0; i < hits.size(); i = j) {
    std::int64_t here = -1;
    for (j = i; j < hits.size() && hits[j].hit.start == hits[i].hit.start; ++j) {
      if (lex_sign[static_cast<std::size_t>(hits[j].hit.pattern)] != 0) {
        here = std::max<std::int64_t>(here, hits[j].hit.end);
      }
    }
    for (std::size_t k = i; k < j; ++k) {
      out[k] = before >= hits[k].hit.end || here > hits[k].hit.end ? 1 : 0;
    }
    before = std::max(before, here);
  }
  // The span of a cue that negated a phrase (没有 in 没有漏) casts no vote of its own.
  thread_local std::vector<std::pair<std::uint32_t, std::uint32_t>> cues;
  cues.clear();
  for (const PhraseHit& p : hits) {
    if (p.negated) {
      cues.emplace_back(p.cue.start, p.cue.end);
    }
  }
  if (cues.empty()) {
    return;
  }
  std::sort(cues.begin(), cues.end());
  for (std::size_t i = 0; i < hits.size(); ++i) {
    if (std::binary_search(cues.begin(), cues.end(), std::make_pair(hits[i].hit.start, hits[i].hit.end))) {
      out[i] = 1;
    }
  }
}

Classifier::Classifier(const RuleSet& rules, const std::vector<std::string>& header, bool multi,
                       const Sentiment* sentiment)
    : m_rules(rules),
      m_header(header),
      m_multi(multi),
      m_matcher(rules.patterns, rules.ignore_case, rules.whole_words),
      m_sentiment(sentiment) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (schema::is_text(header[i])) {
      m_text_columns.push_back(i);
    }
    const auto at = static_cast<std::ptrdiff_t>(i);
    if (header[i] == "received_at") {
      m_received = at;
    } else if (header[i] == "department") {
      m_department = at;
    } else if (header[i] == "score_overall") {
      m_score = at;
    }
  }
  m_lex_sign.assign(rules.patterns.size(), 0);
  for (const int p : rules.lexicon.positive) {
    m_lex_sign[static_cast<std::size_t>(p)] = 1;
  }
  for (const int p : rules.lexicon.negative) {
    m_lex_sign[static_cast<std::size_t>(p)] = -1;
  }
  m_concession_word.assign(rules.patterns.size(), 0);
  for (const int p : rules.lexicon.concessions) {
    m_concession_word[static_cast<std::size_t>(p)] = 1;
  }
  m_state.assign(rules.patterns.size(), 0);
  index_rules(rules.rules, m_issue_index);
  index_rules(rules.urgency_rules, m_urgency_index);
  // As RuleSet::find_issue and find_category (the first of an id), without a search per rule.
  std::unordered_map<std::string_view, const Issue*> issues;
  for (const Issue& issue : rules.issues) {
    issues.emplace(issue.id, &issue);
  }
  std::unordered_map<std::string_view, const Category*> categories;
  for (const Category& c : rules.categories) {
    categories.emplace(c.id, &c);
  }
  const auto find = [](const auto& map, std::string_view id) {
    const auto it = map.find(id);
    return it == map.end() ? nullptr : it->second;
  };
  for (const Rule& r : rules.rules) {
    m_rule_issue.push_back(find(issues, r.issue));
  }
  for (const Rule& r : rules.urgency_rules) {
    m_urgency_issue.push_back(r.issue.empty() ? nullptr : find(issues, r.issue));
  }
  m_fallback = find(issues, rules.fallback_issue);
  for (const Issue& issue : rules.issues) {
    m_issue_category.push_back(find(categories, issue.category));
  }
  m_praise = find(issues, rules.praise_issue);
  m_no_text = find(issues, rules.no_text_issue);
  m_clauses = !rules.lexicon.positive.empty() || !rules.lexicon.negative.empty();
  for (std::size_t i = 0; i < rules.rules.size(); ++i) {
    const Issue* issue = m_rule_issue[i];
    const Category* c = issue != nullptr ? find(categories, issue->category) : nullptr;
    m_rule_kind.push_back(issue != nullptr && issue == m_praise        ? kPraise
                          : c != nullptr && c->sentiment == "negative" ? kProblem
                                                                       : 0);
    const std::string* aspect = !rules.rules[i].aspect.empty()               ? &rules.rules[i].aspect
                                : issue != nullptr && !issue->aspect.empty() ? &issue->aspect
                                                                             : nullptr;
    m_rule_aspect.push_back(aspect);
  }
}

void Classifier::rules_sentiment(const std::vector<std::string_view>& fields, Decision& out) const {
  // The lexicon after negation (with the deciding category's vote); when the
  // text says nothing, the score; a tie between said things is negative, as a
  // complaint mixed with praise still asks for action.
  if (out.positive != out.negative) {
    out.sentiment = out.positive > out.negative ? "positive" : "negative";
  } else if (const int score = m_score >= 0 ? values::score_cell(fields[static_cast<std::size_t>(m_score)]) : 0;
             score > 0) {
    out.sentiment = score <= 2 ? "negative" : score >= 4 ? "positive" : "neutral";
  } else {
    out.sentiment = out.positive > 0 ? "negative" : "neutral";
  }
}

void Classifier::index_rules(const std::vector<Rule>& rules, RuleIndex& index) const {
  index.by_pattern.assign(m_rules.patterns.size(), {});
  index.stamp.assign(rules.size(), 0);
  index.phrase_stamp.assign(rules.size(), 0);
  index.when_columns.assign(rules.size(), {});
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const Rule& r = rules[i];
    for (const Condition& c : r.when) {
      const auto it = std::find(m_header.begin(), m_header.end(), c.field);
      index.when_columns[i].push_back(c.field == "value_tier" ? kTierColumn
                                      : it == m_header.end()  ? -1
                                                              : it - m_header.begin());
    }
    const auto ri = static_cast<int>(i);
    // A rule can fire only when one of these patterns occurs (said or negated).
    // Entries are rule * 4 + 1 (in `any`), + 2 (in `negated`) or + 0 (first of `all`).
    for (const int p : r.any) {
      index.by_pattern[static_cast<std::size_t>(p)].push_back(ri * 4 + 1);
    }
    for (const int p : r.negated) {
      index.by_pattern[static_cast<std::size_t>(p)].push_back(ri * 4 + 2);
    }
    if (r.any.empty() && r.negated.empty() && !r.all.empty()) {
      index.by_pattern[static_cast<std::size_t>(r.all.front())].push_back(ri * 4);
    }
    if (!r.reads_text()) {
      index.always.push_back(ri);
    }
  }
}

void Classifier::candidates(RuleIndex& index) {
  index.queue.clear();
  const auto add = [&](int r) {
    if (index.stamp[static_cast<std::size_t>(r)] != m_row) {
      index.stamp[static_cast<std::size_t>(r)] = m_row;
      index.queue.push_back(r);
    }
  };
  for (const int r : index.always) {
    add(r);
  }
  for (const int p : m_touched) {
    const std::uint8_t state = m_state[static_cast<std::size_t>(p)];
    for (const int e : index.by_pattern[static_cast<std::size_t>(p)]) {
      add(e >> 2);
      if ((e & state & 3) != 0) {  // said and in `any`, or said negated and in `negated`
        index.phrase_stamp[static_cast<std::size_t>(e >> 2)] = m_row;
      }
    }
  }
  if (index.queue.size() > 1) {
    std::sort(index.queue.begin(), index.queue.end());  // evaluation order
  }
}

bool Classifier::holds(const Condition& c, std::ptrdiff_t col, const std::vector<std::string_view>& fields,
                       std::string_view tier) {
  std::string_view value;
  if (col == kTierColumn) {
    value = tier;
  } else if (col < 0) {
    return false;
  } else {
    value = fields[static_cast<std::size_t>(col)];
  }
  using Op = Condition::Op;
  if (c.op == Op::in || c.op == Op::glob) {
    // A ';'-separated list (problem_types) matches when the whole or one item does.
    const bool list = value.find(';') != std::string_view::npos;
    return std::any_of(c.values.begin(), c.values.end(), [&](const std::string& g) {
      return text::glob_match(g, value, true) ||
             (list && any_item(value, [&](std::string_view item) { return text::glob_match(g, item, true); }));
    });
  }
  double v = 0;
  if (!parse_number(value, v)) {
    return false;  // a blank or non-numeric value meets no comparison
  }
  switch (c.op) {
    case Op::lt:
      return v < c.number;
    case Op::le:
      return v <= c.number;
    case Op::gt:
      return v > c.number;
    case Op::ge:
      return v >= c.number;
    case Op::eq:
      return v == c.number;
    case Op::ne:
      return v != c.number;
    default:
      return false;
  }
}

bool Classifier::fires(const Rule& r, bool phrase_found, const std::vector<std::ptrdiff_t>& cols,
                       const std::vector<std::string_view>& fields, std::string_view tier) const {
  const auto said = [&](int p) { return (m_state[static_cast<std::size_t>(p)] & 1) != 0; };
  // `any` and `negated` are alternatives: a rule with both needs one of either.
  if ((!r.any.empty() || !r.negated.empty()) && !phrase_found) {
    return false;
  }
  if (!std::all_of(r.all.begin(), r.all.end(), said) || std::any_of(r.none.begin(), r.none.end(), said)) {
    return false;
  }
  for (std::size_t k = 0; k < r.when.size(); ++k) {
    if (holds(r.when[k], cols[k], fields, tier) == r.when[k].unless) {  // a `when` that fails, an `unless` that holds
      return false;
    }
  }
  return true;
}

void Classifier::scan_texts(const std::vector<std::string_view>& fields, Decision& out) {
  for (const int p : m_touched) {
    m_state[static_cast<std::size_t>(p)] = 0;
  }
  m_touched.clear();
  if (out.no_text) {
    return;  // nothing said: no phrase is looked for
  }
  // One scan per text column (or its hits, scanned before); the hit set of the row is the union.
  for (std::size_t k = 0; k < m_text_columns.size(); ++k) {
    const std::size_t col = m_text_columns[k];
    if (col >= fields.size() || fields[col].empty()) {
      continue;
    }
    m_raw.clear();
    if (m_scanned != nullptr) {
      const std::size_t at = m_scanned_at + k;
      const auto hits = m_scanned->hits.begin();
      m_raw.assign(hits + static_cast<std::ptrdiff_t>(at == 0 ? 0 : m_scanned->ends[at - 1]),
                   hits + static_cast<std::ptrdiff_t>(m_scanned->ends[at]));
    } else {
      m_matcher.scan(fields[col], m_raw);
    }
    if (out.columns.size() == out.used_columns) {
      out.columns.emplace_back();
    }
    ColumnHits& ch = out.columns[out.used_columns];
    ch.column = col;
    std::uint32_t turn = 0;
    resolve_hits(m_rules, fields[col], m_raw, ch.hits, turn, m_clauses, &m_lex_sign);
    silent_votes(ch.hits, m_lex_sign, m_silent);
    m_hit_vote.assign(ch.hits.size(), 0);
    for (std::size_t i = 0; i < ch.hits.size(); ++i) {
      const PhraseHit& h = ch.hits[i];
      auto& st = m_state[static_cast<std::size_t>(h.hit.pattern)];
      if (st == 0) {
        m_touched.push_back(h.hit.pattern);
      }
      st |= h.negated ? 2 : 1;
      const int sign = m_lex_sign[static_cast<std::size_t>(h.hit.pattern)] * (h.negated ? -1 : 1);
      if (sign == 0 || m_silent[i] != 0) {
        continue;  // 好 inside 好吃 inside 挺好吃 is one vote, not three; 没有 in 没有漏 is no complaint
      }
      // What follows a turn (但是, but) is what the customer stresses.
      const int weight = h.hit.start >= turn ? 2 : 1;
      m_hit_vote[i] = sign * weight;
      out.positive += sign > 0 ? weight : 0;
      out.negative += sign < 0 ? weight : 0;
      out.negated_votes += h.negated ? 1 : 0;
    }
    if (m_clauses) {
      weigh_clauses(ch.hits);
    }
    out.used_columns += ch.hits.empty() ? 0 : 1;
  }
}

void Classifier::fire_rules(const std::vector<std::string_view>& fields, std::string_view value_tier, Decision& out) {
  if (++m_row == 0) {  // the stamps wrapped around: start afresh
    std::fill(m_issue_index.stamp.begin(), m_issue_index.stamp.end(), 0);
    std::fill(m_urgency_index.stamp.begin(), m_urgency_index.stamp.end(), 0);
    std::fill(m_issue_index.phrase_stamp.begin(), m_issue_index.phrase_stamp.end(), 0);
    std::fill(m_urgency_index.phrase_stamp.begin(), m_urgency_index.phrase_stamp.end(), 0);
    m_row = 1;
  }
  // A row that says nothing found no phrase (scan_texts): only the rules that need none run,
  // those of its other fields (problem_types: the problem the customer ticked).
  candidates(m_issue_index);
  for (const int i : m_issue_index.queue) {
    const Rule& r = m_rules.rules[static_cast<std::size_t>(i)];
    const auto at = static_cast<std::size_t>(i);
    if (fires(r, m_issue_index.phrase_stamp[at] == m_row, m_issue_index.when_columns[at], fields, value_tier)) {
      out.fired.push_back(&r);
    }
  }
  m_urgency_index.queue.clear();
  if (!m_rules.urgency_rules.empty()) {
    candidates(m_urgency_index);
  }
  for (const int i : m_urgency_index.queue) {
    const Rule& r = m_rules.urgency_rules[static_cast<std::size_t>(i)];
    const auto at = static_cast<std::size_t>(i);
    if (fires(r, m_urgency_index.phrase_stamp[at] == m_row, m_urgency_index.when_columns[at], fields, value_tier)) {
      out.urgent.push_back(&r);
    }
  }
}

const Issue* Classifier::decide_issue(Decision& out) const {
  out.matched_rules.clear();
  const Issue* first = nullptr;
  for (const Rule* r : out.fired) {
    const Issue* issue = m_rule_issue[static_cast<std::size_t>(r - m_rules.rules.data())];
    if (first == nullptr) {
      first = issue;
      out.category = issue->category;
      out.issue = issue->id;
      out.multi_category.assign(issue->category);
      out.multi_issue.assign(issue->id);
    } else if (m_multi) {
      add_item(out.multi_category, issue->category);
      add_item(out.multi_issue, issue->id);
      out.category = out.multi_category;
      out.issue = out.multi_issue;
    }
  }
  first = hazard_issue(out, first);
  // Nothing said, or only praise of topics a problem rule names (退款很快就到账了).
  const Issue* instead = out.no_text ? m_no_text : !out.praise_aspect.empty() ? m_praise : nullptr;
  if (first == nullptr && instead != nullptr) {
    first = instead;
    out.category = first->category;
    out.issue = first->id;
  }
  out.claimed = first != nullptr;
  if (first == nullptr) {
    first = m_fallback;
    out.issue = m_rules.fallback_issue;
    out.category = first != nullptr ? std::string_view(first->category) : std::string_view("other");
  }
  return first;
}

void Classifier::classify(const std::vector<std::string_view>& fields, std::string_view value_tier, Decision& out) {
  out.fired.clear();
  out.urgent.clear();
  out.used_columns = 0;
  out.liked.clear();
  out.unhappy.clear();
  out.conceded.clear();
  out.praise_aspect.clear();
  out.positive = out.negative = out.negated_votes = 0;
  out.no_text = m_no_text != nullptr && says_nothing(fields);
  scan_texts(fields, out);
  fire_rules(fields, value_tier, out);
  weigh_topics(fields, out);

  // Category and issue: the first match, or every distinct one with --multi.
  const Issue* first = decide_issue(out);
  const auto category_of = [&](const Issue* issue) {
    return issue != nullptr ? m_issue_category[static_cast<std::size_t>(issue - m_rules.issues.data())] : nullptr;
  };
  const Category* category = category_of(first);
  decide_sentiment(fields, category, out);
  // An `unhappy` rule (dissatisfied_zh: 为什么, 呵呵, 一般) in a row whose sentiment is positive,
  // even with its own negative vote, is no complaint: the issue is decided again without it
  // (--explain lists it under `unhappy`).
  const auto unhappy = [](const Rule* r) { return r->unhappy; };
  if (out.sentiment == "positive" && std::any_of(out.fired.begin(), out.fired.end(), unhappy)) {
    std::copy_if(out.fired.begin(), out.fired.end(), std::back_inserter(out.unhappy), unhappy);
    out.fired.erase(std::remove_if(out.fired.begin(), out.fired.end(), unhappy), out.fired.end());
    first = decide_issue(out);
    category = category_of(first);
  } else if (out.sentiment == "negative") {
    concede_praise(out);
    if (!out.conceded.empty()) {
      first = decide_issue(out);
      category = category_of(first);
    }
  }
  for (const auto* list : {&out.fired, &out.urgent}) {
    for (const Rule* r : *list) {
      if (!out.matched_rules.empty()) {
        out.matched_rules += ';';
      }
      out.matched_rules += r->id;
    }
  }

  // Urgency: an urgency rule, else the category's own (info for suggestions and praise).
  if (!out.urgent.empty()) {
    out.urgency = "urgent";
  } else if (category != nullptr && !category->urgency.empty()) {
    out.urgency = category->urgency;
  } else {
    out.urgency = "normal";
  }

  out.value_tier = value_tier;
  out.route_department = first != nullptr ? std::string_view(first->department) : std::string_view();
  if (out.route_department.empty() && m_department >= 0) {
    out.route_department = own_department(fields[static_cast<std::size_t>(m_department)]);
  }
  double hours = first != nullptr ? first->sla_hours : 0;
  if (out.urgency == "urgent" && m_rules.urgent_sla_hours > 0) {
    hours = hours > 0 ? std::min(hours, m_rules.urgent_sla_hours) : m_rules.urgent_sla_hours;
  }
  out.sla_due_at.clear();
  if (hours > 0 && m_received >= 0) {
    values::add_hours(fields[static_cast<std::size_t>(m_received)], hours, out.sla_due_at);
  }
}

std::string_view Classifier::own_department(std::string_view name) {
  if (name.empty() || m_rules.departments.empty()) {
    return name;
  }
  // Few distinct values: each is normalized once.
  auto it = m_departments.find(std::string(name));
  if (it == m_departments.end()) {
    if (m_departments.size() > 10000) {
      m_departments.clear();
    }
    it = m_departments.emplace(std::string(name), std::string(canonical_department(m_rules, name))).first;
  }
  return it->second;
}

}  // namespace fbkit::classify
