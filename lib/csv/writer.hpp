// A buffered RFC 4180 writer: fields quoted only when needed, quotes doubled,
// LF record ends; optionally a UTF-8 BOM and formula neutralization for Excel.
#pragma once

#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/io.hpp"
#include "csv/scan.hpp"

namespace fbkit::csv {

struct WriterOptions {
  char delimiter = ',';
  bool bom = false;  // start with a UTF-8 BOM (Excel reads UTF-8 only with one)
  // A cell starting with = + - @ TAB or CR gets a leading apostrophe so that a
  // spreadsheet shows it as text instead of running it; plain numbers are left.
  bool neutralize_formulas = false;
  // The output continues bytes written by another Writer (a batch of rows
  // after the header): no BOM, and the first field is not the file's first.
  bool continues = false;
  // Buffered bytes at which the sink is written (the buffer grows to twice
  // this before a field makes it flush). A batch's writer whose output stays
  // buffered is given to the ordered output by flush_to() without a copy.
  std::size_t flush_at = std::size_t{1} << 20;
};

bool looks_like_formula(std::string_view value);

class Writer {
public:
  explicit Writer(ByteSink& sink, WriterOptions options = {});
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Appends a field to the current record.
  void field(std::string_view value);
  // Appends `count` fields already encoded as this writer would (delimiters
  // between them, quoted where needed), e.g. a row copied from the input.
  void encoded(std::string_view bytes, std::size_t count);
  // Ends the current record.
  void end_record();
  // Appends whole records already encoded as this writer would (by a writer
  // with `continues`, e.g. a batch's rows encoded on another thread).
  void records(std::string_view bytes);
  // The bytes buffered, not yet given to the sink; drop_buffered() forgets them
  // (a caller that took them from buffered() itself).
  std::string_view buffered() const { return {m_buf, m_size}; }
  void drop_buffered() { m_size = 0; }
  // Writes a whole record.
  template <typename Range>
  void record(const Range& fields) {
    for (const auto& f : fields) {
      field(std::string_view(f));
    }
    end_record();
  }
  // Writes buffered bytes to the sink.
  void flush();
  // Writes buffered bytes to `other` instead (a batch written by one thread
  // and put out in order by another).
  void flush_to(ByteSink& other);
  // Flushes and commits the sink (the atomic rename for files).
  void finish();

private:
  static constexpr std::size_t kFirstCapacity = std::size_t{64} << 10;
  // Room for n more bytes at the write position.
  char* reserve(std::size_t n) { return m_size + n <= m_capacity ? m_buf + m_size : grow(n); }
  char* grow(std::size_t n);
  // field()'s steps. Copies [p, end) to o (advanced) while no byte forces
  // quoting; false when one does (o is then anywhere past its start).
  bool copy_plain(const char* p, const char* end, char*& o) const;
  // The field in quotes, quotes doubled (formula: an apostrophe first); the new end.
  char* put_quoted(char* o, const char* p, const char* end, bool formula);
  // The field ends at o; flushes when the buffer is full enough.
  void commit_field(char* o);

  ByteSink& m_sink;
  WriterOptions m_options;
  ScanSet<5> m_special;  // bytes that force quoting
  ScanSet<1> m_quote;
  char* m_buf = nullptr;
  std::size_t m_capacity = 0;
  std::size_t m_size = 0;
  std::size_t m_fields_in_record = 0;
  bool m_last_field_empty = false;
  bool m_at_start = true;  // no field written yet
};

// Defined here so that the per-field fast path inlines into callers' loops.
inline void Writer::field(std::string_view value) {
  // Worst case: delimiter, two quotes, an apostrophe, every byte doubled, and
  // 16 bytes of slack for the block copy below.
  char* o = reserve(2 * value.size() + 20);
  // Text that starts with a BOM, first in a file without one, is quoted: a
  // reader drops a leading BOM as the file's own.
  bool bom_text = false;
  if (m_fields_in_record++ > 0) {
    *o++ = m_options.delimiter;
  } else if (m_at_start) {
    m_at_start = false;
    bom_text = !m_options.bom && value.substr(0, 3) == "\xEF\xBB\xBF";
  }
  m_last_field_empty = value.empty();
  const char* p = value.data();
  const char* end = p + value.size();
  const bool formula = m_options.neutralize_formulas && looks_like_formula(value);
  if (!formula && !bom_text) {
    // The common case: copy while looking for bytes that force quoting.
    char* start = o;
    if (copy_plain(p, end, o)) {
      commit_field(o);
      return;
    }
    o = start;  // start again, quoted
  } else if (formula && m_special.find(p, end) == end) {
    *o++ = '\'';
    std::memcpy(o, p, value.size());
    commit_field(o + value.size());
    return;
  }
  commit_field(put_quoted(o, p, end, formula));
}

inline bool Writer::copy_plain(const char* p, const char* end, char*& o) const {
#if defined(__SSE2__)
  while (p < end && (end - p >= 16 || ScanSet<5>::can_overread(p))) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o), v);
    int mask = m_special.hits(p);
    if (end - p < 16) {
      mask &= (1 << (end - p)) - 1;
      if (mask == 0) {
        o += end - p;
        return true;
      }
    }
    if (mask != 0) {
      return false;
    }
    p += 16;
    o += 16;
  }
#endif
  for (; p < end; ++p) {
    if (m_special.contains(*p)) {
      return false;
    }
    *o++ = *p;
  }
  return true;
}

inline char* Writer::put_quoted(char* o, const char* p, const char* end, bool formula) {
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
  return o;
}

inline void Writer::commit_field(char* o) {
  m_size = static_cast<std::size_t>(o - m_buf);
  if (m_size >= m_options.flush_at) {
    flush();
  }
}

// True when a spreadsheet would read the text as a formula (= + - @ TAB CR first),
// and it is not a plain number such as -12.5.
bool looks_like_formula(std::string_view value);

}  // namespace fbkit::csv
