#include <algorithm>

#include "classify/loader.hpp"
#include "core/strings.hpp"

namespace fbkit::classify {

namespace {

bool subset(const std::vector<int>& a, const std::vector<int>& b) {
  return std::all_of(a.begin(), a.end(), [&](int x) { return std::find(b.begin(), b.end(), x) != b.end(); });
}

// Whether `earlier` fires on every row `later` fires on, as far as the phrase
// lists alone can tell (conditions, exclusions and `all` make it undecidable here).
bool shadows(const Rule& earlier, const Rule& later) {
  if (!earlier.when.empty() || !earlier.none.empty() || !earlier.all.empty() || !earlier.negated.empty() ||
      earlier.any.empty() || !later.negated.empty()) {
    return false;
  }
  // `later` needs one of its `any` hits: if all of them are in `earlier.any`, that one fires too.
  if (!later.any.empty() && subset(later.any, earlier.any)) {
    return true;
  }
  // `later` needs every one of its `all` hits: one in `earlier.any` is enough.
  return std::any_of(later.all.begin(), later.all.end(),
                     [&](int p) { return std::find(earlier.any.begin(), earlier.any.end(), p) != earlier.any.end(); });
}

}  // namespace

std::vector<std::string> lint_rules(const RuleSet& rules) {
  // Only a rule with a plain `any` list can shadow another, and only one that
  // has a phrase of the other's `any` or `all`: per phrase, the rules whose
  // `any` has it, in order (comparing every pair of rules was quadratic).
  std::vector<std::vector<std::size_t>> with(rules.patterns.size());
  for (std::size_t i = 0; i < rules.rules.size(); ++i) {
    const Rule& a = rules.rules[i];
    if (a.when.empty() && a.none.empty() && a.all.empty() && a.negated.empty()) {
      for (const int p : a.any) {
        auto& list = with[static_cast<std::size_t>(p)];
        if (list.empty() || list.back() != i) {
          list.push_back(i);
        }
      }
    }
  }
  std::vector<std::string> out;
  for (std::size_t j = 0; j < rules.rules.size(); ++j) {
    const Rule& b = rules.rules[j];
    if (!b.negated.empty()) {
      continue;
    }
    std::size_t first = j;  // the first earlier rule that shadows b
    // One phrase of `all` in the earlier rule's `any` is enough.
    for (const int p : b.all) {
      const auto& list = with[static_cast<std::size_t>(p)];
      first = list.empty() ? first : std::min(first, list.front());
    }
    // Every phrase of `any` must be in it: the candidates are the rules with the rarest one.
    if (!b.any.empty()) {
      const int rarest = *std::min_element(b.any.begin(), b.any.end(), [&](int x, int y) {
        return with[static_cast<std::size_t>(x)].size() < with[static_cast<std::size_t>(y)].size();
      });
      for (const std::size_t i : with[static_cast<std::size_t>(rarest)]) {
        if (i >= first) {
          break;
        }
        if (shadows(rules.rules[i], b)) {
          first = i;
          break;
        }
      }
    }
    if (first == j) {
      continue;
    }
    const Rule& a = rules.rules[first];
    if (a.issue != b.issue) {
      out.push_back(b.where.str() + ": warning: rule " + quote_value(b.id) + " can never decide: rule " +
                    quote_value(a.id) + " (" + a.where.str() + ") comes first and matches every text it matches");
    } else {
      out.push_back(b.where.str() + ": warning: rule " + quote_value(b.id) + " is redundant: rule " +
                    quote_value(a.id) + " (" + a.where.str() + ") assigns the same issue to every text it matches");
    }
  }
  return out;
}

}  // namespace fbkit::classify
