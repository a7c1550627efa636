// Telling an input's encoding from its first bytes (BOM, UTF-16 NULs, UTF-8,
// lines of mixed UTF-8 and GB18030, GB18030) and naming encodings.
#include <unicode/ucnv.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>

#include "core/strings.hpp"
#include "text/encoding.hpp"
#include "text/encoding_detail.hpp"

namespace fbkit::text {

using detail::valid_utf8;
std::string_view encoding_name(Encoding e) {
  switch (e) {
    case Encoding::utf8:
      return "utf-8";
    case Encoding::utf16le:
      return "utf-16le";
    case Encoding::utf16be:
      return "utf-16be";
    case Encoding::gb18030:
      return "gb18030";
    case Encoding::gbk:
      return "gbk";
    case Encoding::big5:
      return "big5";
    case Encoding::latin1:
      return "latin1";
    case Encoding::cp1252:
      return "windows-1252";
  }
  return "utf-8";
}

std::optional<Encoding> parse_encoding(std::string_view name) {
  std::string n(name);
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (n == "utf-8" || n == "utf8") {
    return Encoding::utf8;
  }
  if (n == "gb18030") {
    return Encoding::gb18030;
  }
  if (n == "gbk" || n == "cp936" || n == "gb2312") {
    return Encoding::gbk;
  }
  if (n == "utf-16" || n == "utf16" || n == "utf-16le" || n == "utf16le") {
    return Encoding::utf16le;
  }
  if (n == "utf-16be" || n == "utf16be") {
    return Encoding::utf16be;
  }
  if (n == "big5") {
    return Encoding::big5;
  }
  if (n == "latin1" || n == "latin-1" || n == "iso-8859-1") {
    return Encoding::latin1;
  }
  if (n == "windows-1252" || n == "cp1252") {
    return Encoding::cp1252;
  }
  return std::nullopt;
}

namespace {

// Calls f(line, complete) for each line of `s` (`at_end`: the whole input)
// until f returns false.
template <typename F>
void each_line(std::string_view s, bool at_end, const F& f) {
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t nl = s.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? s.size() : nl + 1;
    if (!f(s.substr(pos, end - pos), nl != std::string_view::npos || at_end)) {
      return;
    }
    pos = end;
  }
}

// A sample that is not UTF-8 as a whole but has lines of UTF-8 evidence:
// - if its other lines that are not UTF-8 are GB18030, mixed, in the encoding
//   of the first line that tells (the one lines valid as both are read in
//   until another tells);
// - if its only lines that are not UTF-8 are UTF-8 but for a few bytes (see
//   LineKind::damaged_utf8), UTF-8;
// nullopt for anything else, pure GBK included (it makes no UTF-8 evidence).
std::optional<Detection> detect_mixed_lines(std::string_view s, bool at_end) {
  std::optional<Encoding> first;
  bool evidence = false;
  bool damaged = false;
  bool other = false;  // a line that is not UTF-8
  each_line(s, at_end, [&](std::string_view line, bool complete) {
    const detail::LineKind kind = detail::classify_line(line, complete);
    evidence = evidence || kind == detail::LineKind::utf8 || kind == detail::LineKind::damaged_utf8;
    damaged = damaged || kind == detail::LineKind::damaged_utf8;
    other = other || kind == detail::LineKind::invalid_utf8;
    if (!first && kind != detail::LineKind::ascii && kind != detail::LineKind::ambiguous) {
      first = kind == detail::LineKind::invalid_utf8 ? Encoding::gb18030 : Encoding::utf8;
    }
    return true;
  });
  if (!evidence) {
    return std::nullopt;
  }
  if (!other) {
    return damaged ? std::optional<Detection>(Detection{Encoding::utf8, 0, "UTF-8 but for invalid bytes"})
                   : std::nullopt;
  }
  std::unique_ptr<UConverter, void (*)(UConverter*)> checker(detail::open_gb18030_checker(), &ucnv_close);
  bool all_gb18030 = true;
  each_line(s, at_end, [&](std::string_view line, bool complete) {
    all_gb18030 = detail::classify_line(line, complete, false) != detail::LineKind::invalid_utf8 ||
                  detail::valid_gb18030(line, complete, checker.get());
    return all_gb18030;
  });
  if (!all_gb18030) {
    return std::nullopt;
  }
  return Detection{*first, 0, "UTF-8 and GB18030 lines", true};
}

}  // namespace

