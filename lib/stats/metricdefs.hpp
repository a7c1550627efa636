// The metric definitions shared by the metrics and changes tables: each one a
// function of a group's integer counters (docs/metrics.md gives the formulas).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "stats/aggregate.hpp"

namespace fbkit::stats {

// x of n, a share.
struct Ratio {
  std::int64_t x = 0;
  std::int64_t n = 0;
  double value() const { return static_cast<double>(x) / static_cast<double>(n); }
};

// Count, mean and sample variance (n - 1) of integer values from their counts.
struct Moments {
  std::int64_t n = 0;
  double mean = 0;
  double var = 0;  // meaningful for n >= 2
};

// counts[i] is how often the value lo + i occurred, for i < k.
inline Moments moments(const std::int64_t* counts, int lo, int k) {
  std::int64_t n = 0, sum = 0, squares = 0;
  for (int i = 0; i < k; ++i) {
    const std::int64_t v = lo + i;
    n += counts[i];
    sum += v * counts[i];
    squares += v * v * counts[i];
  }
  Moments m;
  m.n = n;
  if (n > 0) {
    m.mean = static_cast<double>(sum) / static_cast<double>(n);
  }
  if (n >= 2) {
    // n*sum(x^2) - (sum x)^2 is an exact integer; one rounding at the end.
    const auto num = static_cast<double>(n * squares - sum * sum);
    m.var = num / (static_cast<double>(n) * static_cast<double>(n - 1));
  }
  return m;
}

// CSAT: answers 4 or 5 of the 1-5 answers (counts of 1..5).
inline Ratio csat_ratio(const std::int64_t* c) {
  return {c[3] + c[4], c[0] + c[1] + c[2] + c[3] + c[4]};
}
// Low-score rate: answers 1 or 2.
inline Ratio low_ratio(const std::int64_t* c) {
  return {c[0] + c[1], c[0] + c[1] + c[2] + c[3] + c[4]};
}
// Closure rate: completed + closed over all rows.
inline Ratio closure_ratio(const Group& g, const Layout& l) {
  return {g.counts[l.status_at() + 2] + g.counts[l.status_at() + 3], g.counts[Layout::kRows]};
}

struct Nps {
  std::int64_t n = 0;
  double value = 0;  // share 9-10 minus share 0-6, in [-1, 1]
  double se = 0;     // standard error: sqrt((p + d - nps^2) / n)
};
// From the counts of the answers 0..10.
inline Nps nps_of(const std::int64_t* c) {
  Nps s;
  std::int64_t promoters = c[9] + c[10], detractors = 0;
  for (int i = 0; i <= 10; ++i) {
    s.n += c[i];
    detractors += i <= 6 ? c[i] : 0;
  }
  if (s.n > 0) {
    const double n = static_cast<double>(s.n);
    const double p = static_cast<double>(promoters) / n, d = static_cast<double>(detractors) / n;
    s.value = p - d;
    s.se = std::sqrt(std::max(0.0, p + d - s.value * s.value) / n);
  }
  return s;
}

}  // namespace fbkit::stats
