// Order statistics over more values than memory should hold: the values are
// visited again on each pass (re-reading a file), and the answer is narrowed
// 16 bits of the value at a time by counting into a 65,536-bucket histogram.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

namespace fbkit {

// pass(visit) calls visit(v) once for every value, in any order, each time.
using ValueVisit = std::function<void(double)>;
using ValuePass = std::function<void(const ValueVisit&)>;

// The k-th largest (k from 1) of the n values `pass` visits. Exact. Holds at
// most `cap` values (8 bytes each) plus the histogram (512 KiB); at most four
// counting passes and one collecting pass. Requires 1 <= k <= n.
double kth_largest_by_passes(const ValuePass& pass, std::size_t n, std::size_t k, std::size_t cap);

// An order-preserving key of a double: a larger key is a larger value.
std::uint64_t order_key(double v);
double from_order_key(std::uint64_t key);

}  // namespace fbkit