std::optional<Detection> detect_encoding(std::string_view s, bool at_end) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") {
    return Detection{Encoding::utf8, 3, "BOM"};
  }
  if (s.substr(0, 2) == "\xFF\xFE") {
    return Detection{Encoding::utf16le, 2, "BOM"};
  }
  if (s.substr(0, 2) == "\xFE\xFF") {
    return Detection{Encoding::utf16be, 2, "BOM"};
  }
  // UTF-16 without a BOM: ASCII-range text (delimiters, newlines, digits) has a
  // NUL in every other byte. The other side sees a few too (一 is U+4E00, a low
  // surrogate can be U+DC00), so "mostly" is at least 4 to 1.
  const std::size_t probe = std::min<std::size_t>(s.size(), 4096) & ~std::size_t{1};
  if (probe >= 4) {
    std::size_t even = 0;
    std::size_t odd = 0;
    for (std::size_t i = 0; i < probe; i += 2) {
      even += s[i] == '\0';
      odd += s[i + 1] == '\0';
    }
    const std::size_t pairs = probe / 2;
    // Under 30% the NULs are weak evidence, which bytes that are valid UTF-8
    // outweigh: a short UTF-8 export with a stray NUL or two is not UTF-16
    // (Chinese UTF-16 text is almost never valid UTF-8).
    const auto utf16 = [&](std::size_t nuls, std::size_t other) {
      return nuls * 10 >= pairs && nuls >= other * 4 && (nuls * 10 >= pairs * 3 || !valid_utf8(s, at_end));
    };
    if (utf16(odd, even)) {
      return Detection{Encoding::utf16le, 0, "UTF-16 without BOM"};
    }
    if (utf16(even, odd)) {
      return Detection{Encoding::utf16be, 0, "UTF-16 without BOM"};
    }
  }
  if (valid_utf8(s, at_end)) {
    return Detection{Encoding::utf8, 0, "valid UTF-8"};
  }
  if (auto mixed = detect_mixed_lines(s, at_end)) {
    return mixed;
  }
  if (detail::valid_gb18030(s, at_end)) {
    if (auto western = western_guess(s)) {
      return western;
    }
    return Detection{Encoding::gb18030, 0, "valid GB18030"};
  }
  return std::nullopt;
}

std::optional<Detection> western_guess(std::string_view s) {
  const auto is_high = [](char c) { return static_cast<unsigned char>(c) >= 0x80; };
  const std::size_t first = static_cast<std::size_t>(std::find_if(s.begin(), s.end(), is_high) - s.begin());
  if (first == s.size()) {
    return std::nullopt;
  }
  // The sample is valid GB18030: walk its characters (a Chinese export stops at
  // its first one). A four-byte one (its second byte a digit) is GB18030's own,
  // no accident of Western bytes.
  for (std::size_t i = first; i + 1 < s.size(); ++i) {
    const auto lead = static_cast<unsigned char>(s[i]);
    if (lead < 0x81) {
      continue;
    }
    const auto trail = static_cast<unsigned char>(s[i + 1]);
    if (trail >= 0x30 && trail <= 0x39) {
      return std::nullopt;
    }
    if (trail >= 0xA1 && trail <= 0xFE && ((lead >= 0xB0 && lead <= 0xF7) || (lead >= 0xA1 && lead <= 0xA9))) {
      return std::nullopt;  // a GB2312 character: Chinese text
    }
    ++i;
  }
  std::int64_t high = 0;  // bytes above 0x7F
  for (std::size_t i = first; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D) {
      return std::nullopt;  // undefined in Windows-1252
    }
    high += b >= 0x80 ? 1 : 0;
  }
  const std::int64_t first_line = 1 + detail::count_newlines(s.data(), s.data() + first);
  std::size_t run = first;
  while (run < s.size() && static_cast<unsigned char>(s[run]) >= 0x80) {
    ++run;
  }
  Detection d{Encoding::cp1252, 0, "guessed"};
  d.guess = "encoding guessed: windows-1252 (" + std::to_string(high) + (high == 1 ? " byte is" : " bytes are") +
            " not ASCII, first on line " + std::to_string(first_line) + ": " +
            hex_bytes(s.data() + first, run - first) +
            "; not UTF-8, and as GB18030 they would make no common Chinese character; --encoding NAME if it is "
            "another)";
  return d;
}

