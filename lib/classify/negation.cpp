#include "classify/negation.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <span>

namespace fbkit::classify {

namespace {

// Whether the 3 bytes at p are a full-width clause mark in UTF-8: ， 。 ！ ？ ；
// ～ … or the ideographic space.
bool wide_clause_mark(const unsigned char* p) {
  switch (p[0]) {
    case 0xEF:  // ，！？； (EF BC 8C/81/9F/9B) and ～ (EF BD 9E)
      return (p[1] == 0xBC && (p[2] == 0x8C || p[2] == 0x81 || p[2] == 0x9F || p[2] == 0x9B)) ||
             (p[1] == 0xBD && p[2] == 0x9E);
    case 0xE3:  // 。 (E3 80 82) and the ideographic space (E3 80 80)
      return p[1] == 0x80 && (p[2] == 0x82 || p[2] == 0x80);
    case 0xE2:  // … (E2 80 A6)
      return p[1] == 0x80 && p[2] == 0xA6;
    default:
      return false;
  }
}

// The bytes that may begin a clause mark: 1 an ASCII one, 2 the first byte of a
// wide one, 3 a space (a mark between two non-ASCII characters).
constexpr std::array<std::uint8_t, 256> kMarkByte = [] {
  std::array<std::uint8_t, 256> t{};
  for (const unsigned char c : {',', '.', '!', '?', ';', '\n', '\r', '~'}) {
    t[c] = 1;
  }
  t[0xE2] = t[0xE3] = t[0xEF] = 2;
  t[' '] = 3;
  return t;
}();

// Byte offsets just after each clause-ending punctuation mark or line break,
// and after a run of spaces between two non-ASCII characters: Chinese reviews
// part clauses with a space (不是很好 清晰度极差), English words do not.
void clause_starts(std::string_view text, std::vector<std::uint32_t>& out) {
  const auto* b = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::uint8_t kind = kMarkByte[b[i]];
    if (kind == 0) {
      continue;
    }
    if (kind == 3) {
      std::size_t j = i;
      while (j < text.size() && b[j] == ' ') {
        ++j;
      }
      if (i > 0 && b[i - 1] >= 0x80 && j < text.size() && b[j] >= 0x80) {
        out.push_back(static_cast<std::uint32_t>(j));
      }
      i = j - 1;
    } else if (kind == 1) {
      out.push_back(static_cast<std::uint32_t>(i + 1));
    } else if (i + 3 <= text.size() && wide_clause_mark(b + i)) {
      out.push_back(static_cast<std::uint32_t>(i + 3));
      i += 2;
    }
  }
}

// Adds the clause starts of the punctuation to `starts` (the ends of break
// phrases) and sorts them all: the punctuation's come in order, merged in.
void add_clause_starts(std::string_view text, std::vector<std::uint32_t>& starts) {
  const auto breaks = static_cast<std::ptrdiff_t>(starts.size());
  clause_starts(text, starts);
  if (breaks > 0) {
    std::sort(starts.begin(), starts.begin() + breaks);
    std::inplace_merge(starts.begin(), starts.begin() + breaks, starts.end());
  }
}

bool has_role(const RuleSet& rules, const Hit& h, std::uint8_t role) {
  return (rules.patterns[static_cast<std::size_t>(h.pattern)].roles & role) != 0;
}

// The longest reach of the mask hits seen so far: the largest end, and the
// largest end of a mask of another pattern than that one (a mask does not hide
// its own pattern's hits).
struct Reach {
  std::int64_t end = -1;
  int pattern = -1;
  std::int64_t other = -1;  // the largest end of a pattern other than `pattern`
  void add(std::int64_t e, int p) {
    if (p == pattern) {
      end = std::max(end, e);
    } else if (e > end) {
      other = end;
      end = e;
      pattern = p;
    } else {
      other = std::max(other, e);
    }
  }
  // The largest end of a mask whose pattern is not `p`.
  std::int64_t for_pattern(int p) const { return p != pattern ? end : other; }
};

// Marks each of the sorted `hits` that lies strictly inside a longer mask hit
// of another pattern, and each praise (kRolePraise) inside a rival phrase. One
// sweep: the masks that start earlier are summed up in a Reach, those that
// start at the same byte in another; the rival phrases likewise.
void mark_masked(const RuleSet& rules, const std::vector<Hit>& hits, std::vector<std::uint8_t>& out) {
  out.assign(hits.size(), 0);
  Reach before;
  Reach rival_before;
  for (std::size_t i = 0, j = 0; i < hits.size(); i = j) {
    Reach here;
    Reach rival_here;
    for (j = i; j < hits.size() && hits[j].start == hits[i].start; ++j) {
      if (has_role(rules, hits[j], kRoleMask)) {
        here.add(hits[j].end, hits[j].pattern);
      }
      if (has_role(rules, hits[j], kRoleRival)) {
        rival_here.add(hits[j].end, hits[j].pattern);
      }
    }
    // Containing and longer: from an earlier start to at least the end, or from here past the end.
    const auto inside = [&](const Reach& b, const Reach& h, const Hit& hit) {
      return b.for_pattern(hit.pattern) >= hit.end || h.for_pattern(hit.pattern) > hit.end;
    };
    for (std::size_t k = i; k < j; ++k) {
      out[k] = inside(before, here, hits[k]) ||
                       (has_role(rules, hits[k], kRolePraise) && inside(rival_before, rival_here, hits[k]))
                   ? 1
                   : 0;
    }
    for (std::size_t k = i; k < j; ++k) {
      if (has_role(rules, hits[k], kRoleMask)) {
        before.add(hits[k].end, hits[k].pattern);
      }
      if (has_role(rules, hits[k], kRoleRival)) {
        rival_before.add(hits[k].end, hits[k].pattern);
      }
    }
  }
}

// The characters between two byte offsets, a run of ASCII letters or digits
// counting as one (UTF-8 continuation bytes are no characters), for offsets
// known in advance: one pass over the text counts the characters before each
// offset, instead of one pass per pair. A word cut by the first offset counts
// once on either side of the cut.
class GapCounter {
public:
  // `at`: every offset that will be asked about (sorted and deduplicated here).
  void build(std::string_view text, std::vector<std::uint32_t>& at) {
    std::sort(at.begin(), at.end());
    at.erase(std::unique(at.begin(), at.end()), at.end());
    m_marks.clear();
    for (const std::uint32_t a : at) {
      m_marks.push_back(Mark{a, 0, static_cast<std::uint32_t>(text.size()), false});
    }
    std::int64_t count = 0;  // characters counted before byte i, a run of letters or digits as one
    bool in_word = false;
    std::size_t next = 0, open = 0;  // m_marks[open, next) wait for their first character
    for (std::size_t i = 0; next < m_marks.size() || open < next; ++i) {
      for (; next < m_marks.size() && m_marks[next].offset == i; ++next) {
        m_marks[next].count = count;
      }
      if (i >= text.size()) {
        break;
      }
      const auto c = static_cast<unsigned char>(text[i]);
      if ((c & 0xC0) == 0x80) {
        continue;
      }
      const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      for (; open < next; ++open) {
        m_marks[open].first = static_cast<std::uint32_t>(i);
        m_marks[open].joins = word && in_word;
      }
      count += word && in_word ? 0 : 1;
      in_word = word;
    }
  }

