// Shared by the fuzz targets: a source that hands out its bytes in small
// pieces (to reach every "need more input" path), and a check that aborts with
// a message, so that libFuzzer and the replay driver both report it as a crash.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "core/io.hpp"

namespace fbkit::fuzz {

// Reads `data` at most `piece` bytes at a time.
class PieceSource : public ByteSource {
public:
  PieceSource(std::string_view data, std::size_t piece, std::string name = "fuzz.csv")
      : m_data(data), m_piece(std::max<std::size_t>(piece, 1)), m_name(std::move(name)) {}
  std::size_t read(char* buf, std::size_t n) override {
    const std::size_t k = std::min({n, m_piece, m_data.size() - m_pos});
    std::memcpy(buf, m_data.data() + m_pos, k);
    m_pos += k;
    return k;
  }
  const std::string& name() const override { return m_name; }

private:
  std::string_view m_data;
  std::size_t m_pos = 0;
  std::size_t m_piece;
  std::string m_name;
};

// Aborts with `what` unless `ok`: a broken property is a crash to libFuzzer.
inline void check(bool ok, const char* what, const std::string& detail = {}) {
  if (!ok) {
    std::fprintf(stderr, "fuzz property violated: %s\n%s\n", what, detail.c_str());
    std::abort();
  }
}

// True if `s` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
inline bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) {  // truncated at the end
      return false;
    }
    for (std::size_t k = 1; k <= n; ++k) {
      const auto t = static_cast<unsigned char>(s[i + k]);
      if ((t & 0xC0) != 0x80) {
        return false;
      }
      cp = cp << 6 | (t & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

}  // namespace fbkit::fuzz
