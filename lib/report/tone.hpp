// Which rows the problem and praise sections count. A row expresses a problem
// when it says something negative (classify's sentiment negative, or an
// overall score of 1-2) and nothing positive (sentiment positive, or a score of
// 4-5); praise is the mirror image; mixed signals and neutral rows are neither.
// The same definition twice: a predicate for the row scan (examples, who is
// affected) and `--where` conditions for the stats queries (the shares the
// cross-check re-computes through `fbkit stats`).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fbkit::report {

enum class Tone { problem, praise, neither };

// The tone of a row from its sentiment and score_overall cells ("" when the
// column is absent or blank). A score that is not a number says nothing.
Tone tone_of(std::string_view sentiment, std::string_view score);

// How strongly a row of tone `t` says it: 1 per signal (the sentiment, the
// score), so 2 is a negative text with a score of 1-2.
int tone_signal(Tone t, std::string_view sentiment, std::string_view score);

// The `--where` conditions (all must hold) selecting the rows of tone `t`
// (problem or praise), given which columns the data has; with neither, none
// tone-wise (nothing tells a complaint from praise). A row of issue `no_text`
// (classify's row with no words: empty, a placeholder) is neither: its score
// says how it felt, not what went wrong, so `issue!=no_text` is added when
// `no_text` is given.
std::vector<std::string> tone_where(Tone t, bool has_sentiment, bool has_score, const std::string& no_text = "");

// The `--where` conditions selecting the rows of issue `no_text` that would
// otherwise have tone `t` (a low score and no comment, for problem); empty when
// nothing tells the tone (no sentiment, no score column) or `no_text` is "".
std::vector<std::string> no_text_where(Tone t, bool has_sentiment, bool has_score, const std::string& no_text);

}  // namespace fbkit::report
