// Fuzzes encoding detection and transcoding (text/encoding.hpp). Input: one
// options byte (forced encoding or detection, piece sizes), then the raw bytes.
// Properties, beyond "no crash, only DataError thrown":
// - detection never claims a BOM longer than the input;
// - the decoded text is valid UTF-8, whatever the input;
// - the end of the decoded text is sticky: reading on after it gives 0 again;
// - reading the raw bytes and the decoded text in small pieces changes nothing,
//   also which lines were read as UTF-8 and which as GB18030 (detected input);
// - with --on-bad-bytes replace decoding never fails, and where the strict
//   decoder succeeds it gives the same text, with something replaced only
//   where the strict one listed lines of UTF-8 but for a few bytes (detected
//   input; their bad bytes are U+FFFD in both).
#include <limits>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "fuzz_util.hpp"
#include "text/encoding.hpp"

namespace {

using namespace fbkit;

struct Decoded {
  std::string text;
  std::optional<std::string> open_error;  // open_utf8 refused (undecidable)
  std::optional<std::string> read_error;  // an invalid byte sequence
  std::int64_t replaced = 0;
  std::int64_t damaged = 0;  // lines listed by take_damaged, in order
  std::int64_t lines = 0, utf8_lines = 0, gb18030_lines = 0, first_utf8 = 0, first_gb18030 = 0;
  bool operator==(const Decoded&) const = default;
};

Decoded decode(ByteSource& raw, std::optional<text::Encoding> forced, text::BadBytes policy, std::size_t out_piece) {
  Decoded d;
  text::Opened o;
  try {
    o = text::open_utf8(raw, forced, policy);
  } catch (const DataError& e) {
    d.open_error = e.what();
    return d;
  }
  try {
    char buf[4096];
    for (;;) {
      const std::size_t n = o.source->read(buf, std::min(out_piece, sizeof buf));
      if (n == 0) {
        break;
      }
      d.text.append(buf, n);
    }
    // The end stays the end: readers (the CSV reader after a sniffed sample)
    // read again after a 0, and a file of a BOM alone looped there forever.
    for (int again = 0; again < 2; ++again) {
      fuzz::check(o.source->read(buf, std::min(out_piece, sizeof buf)) == 0, "a read after the end returned bytes");
    }
  } catch (const DataError& e) {
    d.read_error = e.what();
  }
  d.replaced = o.decoder != nullptr ? o.decoder->replaced() : 0;
  if (o.decoder != nullptr) {
    std::int64_t last = 0;
    while (const auto damaged = o.decoder->take_damaged(std::numeric_limits<std::int64_t>::max())) {
      fuzz::check(damaged->line > last, "damaged lines out of order or repeated");
      fuzz::check(policy == text::BadBytes::error && !forced,
                  "damaged lines listed when not reading detected input strictly");
      last = damaged->line;
      ++d.damaged;
    }
    const text::LineCounts& c = o.decoder->line_counts();
    d.lines = c.lines;
    d.utf8_lines = c.utf8;
    d.gb18030_lines = c.gb18030;
    d.first_utf8 = c.first_utf8;
    d.first_gb18030 = c.first_gb18030;
    fuzz::check(c.utf8 + c.gb18030 <= c.lines && c.first_utf8 <= c.lines && c.first_gb18030 <= c.lines &&
                    (c.utf8 == 0) == (c.first_utf8 == 0) && (c.gb18030 == 0) == (c.first_gb18030 == 0),
                "line counts do not add up");
    fuzz::check(forced.has_value() ? c.lines == 0 : true, "forced encodings are not read line by line");
  }
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::uint8_t opts = data[0];
  const std::string_view raw(reinterpret_cast<const char*>(data + 1), size - 1);
  static constexpr text::Encoding kAll[] = {text::Encoding::utf8,    text::Encoding::utf16le, text::Encoding::utf16be,
                                            text::Encoding::gb18030, text::Encoding::gbk,     text::Encoding::big5,
                                            text::Encoding::latin1};
  std::optional<text::Encoding> forced;
  if ((opts & 7) != 7) {
    forced = kAll[opts & 7];
  }
  if ((opts & 8) != 0) {
    forced.reset();  // detection half of the time
  }
  const std::size_t in_piece = 1 + ((opts >> 4) & 3) * 5;   // 1, 6, 11, 16 raw bytes per read
  const std::size_t out_piece = 1 + ((opts >> 6) & 3) * 3;  // 1, 4, 7, 10 decoded bytes per read

  for (const bool at_end : {false, true}) {
    if (const auto d = text::detect_encoding(raw, at_end)) {
      fuzz::check(d->bom_bytes <= raw.size(), "detection claims a BOM longer than the input");
    }
  }

  StringSource whole{std::string(raw), "fuzz.csv"};
  const Decoded strict = decode(whole, forced, text::BadBytes::error, 4096);
  fuzz::check(fuzz::valid_utf8(strict.text), "strict decoding produced invalid UTF-8");
  fuzz::PieceSource pieces(raw, in_piece);
  const Decoded strict_pieces = decode(pieces, forced, text::BadBytes::error, out_piece);
  fuzz::check(strict == strict_pieces, "strict decoding in pieces differs",
              strict.read_error.value_or("ok") + " vs " + strict_pieces.read_error.value_or("ok") + "; " +
                  std::to_string(strict.text.size()) + " vs " + std::to_string(strict_pieces.text.size()) + " bytes");

  StringSource whole2{std::string(raw), "fuzz.csv"};
  const Decoded lax = decode(whole2, forced, text::BadBytes::replace, 4096);
  fuzz::check(!lax.read_error, "decoding with replace failed", lax.read_error.value_or(""));
  fuzz::check(lax.open_error == strict.open_error, "the policy changed detection");
  fuzz::check(fuzz::valid_utf8(lax.text), "decoding with replace produced invalid UTF-8");
  fuzz::PieceSource pieces2(raw, in_piece);
  const Decoded lax_pieces = decode(pieces2, forced, text::BadBytes::replace, out_piece);
  fuzz::check(lax == lax_pieces, "decoding with replace in pieces differs",
              std::to_string(lax.replaced) + " vs " + std::to_string(lax_pieces.replaced) + " replaced; " +
                  std::to_string(lax.text.size()) + " vs " + std::to_string(lax_pieces.text.size()) + " bytes");
  if (!strict.open_error && !strict.read_error) {
    fuzz::check(lax.text == strict.text && (lax.replaced == 0) == (strict.damaged == 0),
                "replace changed text that decodes strictly");
  } else if (strict.read_error) {
    fuzz::check(lax.replaced > 0, "strict decoding failed but nothing was replaced", *strict.read_error);
  }
  return 0;
}
