// Input encodings: detecting them (BOM, UTF-16 without BOM, strict UTF-8,
// strict GB18030) and decoding any of them to UTF-8 as a stream.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/io.hpp"

namespace fbkit::text {

enum class Encoding { utf8, utf16le, utf16be, gb18030, gbk, big5, latin1 };

// "utf-8", "utf-16le", "utf-16be", "gb18030", "gbk", "big5", "latin1".
std::string_view encoding_name(Encoding e);

// utf-8, utf8, gb18030, gbk, cp936, gb2312, utf-16 (little-endian unless a BOM
// says otherwise), utf-16le, utf-16be, big5, latin1, iso-8859-1; any case.
std::optional<Encoding> parse_encoding(std::string_view name);

enum class BadBytes { error, replace };

struct Detection {
  Encoding encoding = Encoding::utf8;
  std::size_t bom_bytes = 0;
  std::string how;  // "BOM", "valid UTF-8", "valid GB18030", "UTF-16 without BOM", "forced"
};

// Detects the encoding of `sample`, the first bytes of an input (`at_end`: the
// whole input). Order: BOM; UTF-16 without BOM (NUL bytes at odd or even
// positions); strict UTF-8; strict GB18030; else nullopt.
std::optional<Detection> detect_encoding(std::string_view sample, bool at_end);

// UTF-8 from `raw` in encoding `enc`, streaming in chunks. A leading BOM is
// dropped. Invalid bytes throw DataError "NAME:LINE: invalid ENC byte sequence
// 0x.. (...)" (LINE counted in the decoded text), or with BadBytes::replace
// become U+FFFD and are counted.
class DecodingSource : public ByteSource {
public:
  DecodingSource(ByteSource& raw, Encoding enc, BadBytes policy);
  ~DecodingSource() override;
  DecodingSource(const DecodingSource&) = delete;
  DecodingSource& operator=(const DecodingSource&) = delete;
  std::size_t read(char* buf, std::size_t n) override;
  const std::string& name() const override { return m_raw.name(); }
  std::int64_t replaced() const { return m_replaced; }

private:
  std::size_t read_utf8(char* buf, std::size_t n);
  std::size_t read_converted(char* buf, std::size_t n);
  bool refill();  // more raw bytes into m_in; false at end of input
  [[noreturn]] void fail(const char* bad, std::size_t length) const;
  void count_lines(const char* from, const char* to);

  ByteSource& m_raw;
  Encoding m_encoding;
  BadBytes m_policy;
  std::string m_in;          // raw bytes not yet decoded
  std::size_t m_in_pos = 0;
  bool m_raw_eof = false;
  bool m_started = false;    // the BOM check is done
  bool m_flushed = false;    // the converter saw the end of input
  std::int64_t m_line = 1;   // line of the next decoded byte
  std::int64_t m_replaced = 0;
  std::string m_pending;     // decoded bytes not yet handed out
  std::size_t m_pending_pos = 0;
  void* m_converter = nullptr;  // UConverter*, for everything but UTF-8
};

// An input opened for reading as UTF-8: the sample replayed, then the rest.
struct Opened {
  std::unique_ptr<ByteSource> source;  // read UTF-8 from here
  Detection detection;
  DecodingSource* decoder = nullptr;   // owned by `source`'s chain
  std::unique_ptr<ByteSource> keep1;   // owners of the intermediate sources
  std::unique_ptr<ByteSource> keep2;
};

// Reads up to 1 MiB of `raw` to detect its encoding (or takes `forced`), and
// returns a UTF-8 source over the whole input. DataError if undecidable.
Opened open_utf8(ByteSource& raw, std::optional<Encoding> forced, BadBytes policy);

}  // namespace fbkit::text
