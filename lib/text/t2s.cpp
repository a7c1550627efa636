#include "text/t2s.hpp"

#include <opencc/opencc.h>

#include <cstdint>
#include <cstdlib>

#include "core/error.hpp"
#include "text/unicode.hpp"

namespace fbkit::text {

namespace {

void append_utf8(std::string& s, std::uint32_t c) {
  if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string convert_raw(void* od, std::string_view in) {
  char* r = opencc_convert_utf8(static_cast<opencc_t>(od), in.data(), in.size());
  if (r == nullptr) {
    throw Error(kExitData, std::string("OpenCC conversion failed: ") + opencc_error());
  }
  std::string s(r);
  opencc_convert_utf8_free(r);
  return s;
}

}  // namespace

TraditionalToSimplified::TraditionalToSimplified(const std::string& config)
    : m_state(std::make_unique<std::atomic<std::uint8_t>[]>(0x10000)) {
  m_od = opencc_open(config.c_str());
  if (reinterpret_cast<std::intptr_t>(m_od) == -1) {  // opencc_open's (opencc_t)-1
    throw ConfigError("cannot open the OpenCC configuration '" + config + "': " + opencc_error() +
                      " (is the libopencc-data package installed?)");
  }
}

bool TraditionalToSimplified::triggers(char32_t c) const {
  if (!is_cjk(c)) {
    return false;
  }
  const std::uint8_t state = m_state[c].load(std::memory_order_acquire);
  return state == kUnknown ? learn(c) : state == kChanged;
}

bool TraditionalToSimplified::learn(char32_t c) const {
  std::string orig;
  append_utf8(orig, static_cast<std::uint32_t>(c));
  const std::lock_guard<std::mutex> lock(m_mutex);
  const std::uint8_t state = m_state[c].load(std::memory_order_relaxed);
  if (state != kUnknown) {
    return state == kChanged;  // another thread asked first
  }
  const bool changed = convert_raw(m_od, orig) != orig;
  m_state[c].store(changed ? kChanged : kKept, std::memory_order_release);
  return changed;
}

TraditionalToSimplified::~TraditionalToSimplified() {
  opencc_close(static_cast<opencc_t>(m_od));
}

bool TraditionalToSimplified::may_change(std::string_view in) const {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const auto* end = p + in.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0xE0) {
      p += c < 0x80 ? 1 : 2;
      continue;
    }
    if (c < 0xF0) {
      if (end - p < 3) {
        return false;
      }
      const std::uint32_t cp = ((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
      if (triggers(cp)) {
        return true;
      }
      p += 3;
      continue;
    }
    // Supplementary planes: CJK Extensions B.. (U+20000..U+3FFFF) may be Traditional.
    if (c == 0xF0 && end - p >= 2 && p[1] >= 0xA0) {
      return true;
    }
    p += 4;
  }
  return false;
}

bool TraditionalToSimplified::convert(std::string_view in, std::string& out) const {
  if (!may_change(in) || !is_valid_utf8(in)) {
    out.assign(in);
    return false;
  }
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    out = convert_raw(m_od, in);
  }
  return out != in;
}

}  // namespace fbkit::text
