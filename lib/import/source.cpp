#include "import/source.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/strings.hpp"
#include "csv/empty_input.hpp"
#include "csv/reader.hpp"
#include "xlsx/reader.hpp"
#include "xlsx/spreadsheetml.hpp"

namespace fbkit::import {

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size()) {
    return false;
  }
  std::string tail = s.substr(s.size() - suffix.size());
  std::transform(tail.begin(), tail.end(), tail.begin(), [](unsigned char c) { return std::tolower(c); });
  return tail == suffix;
}

class CsvRows : public RowSource {
public:
  CsvRows(std::unique_ptr<ByteSource> file, std::string prefix, const SourceOptions& options)
      : m_file(std::move(file)), m_prefixed(std::move(prefix), *m_file) {
    m_opened = text::open_utf8(m_prefixed, options.encoding, options.bad_bytes);
    if (!m_opened.detection.guess.empty()) {
      notes.push_back(m_opened.detection.guess);
    }
    char delimiter = options.delimiter;
    if (delimiter == 0) {
      delimiter = ends_with(m_file->name(), ".tsv") || ends_with(m_file->name(), ".tab") ? '\t' : 0;
    }
    if (delimiter == 0) {
      // Sniff on a decoded sample, then replay it.
      std::string sample(64 * 1024, '\0');
      std::size_t got = 0;
      while (got < sample.size()) {
        const std::size_t n = m_opened.source->read(sample.data() + got, sample.size() - got);
        if (n == 0) {
          break;
        }
        got += n;
      }
      sample.resize(got);
      delimiter = csv::sniff_delimiter(sample);
      m_sampled = std::make_unique<PrefixedSource>(std::move(sample), *m_opened.source);
    }
    m_delimiter = delimiter;
    csv::ReaderOptions ro;
    ro.delimiter = delimiter;
    ro.lenient = true;
    ro.max_record_bytes = options.max_record_bytes;
    m_reader = std::make_unique<csv::Reader>(m_sampled ? static_cast<ByteSource&>(*m_sampled) : *m_opened.source, ro);
    m_header = m_reader->read_header();
  }

  const std::vector<std::string>& header() const override { return m_header; }

  bool next(Row& row) override {
    if (!m_reader->next(m_record)) {
      return false;
    }
    row.fields.assign(m_record.fields.begin(), m_record.fields.end());
    row.line = m_record.line;
    row.end_line = m_record.end_line;
    row.problem = m_record.problem == csv::Problem::none        ? ""
                  : m_record.problem == csv::Problem::malformed ? "malformed_csv"
                                                                : "field_count";
    row.message = m_record.message;
    return true;
  }

  void check_width(Row& row, std::size_t width) const override {
    if (row.problem == "field_count") {
      row.problem.clear();
      row.message.clear();
    }
    if (row.problem.empty() && row.fields.size() != width) {
      const std::size_t n = row.fields.size();
      row.problem = "field_count";
      row.message = Location{m_reader->name(), row.line, 0}.str() + ": record has " + std::to_string(n) +
                    (n == 1 ? " field" : " fields") + ", the header has " + std::to_string(width);
    }
  }

  std::string describe() const override {
    const text::Detection& how = m_opened.detection;
    std::string d = how.mixed ? "utf-8 and gb18030" : std::string(text::encoding_name(how.encoding));
    d += " (" + how.how + ")";
    // Lines read past the sample in the other encoding.
    const text::LineCounts& lines = m_opened.decoder->line_counts();
    const bool utf8_first = how.encoding == text::Encoding::utf8;
    if (!how.mixed && (utf8_first ? lines.gb18030 : lines.utf8) > 0) {
      const bool ascii = (utf8_first ? lines.utf8 : lines.gb18030) == 0;
      const std::string other = utf8_first ? "gb18030" : "utf-8";
      d = (ascii ? other : "utf-8 and gb18030") + " (" + (ascii ? std::string("ASCII") : how.how) + ", then " +
          (utf8_first ? "GB18030" : "UTF-8") + " lines)";
    }
    d += ", delimiter ";
    d += m_delimiter == '\t' ? std::string("tab") : std::string("'") + m_delimiter + "'";
    return d;
  }

  std::int64_t replaced_bytes() const override { return m_opened.decoder ? m_opened.decoder->replaced() : 0; }

  std::optional<text::DamagedLine> take_damaged(std::int64_t line) override {
    return m_opened.decoder ? m_opened.decoder->take_damaged(line) : std::nullopt;
  }

  std::string encoding_warning() const override {
    return text::describe_lines(m_opened.decoder->line_counts(), m_opened.detection.encoding);
  }

private:
  std::unique_ptr<ByteSource> m_file;
  PrefixedSource m_prefixed;
  text::Opened m_opened;
  std::unique_ptr<PrefixedSource> m_sampled;
  std::unique_ptr<csv::Reader> m_reader;
  std::vector<std::string> m_header;
  csv::Record m_record;
  char m_delimiter = ',';
};

