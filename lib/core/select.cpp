#include "core/select.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

namespace fbkit {

std::uint64_t order_key(double v) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof bits);
  return (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
}

double from_order_key(std::uint64_t key) {
  const std::uint64_t bits = (key >> 63) != 0 ? key & ~(std::uint64_t{1} << 63) : ~key;
  double v = 0;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

double kth_largest_by_passes(const ValuePass& pass, std::size_t n, std::size_t k, std::size_t cap) {
  // The values whose key starts with `prefix` (`bits` long) hold the k-th largest.
  std::uint64_t prefix = 0;
  int bits = 0;
  std::size_t candidates = n;
  std::vector<std::uint64_t> counts;
  for (;;) {
    const auto in_prefix = [&](std::uint64_t key) { return bits == 0 || key >> (64 - bits) == prefix; };
    if (candidates <= cap) {
      std::vector<double> held;
      held.reserve(candidates);
      pass([&](double v) {
        if (in_prefix(order_key(v))) {
          held.push_back(v);
        }
      });
      std::nth_element(held.begin(), held.begin() + static_cast<std::ptrdiff_t>(k - 1), held.end(), std::greater<>());
      return held[k - 1];
    }
    counts.assign(std::size_t{1} << 16, 0);
    const int shift = 64 - bits - 16;
    pass([&](double v) {
      const std::uint64_t key = order_key(v);
      if (in_prefix(key)) {
        ++counts[(key >> shift) & 0xFFFF];
      }
    });
    // From the largest bucket down to the one holding the k-th largest.
    std::size_t bucket = counts.size();
    while (bucket > 0) {
      --bucket;
      if (counts[bucket] >= k) {
        break;
      }
      k -= counts[bucket];
    }
    prefix = (prefix << 16) | bucket;
    bits += 16;
    candidates = counts[bucket];
    if (bits == 64) {
      return from_order_key(prefix);  // every candidate is this very value
    }
  }
}

}  // namespace fbkit
