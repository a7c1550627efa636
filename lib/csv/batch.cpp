#include "csv/batch.hpp"

#include <algorithm>
#include <cstring>

#include "core/error.hpp"
#include "csv/scan.hpp"

namespace fbkit::csv {

namespace {

// Scans data from `from`: line breaks (LF, and CR not followed by LF) are
// counted in `lines`, quotes toggle `in_quotes`, and a line break outside
// quotes is a record end: `last_end` is set after it and `lines_to_end` to the
// breaks before it. Stops after the first record end at or beyond `enough`
// bytes, at the end of the data, or at a CR that ends the data, whose meaning
// the next byte decides (unless `final`). Returns where it stopped.
std::size_t scan_ends(const std::string& data, std::size_t from, std::size_t enough, bool final, bool& in_quotes,
                      std::int64_t& lines, std::size_t& last_end, std::int64_t& lines_to_end) {
  static const ScanSet<3> kSpecial('"', '\n', '\r');
  const char* base = data.data();
  const char* end = base + data.size();
  const char* p = base + from;
  for (;;) {
    p = kSpecial.find(p, end);
    if (p == end) {
      return data.size();
    }
    if (*p == '"') {
      in_quotes = !in_quotes;
      ++p;
      continue;
    }
    if (*p == '\r') {
      if (p + 1 == end && !final) {
        return static_cast<std::size_t>(p - base);  // CR or CRLF? Decided by the next read.
      }
      if (p + 1 < end && p[1] == '\n') {
        ++p;  // CRLF: the LF ends the line
      }
    }
    ++p;
    ++lines;
    if (!in_quotes) {
      last_end = static_cast<std::size_t>(p - base);
      lines_to_end = lines;
      if (last_end >= enough) {
        return last_end;
      }
    }
  }
}

}  // namespace

void RowBatch::parse() {
  spans.clear();
  lines.clear();
  plain.clear();
  rows = 0;
  Reader reader(name, raw.data(), raw.size(), first_line, width, ReaderOptions{delimiter});
  Record rec;
  const ScanSet<5> quote_worthy(delimiter, '"', '\r', '\n', '\0');
  while (reader.next(rec)) {
    const std::vector<std::string_view>& f = rec.fields;
    // Plain when the fields are contiguous, one delimiter apart: then none was
    // quoted, and (strict parsing) none holds a quote, CR, LF or NUL. A single
    // field is plain when it holds nothing a writer would quote.
    bool plain_row = !f.empty() && rec.problem == Problem::none;
    for (std::size_t i = 1; plain_row && i < f.size(); ++i) {
      plain_row = f[i].data() == f[i - 1].data() + f[i - 1].size() + 1;
    }
    if (plain_row && f.size() == 1) {
      plain_row = !f[0].empty() &&  // a writer quotes a lone empty field, or it would be a blank line
                  quote_worthy.find(f[0].data(), f[0].data() + f[0].size()) == f[0].data() + f[0].size();
    }
    for (const std::string_view v : f) {
      spans.emplace_back(static_cast<std::uint32_t>(v.data() - raw.data()), static_cast<std::uint32_t>(v.size()));
    }
    plain.push_back(plain_row ? 1 : 0);
    lines.push_back(rec.line);
    ++rows;
  }
}

void RowBatch::fields(std::size_t row, std::vector<std::string_view>& out) const {
  out.resize(width);
  for (std::size_t c = 0; c < width; ++c) {
    out[c] = field(row, c);
  }
}

std::string_view RowBatch::plain_row(std::size_t row) const {
  if (width == 0) {
    return {};
  }
  const std::uint32_t from = spans[row * width].first;
  const auto [off, len] = spans[row * width + width - 1];
  return std::string_view(raw).substr(from, off + len - from);
}

BatchReader::BatchReader(const std::vector<std::string>& inputs, const std::vector<std::string>& names,
                         std::unique_ptr<ByteSource> first_source, std::unique_ptr<Reader> first, std::string verb,
                         char delimiter)
    : m_inputs(inputs), m_names(names), m_verb(std::move(verb)), m_delimiter(delimiter), m_header(first->header()) {
  start(std::move(first_source), std::move(first));
}

BatchReader::~BatchReader() = default;

void BatchReader::start(std::unique_ptr<ByteSource> source, std::unique_ptr<Reader> reader) {
  // Go on where the header reader stopped: its unparsed bytes, then the source.
  m_carry.assign(reader->unread());
  m_line = reader->line();
  m_source_done = reader->source_done();
  m_source = std::move(source);
}

bool BatchReader::fill(RowBatch& b, std::size_t bytes) {
  if (m_pending) {
    std::rethrow_exception(m_pending);
  }
  const std::size_t max_record = ReaderOptions{}.max_record_bytes;
  bytes = std::max<std::size_t>(bytes, 1);
  b.rows = 0;
  b.width = m_header.size();
  b.delimiter = m_delimiter;
  for (;;) {
    if (m_carry.empty() && m_source_done) {
      if (m_input + 1 >= m_inputs.size()) {
        m_source.reset();
        return false;
      }
      ++m_input;
      auto source = std::make_unique<FileSource>(m_inputs[m_input], m_names[m_input]);
      auto reader = std::make_unique<Reader>(*source, ReaderOptions{m_delimiter});
      if (reader->read_header() != m_header) {
        throw DataError(Location{m_names[m_input], 1, 1},
                        "the header differs from the first input's; " + m_verb + " one layout at a time");
      }
      start(std::move(source), std::move(reader));
      continue;
    }
    // The carried bytes (which begin a record), then reads, until the first
    // record end at or after `bytes`; the rest is carried to the next batch.
    b.raw.swap(m_carry);
    m_carry.clear();
    std::size_t scanned = 0, last_end = 0;
    std::int64_t lines = 0, lines_to_end = 0;
    bool in_quotes = false;
    bool final = m_source_done;
    for (;;) {
      scanned = scan_ends(b.raw, scanned, bytes, final, in_quotes, lines, last_end, lines_to_end);
      if (last_end >= bytes || final) {
        break;
      }
      if (b.raw.size() - last_end > max_record) {
        m_pending = std::make_exception_ptr(DataError(Location{m_names[m_input], m_line + lines_to_end, 0},
                                                      "record is longer than " + std::to_string(max_record >> 20) +
                                                          " MiB (an unterminated quote, or not a CSV file?)"));
        if (last_end == 0) {
          std::rethrow_exception(m_pending);
        }
        b.raw.resize(last_end);  // the whole records before it first; the error on the next call
        break;
      }
      const std::size_t at = b.raw.size();
      const std::size_t want = bytes > at ? bytes - at : std::clamp<std::size_t>(bytes, 1, std::size_t{64} << 10);
      b.raw.resize(at + want);
      const std::size_t got = m_source->read(b.raw.data() + at, want);
      b.raw.resize(at + got);
      if (got == 0) {
        m_source_done = true;
        final = true;
      }
    }
    if (m_pending) {
      lines_to_end = 0;  // no batch follows
    } else if (last_end >= bytes && last_end < b.raw.size()) {
      m_carry.assign(b.raw, last_end, std::string::npos);
      b.raw.resize(last_end);
    } else {
      lines_to_end = lines;  // all of it: the input's last bytes
    }
    b.input = m_input;
    b.name = m_names[m_input];
    b.first_line = m_line;
    m_line += lines_to_end;
    if (!b.raw.empty()) {
      return true;
    }
  }
}

bool RowBatch::column_views(std::size_t col, std::vector<std::string_view>& out) {
  out.clear();
  const char* p = raw.data();
  const char* const end = p + raw.size();
  if (width == 0 || col >= width || std::memchr(p, '\r', raw.size()) != nullptr ||
      std::memchr(p, '\0', raw.size()) != nullptr) {
    return false;
  }
  const ScanSet<3> stops(delimiter, '\n', '"');
  std::size_t n = 0;
  while (p < end) {
    if (*p == '\n') {
      ++p;  // a blank line: no record
      continue;
    }
    std::size_t field = 0;
    for (;;) {
      std::string_view value;
      const char* stop = nullptr;
      if (*p == '"') {  // quoted: to the quote not doubled, then a delimiter or the line's end
        const char* q = p + 1;
        bool doubled = false;
        while ((q = static_cast<const char*>(std::memchr(q, '"', static_cast<std::size_t>(end - q)))) != nullptr &&
               q + 1 < end && q[1] == '"') {
          doubled = true;
          q += 2;
        }
        if (q == nullptr || (q + 1 < end && q[1] != delimiter && q[1] != '\n') || (doubled && field == col)) {
          return false;  // unterminated, text after the quote, or a value to unescape
        }
        value = std::string_view(p + 1, static_cast<std::size_t>(q - p - 1));
        stop = q + 1;
      } else {
        stop = stops.find(p, end);
        if (stop != end && *stop == '"') {
          return false;  // a quote inside an unquoted field
        }
        value = std::string_view(p, static_cast<std::size_t>(stop - p));
      }
      if (field == col) {
        out.push_back(value);
      }
      ++field;
      p = stop == end ? end : stop + 1;
      if (stop == end || *stop == '\n') {
        break;
      }
    }
    if (field != width) {
      return false;  // parse() raises the error
    }
    ++n;
  }
  rows = n;
  return true;
}

}  // namespace fbkit::csv
