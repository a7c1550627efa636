// A streaming RFC 4180 reader: quoted fields with delimiters, doubled quotes and
// line breaks; LF, CRLF and lone-CR record ends; a leading UTF-8 BOM dropped.
// Memory is one buffer that grows only to the longest record.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/io.hpp"
#include "csv/scan.hpp"

namespace fbkit::csv {

struct ReaderOptions {
  char delimiter = ',';
  // Strict (false): a malformed record throws DataError FILE:LINE:COL.
  // Lenient (true): it is salvaged and Record::problem says what was wrong.
  bool lenient = false;
  // A record longer than this is an error in both modes (a runaway quote, or a
  // file that is not CSV); it bounds memory.
  std::size_t max_record_bytes = std::size_t{64} << 20;
  // Once a header is known: a record with another field count throws (strict)
  // or is reported as Problem::width (lenient).
  bool check_width = true;
};

enum class Problem {
  none,
  malformed,  // a quoting error or NUL byte, salvaged
  width,      // the field count differs from the header's
};

// One record. The field views stay valid until the next Reader::next().
struct Record {
  std::vector<std::string_view> fields;
  std::int64_t line = 0;      // physical line the record starts on (1-based)
  std::int64_t end_line = 0;  // physical line it ends on
  Problem problem = Problem::none;
  std::string message;  // "FILE:LINE:COL: what" when problem != none

  std::size_t size() const { return fields.size(); }
  std::string_view operator[](std::size_t i) const { return fields[i]; }
};

class Reader {
public:
  explicit Reader(ByteSource& source, ReaderOptions options = {});
  // Parses records held in memory: [data, data + size) continues the file
  // named `name` at line `first_line`, after its header of `width` fields (no
  // BOM, no header to read; records are checked against `width`). The bytes
  // must outlive the reader, which collapses doubled quotes in place. A cut
  // at a record end is the caller's job (see BatchReader).
  Reader(std::string name, char* data, std::size_t size, std::int64_t first_line, std::size_t width,
         ReaderOptions options = {});
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // Reads the first record as the header (names trimmed of the BOM only) and
  // checks later records against its width. Throws DataError on an empty input.
  const std::vector<std::string>& read_header();
  const std::vector<std::string>& header() const { return m_header; }
  // Index of a header name, if present.
  std::optional<std::size_t> column(std::string_view name) const;

  // Reads the next record; false at end of input. Blank lines are skipped.
  bool next(Record& record);

  const std::string& name() const { return m_source != nullptr ? m_source->name() : m_name; }
  // The bytes read from the source but not parsed yet, and the line they
  // start on: after read_header(), where another parser can go on.
  std::string_view unread() const { return {m_buf + m_begin, m_end - m_begin}; }
  std::int64_t line() const { return m_line; }
  // Whether the source has been read to its end.
  bool source_done() const { return m_eof; }
  // Records returned so far (the header included).
  std::int64_t records_read() const { return m_records; }
  // Bytes parsed so far, counting a record parsed again after a read (it
  // needed more bytes) each time: the linear-time test of a runaway quote.
  std::uint64_t bytes_parsed() const { return m_bytes_parsed; }

private:
  enum class Parse { complete, need_more };
  enum class Quoted { closed, need_more, unterminated };

  Parse parse_record(const char* begin, const char* end, const char** record_end);
  // parse_record's steps (reader.cpp).
  void add_field(const char* from, const char* to, bool escaped);
  Parse unterminated(const char* begin, const char* field, const char* end, const char** record_end);
  Quoted closing_quote(const char*& p, const char* end, bool& escaped);
  const char* after_closing_quote(const char* begin, const char* p, const char* end);
  const char* unquoted_end(const char* begin, const char* p, const char* end);
  bool fill();
  // The next byte in [p, end) that ends an unquoted field, via a bit mask of
  // 64 bytes at a time that later fields of the same block reuse.
  const char* next_special(const char* p, const char* end);
  std::uint64_t specials64_sse2(const char* p) const;
  [[noreturn]] void fail(const char* record_begin, const char* at, const std::string& what);
  std::string where(const char* record_begin, const char* at) const;
  void note(const char* record_begin, const char* at, const std::string& what);

  ByteSource* m_source = nullptr;  // nullptr: parsing memory
  std::string m_name;              // the name when parsing memory
  bool m_owns_buffer = true;
  std::size_t m_width = 0;  // the field count records must have (0: unchecked)
  ReaderOptions m_options;
  ScanSet<5> m_unquoted;          // what ends an unquoted field
  ScanSet<3> m_quoted;            // what matters inside a quoted one
  const char* m_block = nullptr;  // the 64 bytes m_block_mask describes (nullptr: none)
  std::uint64_t m_block_mask = 0;
  bool m_avx2 = false;  // the CPU has AVX2 (checked once)
  char* m_buf = nullptr;
  std::size_t m_capacity = 0;
  bool m_read_filled = false;  // the last read filled the buffer: grow it
  std::size_t m_begin = 0;     // first unconsumed byte
  std::size_t m_end = 0;       // end of valid bytes
  bool m_eof = false;
  bool m_started = false;
  std::int64_t m_line = 1;  // line of m_begin
  std::int64_t m_records = 0;
  std::uint64_t m_bytes_parsed = 0;
  // The record being parsed: views into the buffer (rebuilt if the buffer
  // moves, since a record that needs more input is parsed again), and the
  // fields holding doubled quotes still to collapse.
  std::vector<std::string_view> m_fields;
  std::vector<std::uint32_t> m_escaped;
  std::int64_t m_lines_in_record = 0;
  std::int64_t m_literal_quote = -1;  // lenient retry: offset of a quote to take literally
  Problem m_problem = Problem::none;
  std::string m_message;
  std::vector<std::string> m_header;
};

// Guesses the delimiter (, TAB ; |) of a CSV sample: the candidate that gives the
// same field count > 1 on most of the first lines, quotes respected. ',' if none.
char sniff_delimiter(std::string_view sample);

}  // namespace fbkit::csv