std::string undecidable_advice(std::string_view s, bool at_end) {
  std::int64_t lines = 0;
  std::int64_t utf8 = 0;
  std::int64_t bad = 0;
  std::int64_t first_bad = 0;
  each_line(s, at_end, [&](std::string_view line, bool complete) {
    ++lines;
    const detail::LineKind kind = detail::classify_line(line, complete);
    utf8 += kind == detail::LineKind::utf8 || kind == detail::LineKind::damaged_utf8 ? 1 : 0;
    if (kind == detail::LineKind::invalid_utf8) {
      ++bad;
      first_bad = first_bad == 0 ? lines : first_bad;
    }
    return true;
  });
  std::string why = "(not UTF-8, UTF-16 or GB18030)";
  if (utf8 > 0) {
    // Lines of UTF-8 evidence: GBK, Big5 or Latin-1 would garble them.
    return why + ": " + std::to_string(utf8) + " of " + std::to_string(lines) + " lines are UTF-8 and " +
           (bad == 1 ? "line " + std::to_string(first_bad) + " is neither UTF-8 nor GB18030"
                     : std::to_string(bad) + " are neither UTF-8 nor GB18030 (first: line " +
                           std::to_string(first_bad) + ")") +
           "; if it is UTF-8, read it with --encoding utf-8 --on-bad-bytes replace";
  }
  // GBK is GB18030's subset, so never a way out; Big5 if its bytes pair up as
  // Big5 (ICU's table also takes 0x80 and 0xFF alone); Latin-1 text has no C1
  // control bytes or NULs.
  std::string names;
  bool big5 = true;
  for (std::size_t i = 0; i < s.size() && big5; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b >= 0x80) {
      const auto t = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : (at_end ? 0 : 0x40);
      big5 = b >= 0x81 && b <= 0xFE && ((t >= 0x40 && t <= 0x7E) || (t >= 0xA1 && t <= 0xFE));
      ++i;
    }
  }
  if (big5) {
    std::unique_ptr<UConverter, void (*)(UConverter*)> cnv(nullptr, &ucnv_close);
    UErrorCode status = U_ZERO_ERROR;
    cnv.reset(ucnv_open("Big5", &status));
    ucnv_setToUCallBack(cnv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    if (U_SUCCESS(status) && detail::valid_gb18030(s, at_end, cnv.get())) {
      names = "big5";
    }
  }
  if (std::none_of(s.begin(), s.end(), [](char c) {
        const auto b = static_cast<unsigned char>(c);
        return b == 0 || (b >= 0x80 && b <= 0x9F);
      })) {
    names += names.empty() ? "latin1" : "|latin1";
  }
  if (names.empty()) {
    return why + "; name it with --encoding if you know it: it is not Big5 or Latin-1 text either (a binary file?)";
  }
  return why + "; name it with --encoding " + names + " if it is that";
}

}  // namespace fbkit::text
