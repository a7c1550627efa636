// Input encodings: detecting them (BOM, UTF-16 without BOM, strict UTF-8,
// UTF-8 and GB18030 lines, strict GB18030) and decoding any of them to UTF-8
// as a stream.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/io.hpp"

namespace fbkit::text {

enum class Encoding { utf8, utf16le, utf16be, gb18030, gbk, big5, latin1, cp1252 };

// "utf-8", "utf-16le", "utf-16be", "gb18030", "gbk", "big5", "latin1", "windows-1252".
std::string_view encoding_name(Encoding e);

// utf-8, utf8, gb18030, gbk, cp936, gb2312, utf-16 (little-endian unless a BOM
// says otherwise), utf-16le, utf-16be, big5, latin1, iso-8859-1, windows-1252,
// cp1252; any case.
std::optional<Encoding> parse_encoding(std::string_view name);

enum class BadBytes { error, replace };

struct Detection {
  Detection() = default;
  Detection(Encoding e, std::size_t bom, std::string h, bool m = false)
      : encoding(e), bom_bytes(bom), how(std::move(h)), mixed(m) {}
  Encoding encoding = Encoding::utf8;  // with `mixed`, the encoding of the first line that tells
  std::size_t bom_bytes = 0;
  // "BOM", "valid UTF-8", "valid GB18030", "UTF-8 and GB18030 lines", "UTF-8 but for
  // invalid bytes", "UTF-16 without BOM", "guessed", "forced"
  std::string how;
  bool mixed = false;  // the sample has lines of UTF-8 and lines of GB18030
  // A guess on thin evidence, said to the user: "" or e.g. "encoding guessed:
  // windows-1252 (2 bytes are not ASCII ...)".
  std::string guess;
};

// Detects the encoding of `sample`, the first bytes of an input (`at_end`: the
// whole input). Order: BOM; UTF-16 without BOM (NUL bytes at odd or even
// positions); strict UTF-8; UTF-8 and GB18030 lines (at least one line of
// UTF-8 evidence, see Lines::utf8_or_gb18030, and every line that is not
// UTF-8 valid GB18030); UTF-8 whose only other lines are UTF-8 but for a few
// bytes (a corrupt byte pair: its UTF-8 characters outnumber its bad
// sequences two to one); strict GB18030 with a character of Chinese text
// (see western_guess); Windows-1252, guessed; strict GB18030; else nullopt.
std::optional<Detection> detect_encoding(std::string_view sample, bool at_end);

// A sample that is valid GB18030 but holds no character of common Chinese
// text (GB2312's hanzi, symbols and full-width punctuation: the characters a
// GBK export of Chinese text is made of) and no four-byte character, only
// rarer characters of GBK's extension, as a few Windows-1252 or MacRoman bytes side by side make by
// chance ("\x8C\xE6", "\xFCl"): Windows-1252, guessed, when it has none of
// the 5 bytes Windows-1252 leaves undefined; else nullopt.
std::optional<Detection> western_guess(std::string_view sample);

// Why `sample` is none of those, and what to do, for a message after
// "cannot tell the encoding": never an encoding it would be garbled in.
std::string undecidable_advice(std::string_view sample, bool at_end);

// How a DecodingSource reads UTF-8 or GB18030.
enum class Lines {
  same,  // every line in the encoding given (forced: --encoding)
  // Each line in the encoding it is valid in: a line that is not UTF-8 as
  // GB18030; a line of valid UTF-8 with a character GBK bytes practically never
  // make (CJK, full-width punctuation, emoji...) as UTF-8; any other line (valid
  // as both) in the encoding of the last line that told, at first the one given.
  // For detected input: an export concatenated from two systems.
  utf8_or_gb18030,
};

// How the lines of an input read with Lines::utf8_or_gb18030 were decoded.
struct LineCounts {
  std::int64_t lines = 0;       // lines read
  std::int64_t utf8 = 0;        // lines with non-ASCII characters read as UTF-8
  std::int64_t gb18030 = 0;     // lines with non-ASCII characters read as GB18030
  std::int64_t first_utf8 = 0;  // the first of each (line number), 0 if none
  std::int64_t first_gb18030 = 0;
  std::int64_t damaged = 0;  // lines of UTF-8 but for a few bytes (DecodingSource::take_damaged)
  std::int64_t first_damaged = 0;
};

// A line of UTF-8 but for a few bytes.
struct DamagedLine {
  std::int64_t line = 0;
  std::string bytes;  // the first bad sequence, "0xFF 0xFE"
};

// What a user should be told about the lines of an input first read as
// `first`: "" when they were all one encoding (or ASCII), else e.g. "mixed
// encodings: 1 of 3 lines read as GB18030 (first: line 3), the rest as UTF-8"
// (the fewer are named), or "2 of 9 lines read as GB18030 (first: line 8), the
// rest are ASCII" when the sample held only ASCII.
std::string describe_lines(const LineCounts& counts, Encoding first);

// UTF-8 from `raw` in encoding `enc`, streaming in chunks. A leading BOM is
// dropped. Invalid bytes throw DataError "NAME:LINE: invalid ENC byte sequence
// 0x.. (...)" (LINE counted in the decoded text), or with BadBytes::replace
// become U+FFFD and are counted. With Lines::utf8_or_gb18030 (`enc` utf8 or
// gb18030: the encoding of lines valid as both until a line tells), a line
// invalid as both is decoded in the encoding of the last line that told.
class DecodingSource : public ByteSource {
public:
  DecodingSource(ByteSource& raw, Encoding enc, BadBytes policy, Lines lines = Lines::same);
  ~DecodingSource() override;
  DecodingSource(const DecodingSource&) = delete;
  DecodingSource& operator=(const DecodingSource&) = delete;
  std::size_t read(char* buf, std::size_t n) override;
  const std::string& name() const override { return m_raw.name(); }
  std::int64_t replaced() const { return m_replaced; }
  // Lines per encoding so far (Lines::utf8_or_gb18030; else all zero).
  const LineCounts& line_counts() const { return m_counts; }
  // Lines::utf8_or_gb18030 with BadBytes::error: a line of UTF-8 but for a few
  // bytes (detail::LineKind::damaged_utf8) does not fail the input; its bad
  // bytes read as U+FFFD and the line waits here for the reader of records to
  // reject its record. Takes the first waiting line numbered `line` or less.
  std::optional<DamagedLine> take_damaged(std::int64_t line);

private:
  std::size_t read_utf8(char* buf, std::size_t n);
  std::size_t read_converted(char* buf, std::size_t n);
  // ICU-decodes [src, end) onto m_pending (advancing src), counting its lines.
  void convert(const char*& src, const char* end, bool flush);
  bool refill();  // more raw bytes into m_in; false at end of input
  [[noreturn]] void fail(Encoding enc, const char* bad, std::size_t length) const;
  void count_lines(const char* from, const char* to);
  // Lines::utf8_or_gb18030 (lines.cpp).
  bool fill_lines();  // decodes more onto an empty m_pending; false at the end
  // next_segment() within a line longer than the window: its rest, in the encoding of its start.
  bool continue_long_line();
  bool next_segment();  // decides the lines from m_in_pos: [m_in_pos, m_seg_end) in m_seg_enc
  // A line's encoding (nullopt: ASCII); *valid: it is valid UTF-8.
  // *damaged: it is UTF-8 but for a few bytes.
  std::optional<Encoding> decide(std::string_view line, bool complete, bool* valid, bool* damaged);
  void append_utf8(const char*& p, const char* end, bool at_end);