  // The characters in [from, to) for two offsets given to build().
  int gap(std::uint32_t from, std::uint32_t to) const {
    if (from >= to) {
      return 0;
    }
    const Mark& a = find(from);
    // Counted from `from`, its first character always counts, even inside a word.
    const std::int64_t n = find(to).count - a.count + (a.first < to && a.joins ? 1 : 0);
    return static_cast<int>(std::min<std::int64_t>(n, std::numeric_limits<int>::max()));
  }

private:
  struct Mark {
    std::uint32_t offset;
    std::int64_t count;   // characters before the offset, counted from the text's start
    std::uint32_t first;  // the first character at or after the offset
    bool joins;           // that character is a word character continuing a word
  };
  const Mark& find(std::uint32_t offset) const {
    return *std::lower_bound(m_marks.begin(), m_marks.end(), offset,
                             [](const Mark& m, std::uint32_t o) { return m.offset < o; });
  }
  std::vector<Mark> m_marks;
};

// Whether every hit is only a phrase (no cue, mask, rival, break or turn: each is
// said as it is); any_mask: some hit is a mask or a rival phrase.
bool only_phrases(const RuleSet& rules, const std::vector<Hit>& hits, bool& any_mask) {
  bool only = true;
  for (const Hit& h : hits) {
    const std::uint8_t roles = rules.patterns[static_cast<std::size_t>(h.pattern)].roles;
    any_mask = any_mask || (roles & (kRoleMask | kRoleRival)) != 0;
    only = only && (roles & ~kRolePraise) == kRolePhrase;
  }
  return only;
}

// The cue that negates phrase hit h, if any (into *cue): the last of the first
// `before` cues (in hit order) that ends before h in its clause (from byte
// `clause`) within the gap. The gap only grows as a cue's end moves back, so
// once the cues left all end at or before one that was too far (they start
// earlier, and are no longer than `longest_cue`), none can be near enough.
bool negating_cue(const RuleSet& rules, const Hit& h, const std::vector<Hit>& cues, std::size_t before,
                  std::uint32_t clause, std::uint32_t longest_cue, const GapCounter& gaps, Hit& cue) {
  std::int64_t too_far = -1;  // the latest end of a cue found too far away
  for (std::size_t k = before; k-- > 0;) {
    const Hit& c = cues[k];
    if (c.start < clause || static_cast<std::int64_t>(c.start) + longest_cue <= too_far) {
      return false;
    }
    if (c.end > h.start) {
      continue;
    }
    if (gaps.gap(c.end, h.start) <= rules.negation_max_gap) {
      cue = c;
      return true;
    }
    too_far = std::max<std::int64_t>(too_far, c.end);
  }
  return false;
}

// The cues of the sorted `cues` that start at byte `at`.
std::span<const Hit> cues_at(const std::vector<Hit>& cues, std::uint32_t at) {
  const auto first =
      std::lower_bound(cues.begin(), cues.end(), at, [](const Hit& c, std::uint32_t a) { return c.start < a; });
  auto last = first;
  for (; last != cues.end() && last->start == at; ++last) {
  }
  return {first, last};
}

// Whether phrase hit h begins with a cue of its own (不好, 没味道): some cue of
// the sorted `cues` starts where h starts and ends inside it.
bool own_cue(const std::vector<Hit>& cues, const Hit& h) {
  const std::span<const Hit> at = cues_at(cues, h.start);
  return std::any_of(at.begin(), at.end(), [&](const Hit& c) { return c.end <= h.end; });
}

// Whether a lexicon phrase of `out` (sorted by start) lies whole between the
// cue's end and phrase hit h, of the other sign than h (`lex_sign` per
// pattern; a phrase of none that begins with a cue counts as negative): the
// phrase the cue negated first, h a complaint said again (不好用不好用).
bool other_sign_between(const std::vector<PhraseHit>& out, const Hit& cue, const Hit& h,
                        const std::vector<int>& lex_sign) {
  const int own = lex_sign[static_cast<std::size_t>(h.pattern)];
  const int sign = own != 0 ? own : -1;
  for (std::size_t k = out.size(); k-- > 0 && out[k].hit.start >= cue.end;) {
    const int other = lex_sign[static_cast<std::size_t>(out[k].hit.pattern)];
    if (out[k].hit.end <= h.start && other != 0 && other != sign) {
      return true;
    }
  }
  return false;
}

// Whether the negated phrase hit p is a complaint said again rather than
// negated twice: it begins with a cue of its own (不好) and a lexicon phrase of
// the other sign that p's cue already negated lies between them (in 不好用不好用
// the first 不 negates 好用, not the second 不好). Right after the cue, or after
// a phrase of its own sign (没有什么不好), it is a double negation. Needs `lex_sign`.
bool said_again(const std::vector<Hit>& cues, const std::vector<PhraseHit>& out, const PhraseHit& p,
                const std::vector<int>* lex_sign) {
  return lex_sign != nullptr && own_cue(cues, p.hit) && other_sign_between(out, p.cue, p.hit, *lex_sign);
}

// Whether the negated phrase hit p is the next item of a list rather than a
// double negation: it begins with a cue of its own that is the cue that negated
// it, or one's prefix the other's (没 and 没有), with 2 or more characters between
// them (没包装没生产日期, 没有发票没保修卡: each cue negates its own noun). Still a
// double negation: another cue before (没有什么不好), one character between (不吃不舒服),
// a first cue followed by a word of the rules' `negation_double_after` (不是因为不好看,
// 不觉得不好), and a second cue right after one of `negation_double_before` (一天不看都不舒服).
bool next_in_list(const RuleSet& rules, std::string_view text, const std::vector<Hit>& cues, const PhraseHit& p,
                  const GapCounter& gaps) {
  const std::string_view after = text.substr(p.cue.end), before = text.substr(0, p.hit.start);
  const auto starts = [&](const std::string& w) { return after.starts_with(w); };
  const auto ends = [&](const std::string& w) { return before.ends_with(w); };
  if (std::any_of(rules.negation_double_after.begin(), rules.negation_double_after.end(), starts) ||
      std::any_of(rules.negation_double_before.begin(), rules.negation_double_before.end(), ends)) {
    return false;
  }
  const std::string_view first = text.substr(p.cue.start, p.cue.end - p.cue.start);
  const std::span<const Hit> at = cues_at(cues, p.hit.start);
  return std::any_of(at.begin(), at.end(),
                     [&](const Hit& c) {
                       const std::string_view second = text.substr(c.start, c.end - c.start);
                       return c.end <= p.hit.end && (first.starts_with(second) || second.starts_with(first));
                     }) &&
         gaps.gap(p.cue.end, p.hit.start) >= 2;
}

// Whether the cue that negated phrase hit h is spent on a rule phrase before h:
// a phrase of `out` begins with the cue and runs on past it (没法吃, 没有酱: not
// a cue itself), is not negated, is in no lexicon (a lexicon word that begins
// with a cue, 不要, 不能, is a word of its own that may still negate:
// 希望不要让我失望) and ends before h, and h is a negative lexicon phrase (in
// 没法吃直接扔了 the 没 is 没法吃's, not a negation of 扔了; in 没有酱怎么吃 not
// of 怎么). A positive h stays negated: 不新鲜好吃 is "neither fresh nor tasty".
bool spent_on_complaint(const RuleSet& rules, const std::vector<PhraseHit>& out, const PhraseHit& p,
                        const std::vector<int>* lex_sign) {
  if (lex_sign == nullptr || (*lex_sign)[static_cast<std::size_t>(p.hit.pattern)] != -1) {
    return false;
  }
  for (std::size_t k = out.size(); k-- > 0 && out[k].hit.start >= p.cue.start;) {
    const PhraseHit& q = out[k];
    if (q.hit.start == p.cue.start && q.hit.end > p.cue.end && q.hit.end <= p.hit.start && !q.negated &&
        !has_role(rules, q.hit, kRoleCue) && (*lex_sign)[static_cast<std::size_t>(q.hit.pattern)] == 0) {
      return true;
    }
  }
  return false;
}

// Whether the cue that found phrase hit p already negated a positive lexicon
// phrase that ends before p, and p is a complaint: a negative lexicon phrase,
// or a rule phrase of no lexicon that is no praise. In 快递不给力什么鬼态度 the 不
// is 不给力's, not a negation of 什么鬼态度; in 不新鲜难吃 not of 难吃. A positive
// p stays negated: 不新鲜好吃 is "neither fresh nor tasty".
bool spent_on_praise(const RuleSet& rules, const std::vector<PhraseHit>& out, const PhraseHit& p,
                     const std::vector<int>* lex_sign) {
  if (lex_sign == nullptr) {
    return false;
  }
  const int own = (*lex_sign)[static_cast<std::size_t>(p.hit.pattern)];
  if (own == 1 || (own == 0 && has_role(rules, p.hit, kRolePraise))) {
    return false;
  }
  for (std::size_t k = out.size(); k-- > 0 && out[k].hit.start >= p.cue.end;) {
    const PhraseHit& q = out[k];
    if (q.negated && q.cue.start == p.cue.start && q.cue.end == p.cue.end && q.hit.end <= p.hit.start &&
        (*lex_sign)[static_cast<std::size_t>(q.hit.pattern)] == 1) {
      return true;
    }
  }
  return false;
}

// Whether the cue found before phrase hit p does not negate it after all: p is
// a complaint said again, the cue is spent on a complaint or on praise before p,
// or p is the next item of a list.
bool cue_undone(const RuleSet& rules, std::string_view text, const std::vector<Hit>& cues,
                const std::vector<PhraseHit>& out, const PhraseHit& p, const GapCounter& gaps,
                const std::vector<int>* lex_sign) {
  return said_again(cues, out, p, lex_sign) || spent_on_complaint(rules, out, p, lex_sign) ||
         spent_on_praise(rules, out, p, lex_sign) || next_in_list(rules, text, cues, p, gaps);
}

// Sets the clause of each of the sorted `out` hits from the sorted clause starts.
void set_clauses(const std::vector<std::uint32_t>& starts, std::vector<PhraseHit>& out) {
  std::size_t k = 0;
  std::uint32_t clause = 0;
  for (PhraseHit& p : out) {
    for (; k < starts.size() && starts[k] <= p.hit.start; ++k) {
      clause = starts[k];
    }
    p.clause = clause;
  }
}

// Counts, in one pass, the characters at the cues' ends and the phrases' starts.
void measure_gaps(const RuleSet& rules, std::string_view text, const std::vector<Hit>& hits,
                  const std::vector<std::uint8_t>& masked, const std::vector<Hit>& cues, GapCounter& gaps) {
  thread_local std::vector<std::uint32_t> offsets;
  offsets.clear();
  for (const Hit& c : cues) {
    offsets.push_back(c.end);
  }
  for (std::size_t i = 0; i < hits.size(); ++i) {
    if (masked[i] == 0 && has_role(rules, hits[i], kRolePhrase)) {
      offsets.push_back(hits[i].start);
    }
  }
  gaps.build(text, offsets);
}

}  // namespace

