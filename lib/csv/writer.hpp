// A buffered RFC 4180 writer: fields quoted only when needed, quotes doubled,
// LF record ends; optionally a UTF-8 BOM and formula neutralization for Excel.
#pragma once

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
};

class Writer {
public:
  explicit Writer(ByteSink& sink, WriterOptions options = {});
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Appends a field to the current record.
  void field(std::string_view value);
  // Ends the current record.
  void end_record();
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
  // Flushes and commits the sink (the atomic rename for files).
  void finish();

private:
  // Room for n more bytes at the write position.
  char* reserve(std::size_t n) {
    return m_size + n <= m_capacity ? m_buf + m_size : grow(n);
  }
  char* grow(std::size_t n);

  ByteSink& m_sink;
  WriterOptions m_options;
  ScanSet<5> m_special;  // bytes that force quoting
  ScanSet<1> m_quote;
  char* m_buf = nullptr;
  std::size_t m_capacity = 0;
  std::size_t m_size = 0;
  std::size_t m_fields_in_record = 0;
  bool m_last_field_empty = false;
};

// True when a spreadsheet would read the text as a formula (= + - @ TAB CR first),
// and it is not a plain number such as -12.5.
bool looks_like_formula(std::string_view value);

}  // namespace fbkit::csv
