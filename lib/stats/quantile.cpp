#include "stats/quantile.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace fbkit::stats {

namespace {

std::size_t bucket_of(std::int64_t v) {
  static const double kLogGamma = std::log(QuantileSketch::kGamma);
  return static_cast<std::size_t>(std::max(0.0, std::ceil(std::log(static_cast<double>(v)) / kLogGamma)));
}

// The representative of bucket i: the point whose relative distance to both ends is equal.
double representative(std::size_t i) {
  return 2.0 * std::pow(QuantileSketch::kGamma, static_cast<double>(i)) / (QuantileSketch::kGamma + 1.0);
}

}  // namespace

void QuantileSketch::add(std::int64_t v) {
  ++m_count;
  if (m_histogram) {
    add_to_histogram(v, 1);
    return;
  }
  m_values.push_back(v);
  if (m_values.size() > kExactMax) {
    to_histogram();
  }
}

void QuantileSketch::add_to_histogram(std::int64_t v, std::int64_t times) {
  if (v <= 0) {
    m_zero += times;
    return;
  }
  const std::size_t b = bucket_of(v);
  if (b >= m_buckets.size()) {
    m_buckets.resize(b + 1, 0);
  }
  m_buckets[b] += times;
}

void QuantileSketch::to_histogram() {
  m_histogram = true;
  for (const std::int64_t v : m_values) {
    add_to_histogram(v, 1);
  }
  m_values.clear();
  m_values.shrink_to_fit();
}

void QuantileSketch::merge(const QuantileSketch& other) {
  if (!m_histogram && !other.m_histogram && m_values.size() + other.m_values.size() <= kExactMax) {
    m_values.insert(m_values.end(), other.m_values.begin(), other.m_values.end());
    m_count += other.m_count;
    return;
  }
  if (!m_histogram) {
    to_histogram();
  }
  m_count += other.m_count;
  if (other.m_histogram) {
    m_zero += other.m_zero;
    if (other.m_buckets.size() > m_buckets.size()) {
      m_buckets.resize(other.m_buckets.size(), 0);
    }
    for (std::size_t i = 0; i < other.m_buckets.size(); ++i) {
      m_buckets[i] += other.m_buckets[i];
    }
  } else {
    for (const std::int64_t v : other.m_values) {
      add_to_histogram(v, 1);
    }
  }
}

double QuantileSketch::nth(const std::vector<std::int64_t>& sorted, std::int64_t k) const {
  if (!m_histogram) {
    return static_cast<double>(sorted[static_cast<std::size_t>(k)]);
  }
  if (k < m_zero) {
    return 0;
  }
  std::int64_t seen = m_zero;
  for (std::size_t i = 0; i < m_buckets.size(); ++i) {
    seen += m_buckets[i];
    if (k < seen) {
      return representative(i);
    }
  }
  return representative(m_buckets.empty() ? 0 : m_buckets.size() - 1);
}

double QuantileSketch::median() const {
  if (m_count == 0) {
    return 0;
  }
  std::vector<std::int64_t> sorted;
  if (!m_histogram) {
    sorted = m_values;
    std::sort(sorted.begin(), sorted.end());
  }
  const std::int64_t mid = m_count / 2;
  if (m_count % 2 == 1) {
    return nth(sorted, mid);
  }
  return (nth(sorted, mid - 1) + nth(sorted, mid)) / 2.0;
}

std::string QuantileSketch::serialize() const {
  std::string out;
  if (!m_histogram) {
    // Sorted, so the text depends only on the multiset.
    std::vector<std::int64_t> v = m_values;
    std::sort(v.begin(), v.end());
    out.push_back('e');
    for (const std::int64_t x : v) {
      out += ' ';
      out += std::to_string(x);
    }
    return out;
  }
  out.push_back('h');
  out.push_back(' ');
  out += std::to_string(m_zero);
  for (std::size_t i = 0; i < m_buckets.size(); ++i) {
    if (m_buckets[i] != 0) {
      out += ' ';
      out += std::to_string(i);
      out += ':';
      out += std::to_string(m_buckets[i]);
    }
  }
  return out;
}

bool QuantileSketch::deserialize(std::string_view text) {
  *this = QuantileSketch();
  const auto number = [](std::string_view s, std::int64_t& v) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    return r.ec == std::errc() && r.ptr == s.data() + s.size() && v >= 0;
  };
  std::vector<std::string_view> words;
  for (std::size_t i = 0; i <= text.size();) {
    const std::size_t j = std::min(text.find(' ', i), text.size());
    words.push_back(text.substr(i, j - i));
    i = j + 1;
  }
  if (words.empty() || (words[0] != "e" && words[0] != "h")) {
    return false;
  }
  if (words[0] == "e") {
    for (std::size_t i = 1; i < words.size(); ++i) {
      std::int64_t v = 0;
      if (!number(words[i], v)) {
        return false;
      }
      m_values.push_back(v);
    }
    m_count = static_cast<std::int64_t>(m_values.size());
    return m_values.size() <= kExactMax;
  }
  m_histogram = true;
  if (words.size() < 2 || !number(words[1], m_zero)) {
    return false;
  }
  m_count = m_zero;
  for (std::size_t i = 2; i < words.size(); ++i) {
    const std::size_t colon = words[i].find(':');
    std::int64_t b = 0, c = 0;
    if (colon == std::string_view::npos || !number(words[i].substr(0, colon), b) ||
        !number(words[i].substr(colon + 1), c) || b > 100000) {
      return false;
    }
    if (static_cast<std::size_t>(b) >= m_buckets.size()) {
      m_buckets.resize(static_cast<std::size_t>(b) + 1, 0);
    }
    m_buckets[static_cast<std::size_t>(b)] += c;
    m_count += c;
  }
  return true;
}

}  // namespace fbkit::stats
