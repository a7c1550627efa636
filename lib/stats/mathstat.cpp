#include "stats/mathstat.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace fbkit::stats {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Continued fraction of the regularized incomplete beta (Lentz's method).
double beta_cf(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  double c = 1.0;
  double d = 1.0 - (a + b) * x / (a + 1.0);
  d = std::fabs(d) < kTiny ? kTiny : d;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 300; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
    d = 1.0 + aa * d;
    d = std::fabs(d) < kTiny ? kTiny : d;
    c = 1.0 + aa / c;
    c = std::fabs(c) < kTiny ? kTiny : c;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
    d = 1.0 + aa * d;
    d = std::fabs(d) < kTiny ? kTiny : d;
    c = 1.0 + aa / c;
    c = std::fabs(c) < kTiny ? kTiny : c;
    d = 1.0 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1.0) < 1e-15) {
      break;
    }
  }
  return h;
}

// Regularized incomplete beta I_x(a, b).
double incomplete_beta(double a, double b, double x) {
  if (x <= 0) {
    return 0;
  }
  if (x >= 1) {
    return 1;
  }
  const double ln_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  const double front = std::exp(ln_front);
  if (x < (a + 1.0) / (a + b + 2.0)) {
    return front * beta_cf(a, b, x) / a;
  }
  return 1.0 - front * beta_cf(b, a, 1.0 - x) / b;
}

}  // namespace

double normal_cdf(double z) {
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

double normal_quantile(double p) {
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  if (p <= 0) {
    return -std::numeric_limits<double>::infinity();
  }
  if (p >= 1) {
    return std::numeric_limits<double>::infinity();
  }
  double x = 0;
  if (p < 0.02425) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - 0.02425) {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // One Halley step brings the relative error to about 1e-15.
  const double e = normal_cdf(x) - p;
  const double u = e * std::sqrt(2 * kPi) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

double t_cdf(double t, double df) {
  if (std::isinf(df) || df > 1e7) {
    return normal_cdf(t);
  }
  const double x = df / (df + t * t);
  const double tail = 0.5 * incomplete_beta(df / 2.0, 0.5, x);
  return t >= 0 ? 1.0 - tail : tail;
}

double t_quantile(double p, double df) {
  if (p <= 0 || p >= 1) {
    return p <= 0 ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  }
  if (p < 0.5) {
    return -t_quantile(1 - p, df);
  }
  // Bisection on the monotone cdf: robust for any df, 200 halvings reach the double limit.
  double lo = 0;
  double hi = 1;
  while (t_cdf(hi, df) < p && hi < 1e12) {
    hi *= 2;
  }
  for (int i = 0; i < 200 && hi - lo > 1e-14 * std::max(1.0, hi); ++i) {
    const double mid = (lo + hi) / 2;
    (t_cdf(mid, df) < p ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

Interval wilson(std::int64_t x, std::int64_t n, double level) {
  const double z = normal_quantile(1 - (1 - level) / 2);
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(x) / nn;
  const double z2 = z * z;
  const double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
  const double half = z / (1 + z2 / nn) * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  // At 0 or n successes the bound is exactly 0 or 1 (rounding would leave 1e-17).
  return {x == 0 ? 0.0 : std::max(0.0, centre - half), x == n ? 1.0 : std::min(1.0, centre + half)};
}

double t_margin(double sd, std::int64_t n, double level) {
  const double t = t_quantile(1 - (1 - level) / 2, static_cast<double>(n - 1));
  return t * sd / std::sqrt(static_cast<double>(n));
}

TestResult two_proportion_z(std::int64_t x1, std::int64_t n1, std::int64_t x2, std::int64_t n2) {
  const double p1 = static_cast<double>(x1) / static_cast<double>(n1);
  const double p2 = static_cast<double>(x2) / static_cast<double>(n2);
  const double pooled = static_cast<double>(x1 + x2) / static_cast<double>(n1 + n2);
  const double se = std::sqrt(pooled * (1 - pooled) * (1.0 / static_cast<double>(n1) + 1.0 / static_cast<double>(n2)));
  if (se == 0) {
    return {0, 1};  // both all-successes or all-failures: no difference
  }
  const double z = (p1 - p2) / se;
  return {z, 2 * normal_cdf(-std::fabs(z))};
}

TestResult welch_t(double mean1, double var1, std::int64_t n1, double mean2, double var2, std::int64_t n2) {
  const double a = var1 / static_cast<double>(n1);
  const double b = var2 / static_cast<double>(n2);
  const double se = std::sqrt(a + b);
  if (se == 0) {
    return mean1 == mean2 ? TestResult{0, 1} : TestResult{std::copysign(INFINITY, mean1 - mean2), 0};
  }
  const double t = (mean1 - mean2) / se;
  const double df = (a + b) * (a + b) / (a * a / static_cast<double>(n1 - 1) + b * b / static_cast<double>(n2 - 1));
  return {t, 2 * t_cdf(-std::fabs(t), df)};
}

TestResult z_difference(double a, double se_a, double b, double se_b) {
  const double se = std::sqrt(se_a * se_a + se_b * se_b);
  if (se == 0) {
    return a == b ? TestResult{0, 1} : TestResult{std::copysign(INFINITY, a - b), 0};
  }
  const double z = (a - b) / se;
  return {z, 2 * normal_cdf(-std::fabs(z))};
}

std::vector<double> benjamini_hochberg(const std::vector<double>& p) {
  const std::size_t m = p.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  // Ties broken by position, so the result does not depend on the sort's stability.
  std::sort(order.begin(), order.end(),
            [&](std::size_t i, std::size_t j) { return p[i] != p[j] ? p[i] < p[j] : i < j; });
  std::vector<double> q(m);
  double running = 1.0;
  for (std::size_t k = m; k-- > 0;) {
    const double v = p[order[k]] * static_cast<double>(m) / static_cast<double>(k + 1);
    running = std::min(running, v);
    q[order[k]] = std::min(1.0, running);
  }
  return q;
}

}  // namespace fbkit::stats
