// The parts of mask_pii (lib/text/pii.cpp): how digits, separators and
// e-mail addresses are recognized, where digits are never personal data, and
// what a run of digits is. Internal to lib/text; exposed for pii.cpp and tests.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "text/pii.hpp"

namespace fbkit::text::pii_detail {

struct Digit {
  std::size_t pos;   // byte offset in the input
  std::uint8_t len;  // 1 (ASCII) or 3 (full-width)
  char value;        // '0'..'9'
};

// The digit at s[i] (ASCII, or full-width U+FF10..U+FF19), or 0.
inline char digit_at(std::string_view s, std::size_t i, std::uint8_t* len) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c >= '0' && c <= '9') {
    *len = 1;
    return static_cast<char>(c);
  }
  if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC) {
    const auto d = static_cast<unsigned char>(s[i + 2]);
    if (d >= 0x90 && d <= 0x99) {
      *len = 3;
      return static_cast<char>('0' + (d - 0x90));
    }
  }
  return 0;
}

// The first index in [from, to) whose byte may start a digit for digit_at
// (0-9, or 0xEF: a full-width digit's first byte), else `to`. 16 bytes at a
// time: the scanner's way from one number to the next.
std::size_t next_digit_start(std::string_view s, std::size_t from, std::size_t to);

enum class Sep : std::uint8_t { none, plain, dot, paren };

// A separator allowed between digit groups, and its length (0: none): '-',
// ' ', full-width '－', U+3000, no-break and thin spaces, zero-width
// characters (an export's hidden U+200B inside a phone number); '.' (only
// 138.1234.5678 and IP addresses use it, see Scanner::classify); and ')' or
// '）' closing an area code opened right before the number, with one '-' or
// ' ' after it.
std::size_t separator_at(std::string_view s, std::size_t i, bool paren_open, Sep* kind);

inline bool ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

// The ASCII character that s[i..] is (itself, or a full-width form U+FF01..U+FF5E
// such as ｑ or ＠), with its length in bytes; 0 for anything else.
inline char ascii_at(std::string_view s, std::size_t i, std::size_t* len) {
  const auto c = static_cast<unsigned char>(s[i]);
  *len = 1;
  if (c < 0x80) {
    return static_cast<char>(c);
  }
  if (c == 0xEF && i + 2 < s.size()) {
    const auto b = static_cast<unsigned char>(s[i + 1]);
    const auto d = static_cast<unsigned char>(s[i + 2]);
    *len = 3;
    if (b == 0xBC && d >= 0x81 && d <= 0xBF) {
      return static_cast<char>(0x21 + (d - 0x81));
    }
    if (b == 0xBD && d >= 0x80 && d <= 0x9E) {
      return static_cast<char>(0x60 + (d - 0x80));
    }
  }
  return 0;
}

// The ASCII character that ends right before s[end] (see ascii_at), or 0.
inline char ascii_before(std::string_view s, std::size_t end, std::size_t* len) {
  if (end == 0) {
    return 0;
  }
  if (static_cast<unsigned char>(s[end - 1]) < 0x80) {
    *len = 1;
    return s[end - 1];
  }
  if (end >= 3 && static_cast<unsigned char>(s[end - 3]) == 0xEF) {
    return ascii_at(s, end - 3, len);
  }
  return 0;
}

struct Span {
  std::size_t begin;
  std::size_t end;
};

// The e-mail address around the '@' (or '＠') at `at`, if it is one; ASCII or
// full-width letters alike.
bool email_at(std::string_view s, std::size_t at, std::size_t floor, Span& span);

// Whether the number at `start` is labelled as an order, ticket or parcel
// number: one of these words right before it (a colon, '#', 是 or 为 between).
bool order_context(std::string_view s, std::size_t start);

// Whether the text right before `start` names a version (版本号：10.2.3.4, ver 1.2.3.4).
bool version_context(std::string_view s, std::size_t start);

enum class Kind { none, mobile, landline, id_card, bank_card, ip };

struct Match {
  Kind kind = Kind::none;
  std::size_t mask_from = 0;  // digit indices [from, to) to mask
  std::size_t mask_to = 0;
};

Match classify_digits(std::string_view d, bool id_x, bool order_ctx, const PiiOptions& o);

// Where digits are never personal data: URLs (https://host/view/17312346995/,
// www.example.com/...) up to a space, a quote, '<', '>' or any non-ASCII
// character; file names (image-2025-07-01-13-45-30-023.png) ending in a known
// extension. Sorted, not overlapping.
std::vector<Span> protected_spans(std::string_view s);

}  // namespace fbkit::text::pii_detail
