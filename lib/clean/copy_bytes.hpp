// A copy of a few bytes without a call: for the short fields and references
// clean copies once per row (a call of memcpy costs more than such a copy).
#pragma once

#include <cstddef>
#include <cstring>

namespace fbkit::clean {

// Copies n bytes from `from` to `to` (not overlapping). Up to 32 bytes: two
// fixed-size copies that may overlap, which compile to a few loads and stores.
inline void copy_bytes(char* to, const char* from, std::size_t n) {
  if (n > 32) {
    std::memcpy(to, from, n);
  } else if (n >= 16) {
    std::memcpy(to, from, 16);
    std::memcpy(to + n - 16, from + n - 16, 16);
  } else if (n >= 8) {
    std::memcpy(to, from, 8);
    std::memcpy(to + n - 8, from + n - 8, 8);
  } else if (n >= 4) {
    std::memcpy(to, from, 4);
    std::memcpy(to + n - 4, from + n - 4, 4);
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      to[i] = from[i];
    }
  }
}

}  // namespace fbkit::clean
