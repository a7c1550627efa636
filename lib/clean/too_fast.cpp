#include "clean/too_fast.hpp"

#include <algorithm>

#include "clean/tracker.hpp"
#include "core/select.hpp"

namespace fbkit::clean {

namespace {

double median_of_sorted(const std::vector<double>& v, std::size_t from) {
  const std::size_t n = v.size() - from;
  const std::size_t mid = from + n / 2;
  return n % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

constexpr int kMaxRounds = 10000;

}  // namespace

std::pair<double, std::optional<double>> too_fast_threshold(std::vector<double> d, double floor, double fraction,
                                                            double start) {
  std::sort(d.begin(), d.end());
  double t = start;
  std::optional<double> median;
  for (int round = 0; round < kMaxRounds; ++round) {
    const auto from = static_cast<std::size_t>(std::lower_bound(d.begin(), d.end(), t) - d.begin());
    if (from == d.size()) {
      break;
    }
    median = median_of_sorted(d, from);
    const double next = std::max(floor, fraction * *median);
    const auto next_from = static_cast<std::size_t>(std::lower_bound(d.begin(), d.end(), next) - d.begin());
    if (next_from == from) {
      t = std::max(t, next);
      break;
    }
    t = next;
  }
  return {t, median};
}

Durations::Durations(std::size_t cap) : m_cap(cap) {}

Durations::~Durations() = default;

void Durations::add(double d) {
  ++m_n;
  if (m_file) {
    m_file->put(&d, sizeof d);
    return;
  }
  if (m_held.size() < m_cap) {
    m_held.push_back(d);
    return;
  }
  m_file = std::make_unique<SpillFile>();
  for (const double h : m_held) {
    m_file->put(&h, sizeof h);
  }
  m_held = std::vector<double>();
  m_file->put(&d, sizeof d);
}

std::pair<double, std::optional<double>> Durations::threshold(double floor, double fraction) {
  if (!m_file) {
    return too_fast_threshold(std::move(m_held), floor, fraction, floor);
  }
  // The durations >= t, read from the file.
  const auto at_least = [this](double t) -> ValuePass {
    return [this, t](const ValueVisit& visit) {
      m_file->rewind();
      for (double d = 0; m_file->get(&d, sizeof d);) {
        if (d >= t) {
          visit(d);
        }
      }
    };
  };
  const auto count = [&](double t) {
    std::size_t n = 0;
    at_least(t)([&](double) { ++n; });
    return n;
  };
  double t = floor;
  std::optional<double> median;
  std::size_t n = count(t);
  for (int round = 0; round < kMaxRounds && n > 0; ++round) {
    if (n <= m_cap) {  // the rest in memory, from t
      std::vector<double> held;
      held.reserve(n);
      at_least(t)([&](double d) { held.push_back(d); });
      return too_fast_threshold(std::move(held), floor, fraction, t);
    }
    // The median of the n durations >= t: the middle one, or the mean of the middle two.
    const ValuePass pass = at_least(t);
    const std::size_t mid = n / 2;  // ascending index
    const double upper = kth_largest_by_passes(pass, n, n - mid, m_cap);
    median = n % 2 == 1 ? upper : (kth_largest_by_passes(pass, n, n - mid + 1, m_cap) + upper) / 2;
    const double next = std::max(floor, fraction * *median);
    const std::size_t n_next = count(next);
    if (n_next == n) {
      t = std::max(t, next);
      break;
    }
    t = next;
    n = n_next;
  }
  return {t, median};
}

}  // namespace fbkit::clean
