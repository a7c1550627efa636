// Quantiles of non-negative integers (resolution times in seconds) in bounded,
// mergeable memory: the values themselves up to kExactMax per group, then a
// logarithmic histogram whose answers are within kRelativeError of the exact
// quantile's value. The state depends only on the multiset of values added, so
// merging parts gives the same state, and the same answers, as one pass.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fbkit::stats {

class QuantileSketch {
public:
  static constexpr std::size_t kExactMax = 2048;
  static constexpr double kGamma = 1.02;
  static constexpr double kRelativeError = (kGamma - 1) / (kGamma + 1);  // < 1%

  // Adds a value >= 0.
  void add(std::int64_t v);
  void merge(const QuantileSketch& other);
  std::int64_t count() const { return m_count; }
  bool exact() const { return !m_histogram; }
  // The median: the middle value, or the mean of the two middle values.
  double median() const;

  // A compact text form ("e v v v" or "h zero i:c i:c"), and back (false if malformed).
  std::string serialize() const;
  bool deserialize(std::string_view text);

private:
  void to_histogram();
  void add_to_histogram(std::int64_t v, std::int64_t times);
  // The k-th smallest (0-based) value: from `sorted` (exact mode) or the bucket's representative.
  double nth(const std::vector<std::int64_t>& sorted, std::int64_t k) const;

  std::int64_t m_count = 0;
  bool m_histogram = false;
  std::vector<std::int64_t> m_values;   // exact mode
  std::int64_t m_zero = 0;              // histogram: values equal to 0
  std::vector<std::int64_t> m_buckets;  // histogram: bucket i holds (gamma^(i-1), gamma^i]
};

}  // namespace fbkit::stats
