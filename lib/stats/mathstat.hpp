// The statistics behind the intervals and significance tests of stats
// (docs/metrics.md gives every formula): normal and Student t distributions,
// Wilson intervals, two-proportion z, Welch's t, Benjamini-Hochberg.
#pragma once

#include <cstdint>
#include <vector>

namespace fbkit::stats {

// Standard normal cumulative distribution.
double normal_cdf(double z);
// Its inverse, for 0 < p < 1 (Acklam's approximation plus one Newton step).
double normal_quantile(double p);
// Student t cumulative distribution with df > 0 degrees of freedom (real df allowed).
double t_cdf(double t, double df);
// Its inverse, for 0 < p < 1.
double t_quantile(double p, double df);

struct Interval {
  double low = 0;
  double high = 0;
};

// Wilson score interval of x successes in n > 0 trials at confidence level `level`.
Interval wilson(std::int64_t x, std::int64_t n, double level);
// Half-width of the t interval of a mean: t(1-(1-level)/2, n-1) * s / sqrt(n); needs n >= 2.
double t_margin(double sd, std::int64_t n, double level);

struct TestResult {
  double statistic = 0;
  double p_value = 1;
};

// Two-sided two-proportion z-test (pooled) of x1/n1 against x2/n2; n1, n2 > 0.
TestResult two_proportion_z(std::int64_t x1, std::int64_t n1, std::int64_t x2, std::int64_t n2);
// Two-sided Welch t-test of two means from their variances (sample, n-1) and sizes (>= 2).
TestResult welch_t(double mean1, double var1, std::int64_t n1, double mean2, double var2, std::int64_t n2);
// Two-sided z-test of a difference of two estimates with known standard errors.
TestResult z_difference(double a, double se_a, double b, double se_b);

// Benjamini-Hochberg adjusted p-values (q-values), same order as `p`.
std::vector<double> benjamini_hochberg(const std::vector<double>& p);

}  // namespace fbkit::stats
