// The literal prefilter of the regexes that run on RE2 (those Hyperscan
// refuses): RE2's own analysis (re2::FilteredRE2) names the strings ("atoms")
// a text must hold for each regex to match; Matcher finds them in the same
// Hyperscan scan as the rules' literals, and a regex none of whose atom sets
// is found is not run. The atoms are lower case and hold only where the text
// lower-cases as ASCII does: a text with another cased character runs every
// regex.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class FilteredRE2;
}

namespace fbkit::classify {

class Re2Prefilter {
public:
  // Of the regexes `patterns` (RE2 syntax, RE2's default options); `min_atom_len`
  // in bytes: shorter strings are not looked for (their regex runs on every text).
  explicit Re2Prefilter(const std::vector<std::string>& patterns, int min_atom_len = 3);
  ~Re2Prefilter();
  Re2Prefilter(const Re2Prefilter&) = delete;
  Re2Prefilter& operator=(const Re2Prefilter&) = delete;

  // The strings to look for, ASCII case ignored, anywhere in a text.
  const std::vector<std::string>& atoms() const { return m_atoms; }
  // Whether the atoms found in `text` decide: its only cased characters are ASCII.
  static bool applies(std::string_view text);
  // The regexes (indices into `patterns`) that may match a text in which the
  // atoms `found` (indices into atoms(), any order) occur, in increasing order.
  void candidates(std::vector<int>& found, std::vector<int>& out) const;

private:
  std::unique_ptr<re2::FilteredRE2> m_filter;
  std::vector<std::string> m_atoms;
};

}  // namespace fbkit::classify
