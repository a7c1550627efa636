#include "csv/writer.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

#include "core/strings.hpp"

namespace fbkit::csv {

bool looks_like_formula(std::string_view value) {
  if (value.empty()) {
    return false;
  }
  const char c = value[0];
  if (c != '=' && c != '+' && c != '-' && c != '@' && c != '\t' && c != '\r') {
    return false;
  }
  return !is_decimal(value);
}

Writer::Writer(ByteSink& sink, WriterOptions options)
    : m_sink(sink), m_options(options), m_special(options.delimiter, '"', '\n', '\r', '\0'), m_quote('"') {
  m_capacity = kFirstCapacity;
  m_buf = static_cast<char*>(std::malloc(m_capacity));
  if (m_buf == nullptr) {
    throw std::bad_alloc();
  }
  m_at_start = !m_options.continues;
  if (m_options.bom && !m_options.continues) {
    std::memcpy(m_buf, "\xEF\xBB\xBF", 3);
    m_size = 3;
  }
}

Writer::~Writer() {
  std::free(m_buf);
}

char* Writer::grow(std::size_t n) {
  // The buffer starts small and doubles up to twice the flush size before a
  // flush makes room: a Writer for a few records (a batch, a test) costs no
  // megabytes (under ASan each large allocation is a fresh mmap).
  std::size_t want = m_capacity;
  while (m_size + n > want && want < m_options.flush_at * 2) {
    want *= 2;
  }
  if (m_size + n > want) {
    flush();
    want = std::max(want, n);
  }
  if (want > m_capacity) {
    char* bigger = static_cast<char*>(std::realloc(m_buf, want));
    if (bigger == nullptr) {
      throw std::bad_alloc();
    }
    m_buf = bigger;
    m_capacity = want;
  }
  return m_buf + m_size;
}

void Writer::encoded(std::string_view bytes, std::size_t count) {
  if (count == 0) {
    return;
  }
  char* o = reserve(bytes.size() + 1);
  if (m_fields_in_record > 0) {
    *o++ = m_options.delimiter;
  }
  m_at_start = false;
  std::memcpy(o, bytes.data(), bytes.size());
  m_size = static_cast<std::size_t>(o + bytes.size() - m_buf);
  m_fields_in_record += count;
  m_last_field_empty = count == 1 && bytes.empty();
  if (m_size >= m_options.flush_at) {
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

void Writer::records(std::string_view bytes) {
  m_at_start = false;
  if (bytes.size() >= m_options.flush_at / 4) {
    flush();
    m_sink.write(bytes.data(), bytes.size());
    return;
  }
  char* o = reserve(bytes.size());
  std::memcpy(o, bytes.data(), bytes.size());
  m_size += bytes.size();
  if (m_size >= m_options.flush_at) {
    flush();
  }
}

void Writer::flush() {
  if (m_size > 0) {
    m_sink.write(m_buf, m_size);
    m_size = 0;
  }
}

void Writer::flush_to(ByteSink& other) {
  if (m_size > 0) {
    other.write(m_buf, m_size);
    m_size = 0;
  }
}

void Writer::finish() {
  flush();
  m_sink.commit();
}

}  // namespace fbkit::csv
