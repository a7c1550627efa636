#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/strings.hpp"
#include "values/parse.hpp"

namespace fbkit::values {

namespace {

bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// A whole number in [lo, hi] from "4", "4.0", "4分"; the error names the range.
Parsed<int> ranged(std::string_view s, int lo, int hi) {
  Parsed<int> r;
  std::string t(trim(s));
  for (const char* suffix : {"分", "points", "point", "pts", "pt"}) {
    if (ends_with(t, suffix)) {
      t = std::string(trim(t.substr(0, t.size() - std::string_view(suffix).size())));
      break;
    }
  }
  if (!is_decimal(t)) {
    r.error = "not a score";
    return r;
  }
  const double v = std::strtod(t.c_str(), nullptr);
  if (v != std::floor(v)) {
    r.error = "score " + excerpt(t, 20) + " is not a whole number";
    return r;
  }
  if (v < lo || v > hi) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    r.error = std::string("score ") + buf + " is outside " + std::to_string(lo) + "-" + std::to_string(hi);
    return r;
  }
  r.value = static_cast<int>(v);
  return r;
}

}  // namespace

Parsed<int> parse_score(std::string_view s) {
  Parsed<int> r;
  if (is_blank(s)) {
    r.blank = true;
    return r;
  }
  const std::string_view t = trim(s);
  // Stars: ★ counts, ☆ is an empty star.
  {
    int full = 0;
    bool only_stars = true;
    for (std::size_t i = 0; i < t.size();) {
      if (t.compare(i, 3, "★") == 0) {
        ++full;
        i += 3;
      } else if (t.compare(i, 3, "☆") == 0) {
        i += 3;
      } else if (t[i] == ' ') {
        ++i;
      } else {
        only_stars = false;
        break;
      }
    }
    if (only_stars) {
      if (full < 1 || full > 5) {
        r.error = "score " + std::to_string(full) + " is outside 1-5";
      } else {
        r.value = full;
      }
      return r;
    }
  }
  // Words, longest first so that 非常不满意 is not read as 满意.
  static const std::pair<const char*, int> words[] = {
      {"非常不满意", 1},   {"很不满意", 1},       {"比较不满意", 2}, {"不太满意", 2},
      {"不满意", 2},       {"非常满意", 5},       {"很满意", 5},     {"比较满意", 4},
      {"满意", 4},         {"一般", 3},           {"还行", 3},       {"very dissatisfied", 1},
      {"dissatisfied", 2}, {"very satisfied", 5}, {"satisfied", 4},  {"neutral", 3},
      {"very poor", 1},    {"poor", 2},           {"fair", 3},       {"good", 4},
      {"excellent", 5}};
  const std::string l = ascii_lower(t);
  for (const auto& [word, score] : words) {
    if (l == word) {
      r.value = score;
      return r;
    }
  }
  // a/b: only out of 5.
  if (const auto slash = t.find('/'); slash != std::string_view::npos) {
    const std::string_view den = trim(t.substr(slash + 1));
    if (den != "5") {
      r.error = "not a 1-5 score";
      return r;
    }
    return ranged(t.substr(0, slash), 1, 5);
  }
  return ranged(t, 1, 5);
}

Parsed<int> parse_nps(std::string_view s) {
  Parsed<int> r;
  if (is_blank(s)) {
    r.blank = true;
    return r;
  }
  return ranged(s, 0, 10);
}

}  // namespace fbkit::values