// One sheet of a workbook, .xlsx (xlsx::SheetReader) or XML Spreadsheet 2003
// (xlsx::XmlSheetReader): rows of cells, padded to the header.
template <typename Reader>
class SheetRows : public RowSource {
public:
  SheetRows(std::string path, std::unique_ptr<Reader> reader, std::string kind)
      : m_path(std::move(path)), m_reader(std::move(reader)), m_kind(std::move(kind)) {
    if (!m_reader->next(m_header, m_header_line)) {
      throw EmptyInputError(m_path + ": sheet " + quote_value(m_reader->sheet()) + " is empty: no header row");
    }
  }
  const std::vector<std::string>& header() const override { return m_header; }
  bool next(Row& row) override {
    if (!m_reader->next(row.fields, row.line)) {
      return false;
    }
    row.end_line = row.line;
    row.problem.clear();
    row.message.clear();
    check_width(row, m_header.size());
    return true;
  }
  std::int64_t header_line() const override { return m_header_line; }
  void check_width(Row& row, std::size_t width) const override {
    if (row.problem == "field_count") {
      row.problem.clear();
      row.message.clear();
    }
    // Trailing empty cells are not written by Excel: pad to the header.
    if (row.fields.size() < width) {
      row.fields.resize(width);
    } else if (row.fields.size() > width && row.problem.empty()) {
      row.problem = "field_count";
      row.message = m_path + ":" + m_reader->sheet() + "!row " + std::to_string(row.line) + ": row has " +
                    std::to_string(row.fields.size()) + " cells, the header has " + std::to_string(width);
    }
  }
  std::string describe() const override { return m_kind + " " + quote_value(m_reader->sheet()); }
  std::vector<std::string> sheet_names() const override { return m_reader->sheet_names(); }
  std::string sheet() const override { return m_reader->sheet(); }

private:
  std::string m_path;
  std::unique_ptr<Reader> m_reader;
  std::string m_kind;
  std::vector<std::string> m_header;
  std::int64_t m_header_line = 0;
};

// Reads up to `want` bytes in all into `head` (fewer at the end of input).
void read_more(ByteSource& file, std::string& head, std::size_t want) {
  std::size_t got = head.size();
  head.resize(want);
  while (got < want) {
    const std::size_t n = file.read(head.data() + got, want - got);
    if (n == 0) {
      break;
    }
    got += n;
  }
  head.resize(got);
}

// An XML Spreadsheet 2003 document whose first bytes were read into `head`:
// the rest is read (at most `max_bytes` in all) and parsed.
std::unique_ptr<RowSource> open_spreadsheetml(ByteSource& file, std::string head, const std::string& path,
                                              const SourceOptions& options) {
  const std::uint64_t max_bytes = options.xlsx_max_part_bytes;
  std::string chunk(std::size_t{1} << 20, '\0');
  for (std::size_t n = 0; (n = file.read(chunk.data(), chunk.size())) > 0;) {
    head.append(chunk, 0, n);
    if (head.size() > max_bytes) {
      throw DataError(path + ": an XML Spreadsheet 2003 workbook past " + std::to_string(max_bytes) +
                      " bytes; save the sheet as CSV, or raise FBKIT_XLSX_MAX_MEMBER_BYTES");
    }
  }
  const std::string name = path == "-" ? "<stdin>" : path;
  auto reader = std::make_unique<xlsx::XmlSheetReader>(name, std::move(head), options.sheet);
  auto rows = std::make_unique<SheetRows<xlsx::XmlSheetReader>>(name, std::move(reader), "XML Spreadsheet 2003 sheet");
  rows->notes.push_back("an XML Spreadsheet 2003 workbook (Excel XML, often named .xls): read as a workbook");
  return rows;
}

}  // namespace

std::unique_ptr<RowSource> open_source(const std::string& path, const SourceOptions& options) {
  return open_source(std::make_unique<FileSource>(path), path, options);
}

std::unique_ptr<RowSource> open_source(std::unique_ptr<ByteSource> file, const std::string& path,
                                       const SourceOptions& options) {
  // Peek at the first bytes to tell a workbook from text.
  std::string head;
  read_more(*file, head, 8);
  if (xlsx::looks_like_ole(head)) {
    throw DataError(path +
                    ": the workbook is password-protected or an old .xls; save it as an unprotected .xlsx or as CSV");
  }
  if (xlsx::looks_like_zip(head)) {
    if (path == "-") {
      throw DataError("<stdin>: an xlsx workbook cannot be read from standard input; name the file");
    }
    auto reader = std::make_unique<xlsx::SheetReader>(path, xlsx::Options{options.sheet, options.xlsx_max_part_bytes});
    return std::make_unique<SheetRows<xlsx::SheetReader>>(path, std::move(reader), "xlsx sheet");
  }
  // An XML document: an XML Spreadsheet 2003 workbook names its namespace in
  // the root element, within the first KB or so.
  if (head.rfind("<?xml", 0) == 0 || head.rfind("\xEF\xBB\xBF<?xm", 0) == 0) {
    read_more(*file, head, 4096);
    if (xlsx::looks_like_spreadsheetml(head)) {
      return open_spreadsheetml(*file, std::move(head), path, options);
    }
  }
  const bool named_xlsx = ends_with(path, ".xlsx");
  auto rows = std::make_unique<CsvRows>(std::move(file), std::move(head), options);
  if (named_xlsx) {
    rows->notes.push_back("not a zip archive although named .xlsx; read as CSV text");
  }
  return rows;
}

}  // namespace fbkit::import
