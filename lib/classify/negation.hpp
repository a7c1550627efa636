// From raw matcher hits to the phrases a text really says: masks drop the
// shorter hits inside them (快 inside 快递 or 快两个小时, 不 inside 不错), and a
// negation cue earlier in the same clause cancels a phrase (不 好吃, not good).
// The cue must come at most `max_gap` characters before the phrase (an ASCII
// word counts as one character). A clause ends at ，。！？；,.!?; or a line break, and at a break word (但是, but).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "classify/matcher.hpp"
#include "classify/model.hpp"

namespace fbkit::classify {

// A phrase hit and, if negated, the cue that cancelled it.
struct PhraseHit {
  Hit hit;
  bool negated = false;
  Hit cue;                   // meaningful when negated
  std::uint32_t clause = 0;  // the byte where the hit's clause begins (with `clauses`; else 0)
};

// Turns the sorted hits of `text` into phrase hits (cues, breaks and masks
// themselves are not phrases unless a rule or the lexicon uses them too).
// `turn` is set to the end of the first turn word (但是, but), or to
// text.size() + 1 when there is none. `clauses`: also set each hit's clause.
// `lex_sign` (per pattern: 1 positive, -1 negative, 0 not in the lexicon):
// with it, a cue that negated a lexicon phrase does not reach past it into a
// phrase of the other sign that begins with a cue of its own (不好用不好用).
void resolve_hits(const RuleSet& rules, std::string_view text, const std::vector<Hit>& hits,
                  std::vector<PhraseHit>& out, std::uint32_t& turn, bool clauses = false,
                  const std::vector<int>* lex_sign = nullptr);

}  // namespace fbkit::classify
