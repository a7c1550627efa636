// Internals of text/encoding shared by encoding.cpp (detection, whole-input
// decoding) and lines.cpp (UTF-8 and GB18030 line by line); not an API.
#pragma once

#include <unicode/ucnv.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace fbkit::text::detail {

constexpr std::size_t kChunk = 64 * 1024;
// A line longer than this is told UTF-8 or GB18030 by its first kLineWindow
// bytes (so that decoding needs no more memory than that for any line).
constexpr std::size_t kLineWindow = 1024 * 1024;

// Length of the valid UTF-8 prefix of [data, data+n). *incomplete is set when
// the bytes stop inside a sequence that could still be completed.
std::size_t valid_utf8_prefix(const char* data, std::size_t n, bool* incomplete);

// Whether `bytes` are valid UTF-8 (cut mid-character at the end unless `at_end`).
bool valid_utf8(std::string_view bytes, bool at_end);

// Whether `bytes` are valid GB18030 (cut mid-character at the end unless
// `at_end`), by `cnv`, a GB18030 converter that stops on errors (reset here);
// without one, a converter is opened for the call. (Any converter that stops
// on errors checks its own encoding.)
bool valid_gb18030(std::string_view bytes, bool at_end, UConverter* cnv = nullptr);

// Opens a GB18030 converter that stops on the first invalid sequence.
UConverter* open_gb18030_checker();

std::int64_t count_newlines(const char* from, const char* to);

// What one line's bytes are, for reading a file of UTF-8 and GB18030 lines.
enum class LineKind {
  ascii,         // no byte above 0x7F: the same in both
  utf8,          // valid UTF-8 with a character that GBK bytes practically never make
  ambiguous,     // valid UTF-8, but its only non-ASCII characters are U+0080-U+07FF
                 // (or private use, or outside the BMP but not emoji): short
                 // GBK words are that by chance (one Chinese character in six)
  invalid_utf8,  // not UTF-8
  damaged_utf8,  // not UTF-8 but for a few bytes: its characters of UTF-8 evidence are at
                 // least twice its invalid sequences (GBK text makes no such character)
};

// Classifies `line` (`complete`: not cut before its end, so a character cut
// at its end is invalid). Evidence of UTF-8 is a character in U+0800-U+FFFF
// (CJK, full-width punctuation, curly quotes...) other than private use, or
// an emoji (U+1F000-U+1FAFF): in waimai_10k re-encoded as GBK, not one of
// 2.8 million fragments of 1-12 characters made one.
// Without `evidence`, any valid UTF-8 line with non-ASCII bytes is LineKind::utf8.
// A line that is not UTF-8 is damaged_utf8 or invalid_utf8 either way.
LineKind classify_line(std::string_view line, bool complete, bool evidence = true);

// Whether U+`c` is evidence of UTF-8 (see classify_line).
inline bool utf8_evidence(std::int32_t c) {
  return (c >= 0x800 && c <= 0xFFFF && (c < 0xE000 || c > 0xF8FF)) || (c >= 0x1F000 && c <= 0x1FAFF);
}

}  // namespace fbkit::text::detail