  ByteSource& m_raw;
  Encoding m_encoding;
  BadBytes m_policy;
  std::string m_in;  // raw bytes not yet decoded
  std::size_t m_in_pos = 0;
  bool m_raw_eof = false;
  bool m_started = false;   // the BOM check is done
  bool m_flushed = false;   // the converter saw the end of input
  std::int64_t m_line = 1;  // line of the next decoded byte
  std::int64_t m_replaced = 0;
  std::string m_pending;  // decoded bytes not yet handed out
  std::size_t m_pending_pos = 0;
  void* m_converter = nullptr;     // UConverter*, for everything but UTF-8
  std::vector<char16_t> m_uchars;  // convert()'s output buffer, allocated on first use
  // Lines::utf8_or_gb18030:
  bool m_by_line = false;
  void* m_checker = nullptr;            // UConverter* validating lines as GB18030
  Encoding m_last = Encoding::utf8;     // the encoding of the last line that told
  Encoding m_seg_enc = Encoding::utf8;  // of the bytes [m_in_pos, m_seg_end)
  std::size_t m_seg_end = 0;
  bool m_seg_valid = false;           // UTF-8 lines checked whole: copied as they are
  bool m_open = false;                // the segment ends inside a line longer than the decision window
  bool m_stuck = false;               // a UTF-8 character cut at the end of the bytes read so far
  bool m_flush_due = false;           // the converter must still see the end of input
  bool m_seg_damaged = false;         // the segment is one line of UTF-8 but for a few bytes
  std::deque<DamagedLine> m_damaged;  // not taken yet
  LineCounts m_counts;
};

// An input opened for reading as UTF-8: the sample replayed, then the rest.
struct Opened {
  std::unique_ptr<ByteSource> source;  // read UTF-8 from here
  Detection detection;
  DecodingSource* decoder = nullptr;  // owned by `source`'s chain
  std::unique_ptr<ByteSource> keep1;  // owners of the intermediate sources
  std::unique_ptr<ByteSource> keep2;
};

// Reads up to 1 MiB of `raw` to detect its encoding (or takes `forced`), and
// returns a UTF-8 source over the whole input. DataError if undecidable.
Opened open_utf8(ByteSource& raw, std::optional<Encoding> forced, BadBytes policy);

}  // namespace fbkit::text
