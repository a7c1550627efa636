// Finding the next of a few special bytes, 16 bytes at a time (SSE2, which every
// x86-64 has), with a portable fallback. The hot loop of the CSV reader and writer.
#pragma once

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#define FBKIT_NO_OVERREAD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FBKIT_NO_OVERREAD 1
#endif
#endif

namespace fbkit::csv {

// A set of N bytes to search for (N = 1 to 5).
template <int N>
class ScanSet {
  static_assert(N >= 1 && N <= 5);

public:
  template <typename... Chars>
  explicit ScanSet(Chars... chars) {
    static_assert(sizeof...(Chars) == N);
    const char list[] = {chars...};
    std::memset(m_table, 0, sizeof m_table);
    for (int i = 0; i < N; ++i) {
      m_table[static_cast<unsigned char>(list[i])] = 1;
#if defined(__SSE2__)
      m_v[i] = _mm_set1_epi8(list[i]);
#endif
    }
  }

  // First position in [p, end) holding one of the five bytes, or end.
  const char* find(const char* p, const char* end) const {
#if defined(__SSE2__)
    while (end - p >= 16) {
      if (const int mask = hits(p)) {
        return p + __builtin_ctz(static_cast<unsigned>(mask));
      }
      p += 16;
    }
    {
      // A short tail: one 16-byte load is safe when it stays within the page
      // (pages are mapped whole), and the hits past `end` are masked off.
      if (p < end && can_overread(p)) {
        const int mask = hits(p) & ((1 << (end - p)) - 1);
        return mask ? p + __builtin_ctz(static_cast<unsigned>(mask)) : end;
      }
    }
#endif
    for (; p < end; ++p) {
      if (m_table[static_cast<unsigned char>(*p)]) {
        return p;
      }
    }
    return end;
  }

#if defined(__SSE2__)
  // Bit i set when p[i] is in the set (16 bytes are read).
  int hits(const char* p) const {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i hit = _mm_cmpeq_epi8(v, m_v[0]);
    for (int i = 1; i < N; ++i) {  // unrolled by the compiler
      hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, m_v[i]));
    }
    return _mm_movemask_epi8(hit);
  }
#endif
  // Whether 16 bytes can be read at p although fewer belong to the string:
  // within one page, and not under AddressSanitizer.
  static bool can_overread(const char* p) {
#if defined(FBKIT_NO_OVERREAD) || !defined(__SSE2__)
    (void)p;
    return false;
#else
    return (reinterpret_cast<std::uintptr_t>(p) & 4095) <= 4096 - 16;
#endif
  }
  bool contains(char c) const {
    return m_table[static_cast<unsigned char>(c)] != 0;
  }

private:
#if defined(__SSE2__)
  __m128i m_v[N];
#endif
  unsigned char m_table[256];
};

}  // namespace fbkit::csv
