#include <doctest/doctest.h>

#include <cmath>

#include "stats/mathstat.hpp"

using namespace fbkit::stats;

TEST_CASE("stats::normal_quantile and t_quantile match printed tables") {
  CHECK(normal_quantile(0.975) == doctest::Approx(1.959963984540054).epsilon(1e-12));
  CHECK(normal_quantile(0.5) == doctest::Approx(0.0));
  CHECK(normal_quantile(0.005) == doctest::Approx(-2.5758293035489).epsilon(1e-10));
  // Student t, two-sided 95%: df 1, 10, 23, 30 (standard table values).
  CHECK(t_quantile(0.975, 1) == doctest::Approx(12.706205).epsilon(1e-6));
  CHECK(t_quantile(0.975, 10) == doctest::Approx(2.228139).epsilon(1e-6));
  CHECK(t_quantile(0.975, 23) == doctest::Approx(2.068658).epsilon(1e-6));
  CHECK(t_quantile(0.975, 30) == doctest::Approx(2.042272).epsilon(1e-6));
  CHECK(t_cdf(2.068658, 23) == doctest::Approx(0.975).epsilon(1e-6));
  CHECK(t_cdf(0, 7) == doctest::Approx(0.5));
}

TEST_CASE("stats::wilson gives the score interval, also at 0 and n") {
  // 8 of 10 at 95%: centre (p + z^2/2n)/(1 + z^2/n), half-width z/(1+z^2/n) sqrt(p(1-p)/n + z^2/4n^2).
  const Interval i = wilson(8, 10, 0.95);
  CHECK(i.low == doctest::Approx(0.49016247153664183).epsilon(1e-12));
  CHECK(i.high == doctest::Approx(0.9433178485456247).epsilon(1e-12));
  const Interval zero = wilson(0, 10, 0.95);
  CHECK(zero.low == 0.0);
  CHECK(zero.high > 0.25);
  const Interval all = wilson(10, 10, 0.95);
  CHECK(all.high == 1.0);
  CHECK(all.low < 0.75);
}

TEST_CASE("stats::two_proportion_z and welch_t") {
  // 50/100 vs 30/100: pooled 0.4, se sqrt(0.24 * 0.02), z = 2.8868, p = 0.00389.
  const TestResult z = two_proportion_z(50, 100, 30, 100);
  CHECK(z.statistic == doctest::Approx(2.886751345948129).epsilon(1e-12));
  CHECK(z.p_value == doctest::Approx(0.0038924171227785465).epsilon(1e-9));
  CHECK(two_proportion_z(10, 10, 5, 5).p_value == 1.0);  // no variance, no difference
  // means 20 (var 4, n 10) vs 22 (var 9, n 15): se 1, t = -2, df = 1 / (0.16/9 + 0.36/14).
  const TestResult t = welch_t(20, 4, 10, 22, 9, 15);
  CHECK(t.statistic == doctest::Approx(-2.0));
  const double df = 1.0 / (0.16 / 9 + 0.36 / 14);
  CHECK(t.p_value == doctest::Approx(2 * t_cdf(-2.0, df)).epsilon(1e-12));
  CHECK(t.p_value > 0.05);  // |t| = 2 < t(0.975, 23) = 2.0687
  CHECK(t.p_value < 0.10);  // |t| = 2 > t(0.95, 23) = 1.7139
}

TEST_CASE("stats::benjamini_hochberg adjusts in the input order") {
  // sorted 0.005, 0.01, 0.03, 0.04 -> x4/1, x4/2, x4/3, x4/4 = 0.02, 0.02, 0.04, 0.04 (monotone from the top)
  const std::vector<double> q = benjamini_hochberg({0.01, 0.04, 0.03, 0.005});
  REQUIRE(q.size() == 4);
  CHECK(q[0] == doctest::Approx(0.02));
  CHECK(q[1] == doctest::Approx(0.04));
  CHECK(q[2] == doctest::Approx(0.04));
  CHECK(q[3] == doctest::Approx(0.02));
  CHECK(benjamini_hochberg({0.9, 0.8})[0] == doctest::Approx(0.9));
}
