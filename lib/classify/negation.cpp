#include "classify/negation.hpp"

#include <algorithm>

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

// Byte offsets just after each clause-ending punctuation mark or line break.
void clause_starts(std::string_view text, std::vector<std::uint32_t>& out) {
  const auto* b = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = b[i];
    if (c == ',' || c == '.' || c == '!' || c == '?' || c == ';' || c == '\n' || c == '\r' || c == '~') {
      out.push_back(static_cast<std::uint32_t>(i + 1));
    } else if (c >= 0xE2 && i + 3 <= text.size() && wide_clause_mark(b + i)) {
      out.push_back(static_cast<std::uint32_t>(i + 3));
      i += 2;
    }
  }
}

// Characters between two byte offsets, a run of ASCII letters or digits counting as one.
int gap_between(std::string_view text, std::size_t from, std::size_t to) {
  int n = 0;
  bool in_word = false;
  for (std::size_t i = from; i < to; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if ((c & 0xC0) == 0x80) {
      continue;  // a UTF-8 continuation byte
    }
    n += word && in_word ? 0 : 1;
    in_word = word;
  }
  return n;
}

bool has_role(const RuleSet& rules, const Hit& h, std::uint8_t role) {
  return (rules.patterns[static_cast<std::size_t>(h.pattern)].roles & role) != 0;
}

}  // namespace

void resolve_hits(const RuleSet& rules, std::string_view text, const std::vector<Hit>& hits,
                  std::vector<PhraseHit>& out, std::uint32_t& turn) {
  out.clear();
  turn = static_cast<std::uint32_t>(text.size() + 1);
  if (hits.empty()) {
    return;
  }
  // A hit strictly inside a longer mask hit does not count (快 in 快递, 不 in 不错).
  thread_local std::vector<const Hit*> masks;
  thread_local std::vector<std::uint32_t> starts;
  thread_local std::vector<Hit> cues;
  masks.clear();
  starts.clear();
  cues.clear();
  bool only_phrases = true;  // no cue, mask, break or turn: every hit is said as it is
  for (const Hit& h : hits) {
    const std::uint8_t roles = rules.patterns[static_cast<std::size_t>(h.pattern)].roles;
    if ((roles & kRoleMask) != 0) {
      masks.push_back(&h);
    }
    only_phrases = only_phrases && roles == kRolePhrase;
  }
  if (only_phrases) {
    for (const Hit& h : hits) {
      out.push_back(PhraseHit{h, false, Hit{}});
    }
    return;
  }
  const auto masked = [&](const Hit& h) {
    return std::any_of(masks.begin(), masks.end(), [&](const Hit* m) {
      return m->pattern != h.pattern && m->start <= h.start && h.end <= m->end && m->end - m->start > h.end - h.start;
    });
  };
  bool any_phrase = false;
  for (const Hit& h : hits) {
    if (masks.empty() || !masked(h)) {
      if (has_role(rules, h, kRoleCue)) {
        cues.push_back(h);
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
  if (!cues.empty()) {
    clause_starts(text, starts);
    std::sort(starts.begin(), starts.end());
  }
  for (const Hit& h : hits) {
    if (!has_role(rules, h, kRolePhrase) || (!masks.empty() && masked(h))) {
      continue;
    }
    PhraseHit p{h, false, Hit{}};
    if (!cues.empty()) {
      // The clause of h begins after the last boundary at or before its start.
      const auto it = std::upper_bound(starts.begin(), starts.end(), h.start);
      const std::uint32_t clause = it == starts.begin() ? 0 : *(it - 1);
      for (auto c = cues.rbegin(); c != cues.rend(); ++c) {
        if (c->end <= h.start && c->start >= clause && gap_between(text, c->end, h.start) <= rules.negation_max_gap) {
          p.negated = true;
          p.cue = *c;
          break;
        }
      }
    }
    out.push_back(p);
  }
}

std::size_t char_offset(std::string_view text, std::size_t byte) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    n += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 ? 1 : 0;
  }
  return n;
}

}  // namespace fbkit::classify
