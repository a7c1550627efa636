// Where import reads records from: a CSV/TSV file in any supported encoding,
// or one sheet of an xlsx workbook, both as rows of UTF-8 text.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "text/encoding.hpp"
#include "xlsx/archive.hpp"

namespace fbkit::import {

struct SourceOptions {
  std::optional<text::Encoding> encoding;  // forced; otherwise detected per file
  text::BadBytes bad_bytes = text::BadBytes::error;
  char delimiter = 0;  // 0 = sniff (.tsv: tab)
  std::string sheet;   // xlsx: sheet name, empty = first
  // xlsx: the inflated size of any part (FBKIT_XLSX_MAX_MEMBER_BYTES).
  std::uint64_t xlsx_max_part_bytes = xlsx::kDefaultMaxPartBytes;
  std::size_t max_record_bytes = std::size_t{64} << 20;
};

struct Row {
  std::vector<std::string> fields;
  std::int64_t line = 0;      // physical line (CSV) or sheet row number (xlsx)
  std::int64_t end_line = 0;  // the physical line it ends on
  std::string problem;        // "malformed_csv" / "field_count" when the row is broken
  std::string message;        // FILE:LINE:COL: what
};

class RowSource {
public:
  virtual ~RowSource() = default;
  // The header row, names as written (BOM dropped).
  virtual const std::vector<std::string>& header() const = 0;
  virtual bool next(Row& row) = 0;
  // "utf-8 (valid UTF-8)", "gb18030 (valid GB18030)", "xlsx sheet 'Sheet1'" ...
  virtual std::string describe() const = 0;
  // Invalid byte sequences replaced so far (--on-bad-bytes replace).
  virtual std::int64_t replaced_bytes() const { return 0; }
  // After reading: what to warn about the encodings of its lines, e.g. "mixed
  // encodings: 1 of 3 lines read as GB18030 (first: line 3), the rest as UTF-8"; or "".
  virtual std::string encoding_warning() const { return ""; }
  // Lines of UTF-8 but for a few bytes read as U+FFFD, for their records to be
  // rejected (text::DecodingSource::take_damaged): the first waiting one
  // numbered `line` or less, taken.
  virtual std::optional<text::DamagedLine> take_damaged(std::int64_t /*line*/) { return std::nullopt; }
  // The line (CSV) or sheet row (xlsx) the header was read from.
  virtual std::int64_t header_line() const { return 1; }
  // Checks a row against a header of `width` fields found below the first row
  // (import/header.hpp), as next() checks it against the first row's width.
  virtual void check_width(Row& row, std::size_t width) const = 0;
  // The data rows read ahead (import/header.hpp), for inferring columns from their values.
  virtual std::vector<std::vector<std::string>> sample() const { return {}; }
  // A workbook's sheets, in workbook order, and the one read (none for CSV).
  virtual std::vector<std::string> sheet_names() const { return {}; }
  virtual std::string sheet() const { return ""; }
  // Notes for the user (e.g. "read as CSV although named .xlsx").
  std::vector<std::string> notes;
};

// Opens `path` ("-" = stdin): an xlsx workbook when its bytes say so, else CSV.
std::unique_ptr<RowSource> open_source(const std::string& path, const SourceOptions& options);

// The same on bytes already opened, read from `in` (named `path`; a workbook
// is opened again by its path).
std::unique_ptr<RowSource> open_source(std::unique_ptr<ByteSource> in, const std::string& path,
                                       const SourceOptions& options);

}  // namespace fbkit::import
