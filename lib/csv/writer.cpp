#include "csv/writer.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <cstdlib>
#include <cstring>
#include <new>

namespace fbkit::csv {

namespace {
constexpr std::size_t kFlushAt = std::size_t{1} << 20;

bool is_plain_number(std::string_view v) {
  std::size_t i = 0;
  if (i < v.size() && (v[i] == '-' || v[i] == '+')) {
    ++i;
  }
  bool digits = false;
  bool dot = false;
  for (; i < v.size(); ++i) {
    if (v[i] >= '0' && v[i] <= '9') {
      digits = true;
    } else if (v[i] == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits;
}
}  // namespace

bool looks_like_formula(std::string_view value) {
  if (value.empty()) {
    return false;
  }
  const char c = value[0];
  if (c != '=' && c != '+' && c != '-' && c != '@' && c != '\t' && c != '\r') {
    return false;
  }
  return !is_plain_number(value);
}

Writer::Writer(ByteSink& sink, WriterOptions options)
    : m_sink(sink),
      m_options(options),
      m_special(options.delimiter, '"', '\n', '\r', '\0'),
      m_quote('"') {
  m_capacity = kFlushAt * 2;
  m_buf = static_cast<char*>(std::malloc(m_capacity));
  if (m_buf == nullptr) {
    throw std::bad_alloc();
  }
  if (m_options.bom) {
    std::memcpy(m_buf, "\xEF\xBB\xBF", 3);
    m_size = 3;
  }
}

Writer::~Writer() { std::free(m_buf); }

char* Writer::grow(std::size_t n) {
  {
    flush();
    if (n > m_capacity) {
      char* bigger = static_cast<char*>(std::realloc(m_buf, n));
      if (bigger == nullptr) {
        throw std::bad_alloc();
      }
      m_buf = bigger;
      m_capacity = n;
    }
  }
  return m_buf + m_size;
}

void Writer::field(std::string_view value) {
  // Worst case: delimiter, two quotes, an apostrophe, every byte doubled, and
  // 16 bytes of slack for the block copy below.
  char* o = reserve(2 * value.size() + 20);
  if (m_fields_in_record++ > 0) {
    *o++ = m_options.delimiter;
  }
  m_last_field_empty = value.empty();
  const char* p = value.data();
  const char* end = p + value.size();
  const bool formula = m_options.neutralize_formulas && looks_like_formula(value);
  bool quote = false;
  if (!formula) {
    // The common case: copy while looking for bytes that force quoting.
    char* start = o;
#if defined(__SSE2__)
    while (p < end && (end - p >= 16 || ScanSet<5>::can_overread(p))) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(o), v);
      int mask = m_special.hits(p);
      if (end - p < 16) {
        mask &= (1 << (end - p)) - 1;
        if (mask == 0) {
          o += end - p;
          p = end;
          break;
        }
      }
      if (mask != 0) {
        quote = true;
        break;
      }
      p += 16;
      o += 16;
    }
#endif
    for (; p < end && !quote; ++p) {
      quote = m_special.contains(*p);
      *o++ = *p;
    }
    if (!quote) {
      m_size = static_cast<std::size_t>(o - m_buf);
      if (m_size >= kFlushAt) {
        flush();
      }
      return;
    }
    o = start;  // start again, quoted
    p = value.data();
  } else if (m_special.find(p, end) == end) {
    *o++ = '\'';
    std::memcpy(o, p, value.size());
    m_size = static_cast<std::size_t>(o + value.size() - m_buf);
    if (m_size >= kFlushAt) {
      flush();
    }
    return;
  }
  *o++ = '"';
  if (formula) {
    *o++ = '\'';
  }
  for (;;) {
    const char* q = m_quote.find(p, end);
    std::memcpy(o, p, static_cast<std::size_t>(q - p));
    o += q - p;
    if (q == end) {
      break;
    }
    *o++ = '"';
    *o++ = '"';
    p = q + 1;
  }
  *o++ = '"';
  m_size = static_cast<std::size_t>(o - m_buf);
  if (m_size >= kFlushAt) {
    flush();
  }
}

void Writer::end_record() {
  // A record of one empty field would be a blank line, which readers skip.
  char* o = reserve(3);
  if (m_fields_in_record == 1 && m_last_field_empty) {
    *o++ = '"';
    *o++ = '"';
  }
  *o++ = '\n';
  m_size = static_cast<std::size_t>(o - m_buf);
  m_fields_in_record = 0;
}

void Writer::flush() {
  if (m_size > 0) {
    m_sink.write(m_buf, m_size);
    m_size = 0;
  }
}

void Writer::finish() {
  flush();
  m_sink.commit();
}

}  // namespace fbkit::csv
