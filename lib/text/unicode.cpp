#include "text/unicode.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>

namespace fbkit::text {

namespace {

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool is_zero_width(UChar32 c) {
  return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF;
}

}  // namespace

void append_utf8(std::string& s, char32_t c) {
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (c >> 18));
    s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
}

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto length = static_cast<std::int32_t>(s.size());
  std::int32_t i = 0;
  while (i < length) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c = 0;
    U8_NEXT(p, i, length, c);
    if (c < 0) {
      return false;
    }
  }
  return true;
}

std::string nfkc(std::string_view utf8) {
  if (is_ascii(utf8) || !is_valid_utf8(utf8)) {
    return std::string(utf8);
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) {
    return std::string(utf8);
  }
  const icu::UnicodeString in =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  const icu::UnicodeString out = n->normalize(in, status);
  if (U_FAILURE(status)) {
    return std::string(utf8);
  }
  std::string result;
  out.toUTF8String(result);
  return result;
}

std::string casefold(std::string_view utf8) {
  if (is_ascii(utf8)) {
    std::string s(utf8);
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  u.foldCase();
  std::string result;
  u.toUTF8String(result);
  return result;
}

std::string normalize_key(std::string_view utf8) {
  const std::string folded = casefold(nfkc(utf8));
  std::string out;
  out.reserve(folded.size());
  const auto* p = reinterpret_cast<const std::uint8_t*>(folded.data());
  const auto length = static_cast<std::int32_t>(folded.size());
  bool pending_space = false;
  std::int32_t i = 0;
  while (i < length) {
    const std::int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(p, i, length, c);
    if (c >= 0 && is_zero_width(c)) {
      continue;
    }
    if (c >= 0 && u_isUWhiteSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    out.append(folded, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
  }
  return out;
}

std::size_t display_width(std::string_view utf8) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const auto length = static_cast<std::int32_t>(utf8.size());
  std::size_t width = 0;
  std::int32_t i = 0;
  while (i < length) {
    if (p[i] < 0x80) {
      width += p[i] >= 0x20 ? 1 : 0;
      ++i;
      continue;
    }
    UChar32 c = 0;
    U8_NEXT(p, i, length, c);
    if (c < 0) {
      width += 1;  // shown as a replacement character
      continue;
    }
    const auto category = static_cast<UCharCategory>(u_charType(c));
    if (is_zero_width(c) || category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK) {
      continue;
    }
    const int ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    width += (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) ? 2 : 1;
  }
  return width;
}

}  // namespace fbkit::text