void resolve_hits(const RuleSet& rules, std::string_view text, const std::vector<Hit>& hits,
                  std::vector<PhraseHit>& out, std::uint32_t& turn, bool clauses, const std::vector<int>* lex_sign) {
  out.clear();
  turn = static_cast<std::uint32_t>(text.size() + 1);
  if (hits.empty()) {
    return;
  }
  // A hit strictly inside a longer mask hit does not count (快 in 快递, 不 in 不错).
  thread_local std::vector<std::uint8_t> masked;
  thread_local std::vector<std::uint32_t> starts;
  thread_local std::vector<Hit> cues;
  thread_local GapCounter gaps;
  starts.clear();
  cues.clear();
  bool any_mask = false;
  if (only_phrases(rules, hits, any_mask)) {
    for (const Hit& h : hits) {
      out.push_back(PhraseHit{h, false, Hit{}, 0});
    }
    if (clauses) {
      clause_starts(text, starts);
      set_clauses(starts, out);
    }
    return;
  }
  if (any_mask) {
    mark_masked(rules, hits, masked);
  } else {
    masked.assign(hits.size(), 0);
  }
  bool any_phrase = false;
  std::uint32_t longest_cue = 0;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const Hit& h = hits[i];
    if (masked[i] == 0) {
      if (has_role(rules, h, kRoleCue)) {
        cues.push_back(h);
        longest_cue = std::max(longest_cue, h.end - h.start);
      }
      if (has_role(rules, h, kRoleTurn)) {
        turn = std::min(turn, h.end);
      }
      if (has_role(rules, h, kRoleBreak)) {
        starts.push_back(h.end);
      }
      any_phrase = any_phrase || has_role(rules, h, kRolePhrase);
    }
  }
  if (!any_phrase) {
    return;
  }
  if (!cues.empty() || clauses) {
    add_clause_starts(text, starts);
  }
  if (!cues.empty()) {
    measure_gaps(rules, text, hits, masked, cues, gaps);
  }
  std::size_t before = 0;  // the cues that start at or before the current hit (hits are sorted by start)
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const Hit& h = hits[i];
    if (!has_role(rules, h, kRolePhrase) || masked[i] != 0) {
      continue;
    }
    PhraseHit p{h, false, Hit{}, 0};
    for (; before < cues.size() && cues[before].start <= h.start; ++before) {
    }
    if (!cues.empty()) {
      // The clause of h begins after the last boundary at or before its start.
      const auto it = std::upper_bound(starts.begin(), starts.end(), h.start);
      const std::uint32_t clause = it == starts.begin() ? 0 : *(it - 1);
      p.negated = negating_cue(rules, h, cues, before, clause, longest_cue, gaps, p.cue);
      p.negated = p.negated && !cue_undone(rules, text, cues, out, p, gaps, lex_sign);
      p.cue = p.negated ? p.cue : Hit{};
    }
    out.push_back(p);
  }
  if (clauses) {
    set_clauses(starts, out);
  }
}

}  // namespace fbkit::classify
