#include "csv/reader.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "core/error.hpp"
#include "core/progress.hpp"
#include "core/strings.hpp"
#include "csv/empty_input.hpp"

namespace fbkit::csv {

namespace {

#if defined(__x86_64__) && defined(__GNUC__)
#define FBKIT_HAVE_AVX2_PATH 1
// Bits of the bytes in p[0..32) that end an unquoted field (AVX2).
__attribute__((target("avx2"))) inline std::uint32_t specials32(const char* p, char delim) {
  const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  __m256i h = _mm256_cmpeq_epi8(v, _mm256_set1_epi8(delim));
  h = _mm256_or_si256(h, _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\n')));
  h = _mm256_or_si256(h, _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\r')));
  h = _mm256_or_si256(h, _mm256_cmpeq_epi8(v, _mm256_set1_epi8('"')));
  h = _mm256_or_si256(h, _mm256_cmpeq_epi8(v, _mm256_setzero_si256()));
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(h));
}

__attribute__((target("avx2"))) std::uint64_t specials64_avx2(const char* p, char delim) {
  return static_cast<std::uint64_t>(specials32(p, delim)) | static_cast<std::uint64_t>(specials32(p + 32, delim)) << 32;
}
#endif

// The buffer: kFirstChunk, doubled while reads fill it, up to kChunk (under ASan a big malloc is an mmap).
constexpr std::size_t kChunk = std::size_t{1} << 20, kFirstChunk = std::size_t{64} << 10;
// A record still incomplete at this size is read on until it doubles before
// it is parsed again; smaller ones are retried after every read (a live pipe).
constexpr std::size_t kRescanFrom = std::size_t{64} << 10;
constexpr std::int64_t kProgressRows = 1024;  // rows handed to the progress meter at a time (a power of two)

}  // namespace

Reader::Reader(ByteSource& source, ReaderOptions options)
    : m_source(&source),
      m_options(options),
      m_unquoted(options.delimiter, '\n', '\r', '"', '\0'),
      m_quoted('"', '\n', '\r') {  // NUL is data once quoted
#if defined(__x86_64__) && defined(__GNUC__)
  m_avx2 = __builtin_cpu_supports("avx2");
#endif
  m_capacity = kFirstChunk;
  m_buf = static_cast<char*>(std::malloc(m_capacity));
  if (m_buf == nullptr) {
    throw std::bad_alloc();
  }
}

Reader::Reader(std::string name, char* data, std::size_t size, std::int64_t first_line, std::size_t width,
               ReaderOptions options)
    : m_name(std::move(name)),
      m_owns_buffer(false),
      m_width(width),
      m_options(options),
      m_unquoted(options.delimiter, '\n', '\r', '"', '\0'),
      m_quoted('"', '\n', '\r') {
#if defined(__x86_64__) && defined(__GNUC__)
  m_avx2 = __builtin_cpu_supports("avx2");
#endif
  m_buf = data;
  m_capacity = size;
  m_end = size;
  m_eof = true;
  m_started = true;
  m_line = first_line;
}

Reader::~Reader() {
  progress::add_rows(static_cast<std::uint64_t>(m_records) & (kProgressRows - 1));
  if (m_owns_buffer) {
    std::free(m_buf);
  }
}

const char* Reader::next_special(const char* p, const char* end) {
#if defined(__SSE2__)
  if (m_block != nullptr && p >= m_block && p < m_block + 64) {
    const std::uint64_t rest = m_block_mask >> (p - m_block);
    if (rest != 0) {
      return p + __builtin_ctzll(rest);
    }
    p = m_block + 64;
  }
  while (end - p >= 64) {
#if defined(FBKIT_HAVE_AVX2_PATH)
    const std::uint64_t mask = m_avx2 ? specials64_avx2(p, m_options.delimiter) : specials64_sse2(p);
#else
    const std::uint64_t mask = specials64_sse2(p);
#endif
    m_block = p;
    m_block_mask = mask;
    if (mask != 0) {
      return p + __builtin_ctzll(mask);
    }
    p += 64;
  }
  m_block = nullptr;
#endif
  return m_unquoted.find(p, end);
}

#if defined(__SSE2__)
// Bits of the bytes in p[0..64) that end an unquoted field (SSE2).
std::uint64_t Reader::specials64_sse2(const char* p) const {
  return static_cast<std::uint64_t>(static_cast<std::uint16_t>(m_unquoted.hits(p))) |
         static_cast<std::uint64_t>(static_cast<std::uint16_t>(m_unquoted.hits(p + 16))) << 16 |
         static_cast<std::uint64_t>(static_cast<std::uint16_t>(m_unquoted.hits(p + 32))) << 32 |
         static_cast<std::uint64_t>(static_cast<std::uint16_t>(m_unquoted.hits(p + 48))) << 48;
}
#endif

bool Reader::fill() {
  m_block = nullptr;  // the buffer is about to move
  if (m_eof) {
    return false;
  }
  if (m_begin > 0) {  // keep the unfinished record, drop what was consumed
    std::memmove(m_buf, m_buf + m_begin, m_end - m_begin);
    m_end -= m_begin;
    m_begin = 0;
  }
  const bool full = m_end == m_capacity;
  if (full || (m_read_filled && m_capacity < std::min(kChunk, m_options.max_record_bytes))) {
    if (full && m_capacity >= m_options.max_record_bytes) {
      throw DataError(Location{name(), m_line, 0}, "record is longer than " +
                                                       std::to_string(m_options.max_record_bytes >> 20) +
                                                       " MiB (an unterminated quote, or not a CSV file?)");
    }
    const std::size_t grown = std::min(m_capacity * 2, m_options.max_record_bytes);
    char* bigger = static_cast<char*>(std::realloc(m_buf, grown));
    if (bigger == nullptr) {
      throw std::bad_alloc();
    }
    m_buf = bigger;
    m_capacity = grown;
  }
  const std::size_t got = m_source->read(m_buf + m_end, m_capacity - m_end);
  if (got == 0) {
    m_eof = true;
    return false;
  }
  m_end += got;
  m_read_filled = m_end == m_capacity;
  if (!m_started) {
    // A BOM split across reads: read on until 3 bytes or the end. (Returning
    // fill()'s answer here lost a whole input of one or two bytes, "a\n".)
    while (m_end < 3 && !m_eof) {
      const std::size_t more = m_source->read(m_buf + m_end, m_capacity - m_end);
      m_eof = more == 0;
      m_end += more;
    }
    m_started = true;
    if (m_end >= 3 && std::memcmp(m_buf, "\xEF\xBB\xBF", 3) == 0) {
      m_begin = 3;
    }
  }
  return true;
}

std::string Reader::where(const char* record_begin, const char* at) const {
  std::int64_t line = m_line;
  const char* line_start = record_begin;
  for (const char* p = record_begin; p < at; ++p) {
    if (*p == '\n' || (*p == '\r' && (p + 1 == at || p[1] != '\n'))) {
      ++line;
      line_start = p + 1;
    }
  }
  return Location{name(), line,
                  static_cast<std::int64_t>(utf8_chars(std::string_view(line_start, at - line_start))) + 1}
      .str();
}

void Reader::note(const char* record_begin, const char* at, const std::string& what) {
  if (m_problem == Problem::none) {
    m_problem = Problem::malformed;
    m_message = where(record_begin, at) + ": " + what;
  }
}

void Reader::fail(const char* record_begin, const char* at, const std::string& what) {
  throw DataError(where(record_begin, at) + ": " + what);
}

void Reader::add_field(const char* from, const char* to, bool escaped) {
  if (escaped) {
    m_escaped.push_back(static_cast<std::uint32_t>(m_fields.size()));
  }
  m_fields.emplace_back(from, static_cast<std::size_t>(to - from));
}

// The closing quote of a quoted field, from p (past its opening quote); p ends
// on it. escaped: the field holds a doubled quote.
Reader::Quoted Reader::closing_quote(const char*& p, const char* end, bool& escaped) {
  for (;;) {
    p = m_quoted.find(p, end);
    if (p == end) {
      return m_eof ? Quoted::unterminated : Quoted::need_more;
    }
    if (*p == '"') {
      if (p + 1 == end && !m_eof) {
        return Quoted::need_more;
      }
      if (p + 1 < end && p[1] == '"') {
        escaped = true;
        p += 2;
        continue;
      }
      return Quoted::closed;
    }
    // A line break inside the field: LF, or a CR that is not the start of CRLF.
    const bool cr = *p != '\n';
    if (cr && p + 1 == end && !m_eof) {
      return Quoted::need_more;  // a CR: is it CRLF?
    }
    if (!cr || p + 1 == end || p[1] != '\n') {
      ++m_lines_in_record;
    }
    ++p;
  }
}

// Text after a closing quote (p): an error, or (lenient) a note and the end of
// the field as written, at the next delimiter or line end.
const char* Reader::after_closing_quote(const char* begin, const char* p, const char* end) {
  if (!m_options.lenient) {
    fail(begin, p, "unexpected text after a closing quote");
  }
  note(begin, p, "unexpected text after a closing quote; the field was kept as written");
  // Salvage: the field is everything as written up to the next delimiter.
  p = m_unquoted.find(p, end);
  while (p < end && (*p == '"' || *p == '\0')) {
    p = m_unquoted.find(p + 1, end);
  }
  return p;
}

// The end of the unquoted field at p: a delimiter, a line end or `end`. A quote
// or NUL inside is an error, or (lenient) a note.
const char* Reader::unquoted_end(const char* begin, const char* p, const char* end) {
  p = next_special(p, end);
  while (p < end && (*p == '"' || *p == '\0')) {
    if (!m_options.lenient) {
      fail(begin, p,
           *p == '"' ? "quote inside an unquoted field (quote the field and double it)"
                     : "NUL byte in a field (a binary or UTF-16 file?)");
    }
    note(begin, p, *p == '"' ? "quote inside an unquoted field, kept as text" : "NUL byte in a field, kept");
    p = next_special(p + 1, end);
  }
  return p;
}

// A quoted field at `field` that the input ends inside: an error, or (lenient)
// the record parsed again with that quote taken literally.
Reader::Parse Reader::unterminated(const char* begin, const char* field, const char* end, const char** record_end) {
  if (!m_options.lenient) {
    fail(begin, field, "unterminated quoted field (the quote opened here is never closed)");
  }
  m_literal_quote = field - begin;
  const Parse again = parse_record(begin, end, record_end);
  m_literal_quote = -1;
  m_problem = Problem::malformed;
  m_message = where(begin, field) + ": unterminated quoted field; the quote was kept as text";
  return again;
}

// Parses one record starting at `begin`. On need_more nothing is consumed: the
// caller reads more input and parses the record again from its start.
Reader::Parse Reader::parse_record(const char* begin, const char* end, const char** record_end) {
  const char delim = m_options.delimiter;
  m_fields.clear();
  m_escaped.clear();
  m_lines_in_record = 0;
  m_problem = Problem::none;
  m_message.clear();
  const char* p = begin;
  const auto add = [this](const char* from, const char* to, bool escaped) { add_field(from, to, escaped); };
  for (;;) {
    const char* field = p;
    const bool literal = m_literal_quote >= 0 && field - begin == m_literal_quote;
    if (p < end && *p == '"' && !literal) {
      ++p;
      const char* content = p;
      bool escaped = false;
      const Quoted q = closing_quote(p, end, escaped);
      if (q == Quoted::need_more) {
        return Parse::need_more;
      }
      if (q == Quoted::unterminated) {
        return unterminated(begin, field, end, record_end);
      }
      const char* close = p++;
      if (p == end) {
        if (!m_eof) {
          return Parse::need_more;
        }
        add(content, close, escaped);
        *record_end = p;
        return Parse::complete;
      }
      if (*p == delim || *p == '\n' || *p == '\r') {
        add(content, close, escaped);
      } else {
        p = after_closing_quote(begin, p, end);
        if (p == end && !m_eof) {
          return Parse::need_more;
        }
        add(field, p, false);
        if (p == end) {
          *record_end = p;
          return Parse::complete;
        }
      }
    } else {
      p = unquoted_end(begin, p, end);
      if (p == end) {
        if (!m_eof) {
          return Parse::need_more;
        }
        add(field, p, false);
        *record_end = p;
        return Parse::complete;
      }
      add(field, p, false);
    }
    // p is at a delimiter or a line end.
    if (*p == delim) {
      ++p;
      continue;
    }
    if (*p == '\r') {
      if (p + 1 == end && !m_eof) {
        return Parse::need_more;
      }
      p += (p + 1 < end && p[1] == '\n') ? 2 : 1;
    } else {
      ++p;
    }
    ++m_lines_in_record;
    *record_end = p;
    return Parse::complete;
  }
}

bool Reader::next(Record& record) {
  for (;;) {
    if (m_begin == m_end) {
      if (!fill()) {
        return false;
      }
      continue;
    }
    // Blank lines between records hold no data and are skipped.
    const char c = m_buf[m_begin];
    if (c == '\n' || c == '\r') {
      if (c == '\r' && m_begin + 1 == m_end && !m_eof) {
        fill();  // is it CRLF?
        continue;
      }
      if (c == '\r' && m_begin + 1 < m_end && m_buf[m_begin + 1] == '\n') {
        ++m_begin;
      }
      ++m_begin;
      ++m_line;
      continue;
    }
    const char* record_end = nullptr;
    const Parse result = parse_record(m_buf + m_begin, m_buf + m_end, &record_end);
    m_bytes_parsed += (result == Parse::need_more ? m_end : static_cast<std::size_t>(record_end - m_buf)) - m_begin;
    if (result == Parse::need_more) {
      // The record is parsed again from its start: once it is large, read
      // until it has doubled (or the buffer is full at the limit) before that,
      // so that a runaway quote costs linear time, not one pass per read.
      const std::size_t pending = m_end - m_begin;
      const std::size_t target = pending < kRescanFrom ? 0 : std::min(2 * pending, m_options.max_record_bytes);
      do {
        if (!fill()) {
          break;
        }
      } while (m_end - m_begin < target && !(m_end == m_capacity && m_capacity >= m_options.max_record_bytes));
      continue;
    }
    for (const std::uint32_t k : m_escaped) {  // collapse "" to " in place; the result is shorter
      char* f = const_cast<char*>(m_fields[k].data());
      const std::size_t len = m_fields[k].size();
      char* out = f;
      for (std::size_t n = 0; n < len; ++n) {
        *out++ = f[n];
        if (f[n] == '"' && n + 1 < len && f[n + 1] == '"') {
          ++n;
        }
      }
      m_fields[k] = std::string_view(f, static_cast<std::size_t>(out - f));
    }
    record.fields.swap(m_fields);
    record.line = m_line;
    record.end_line = m_line + m_lines_in_record - (m_lines_in_record > 0 ? 1 : 0);
    record.problem = m_problem;
    record.message = m_message;
    m_line += m_lines_in_record;
    m_begin = static_cast<std::size_t>(record_end - m_buf);
    if ((++m_records & (kProgressRows - 1)) == 0) {
      progress::add_rows(kProgressRows);
    }
    if (m_options.check_width && m_width != 0 && record.fields.size() != m_width && record.problem == Problem::none) {
      const std::size_t n = record.fields.size();
      const std::string msg = Location{name(), record.line, 0}.str() + ": record has " + std::to_string(n) +
                              (n == 1 ? " field" : " fields") + ", the header has " + std::to_string(m_width);
      if (!m_options.lenient) {
        throw DataError(msg);
      }
      record.problem = Problem::width;
      record.message = msg;
    }
    return true;
  }
}

const std::vector<std::string>& Reader::read_header() {
  Record rec;
  if (!next(rec)) {
    throw EmptyInputError(Location{name(), 0, 0}.str() + ": empty input: no header row");
  }
  if (rec.problem != Problem::none) {
    throw DataError(rec.message + " (in the header row)");
  }
  m_header.assign(rec.fields.begin(), rec.fields.end());
  m_width = m_header.size();
  return m_header;
}

std::optional<std::size_t> Reader::column(std::string_view name) const {
  for (std::size_t i = 0; i < m_header.size(); ++i) {
    if (m_header[i] == name) {
      return i;
    }
  }
  return std::nullopt;
}

char sniff_delimiter(std::string_view sample) {
  const char candidates[] = {',', '\t', ';', '|'};
  char best = ',';
  int best_score = 0;
  for (const char d : candidates) {
    // Field counts of the first complete lines, quotes respected.
    std::vector<int> counts;
    int fields = 1;
    bool in_quotes = false;
    for (std::size_t i = 0; i < sample.size() && counts.size() < 20; ++i) {
      const char c = sample[i];
      if (c == '"') {
        in_quotes = !in_quotes;
      } else if (!in_quotes && c == d) {
        ++fields;
      } else if (!in_quotes && (c == '\n' || c == '\r')) {
        if (c == '\r' && i + 1 < sample.size() && sample[i + 1] == '\n') {
          ++i;
        }
        counts.push_back(fields);
        fields = 1;
      }
    }
    if (counts.empty()) {
      counts.push_back(fields);
    }
    if (counts[0] < 2) {
      continue;
    }
    const int same = static_cast<int>(std::count(counts.begin(), counts.end(), counts[0]));
    const int score = same * 1000 + counts[0];
    if (score > best_score) {
      best_score = score;
      best = d;
    }
  }
  return best;
}

}  // namespace fbkit::csv
