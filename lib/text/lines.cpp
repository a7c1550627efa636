// Reading an input of UTF-8 lines and GB18030 lines (Lines::utf8_or_gb18030):
// each line is told apart by itself and decoded in its own encoding.
//
// Lines can be split at '\n' before decoding: in GB18030 every byte of a
// multi-byte character is >= 0x81 but the second (0x40-0xFE, not 0x7F) and
// the second and fourth of a 4-byte one (0x30-0x39), and in UTF-8 all are >=
// 0x80, so 0x0A (and 0x0D) is always a character of its own in both.
#include <unicode/ucnv.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>

#include "core/error.hpp"
#include "core/strings.hpp"
#include "text/encoding.hpp"
#include "text/encoding_detail.hpp"

namespace fbkit::text {

namespace detail {

LineKind classify_line(std::string_view line, bool complete, bool evidence) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(line.data());
  const auto n = static_cast<std::int32_t>(line.size());
  std::int32_t i = 0;
  for (std::uint64_t w = 0; i + 8 <= n; i += 8) {
    std::memcpy(&w, p + i, 8);
    if ((w & 0x8080808080808080ULL) != 0) {
      break;
    }
  }
  while (i < n && p[i] < 0x80) {
    ++i;
  }
  if (i == n) {
    return LineKind::ascii;
  }
  if (!valid_utf8(line.substr(static_cast<std::size_t>(i)), complete)) {
    // UTF-8 with a few bad bytes (a corrupt byte pair), or another encoding.
    std::int64_t chars = 0;
    std::int64_t invalid = 0;
    bool incomplete = false;
    while (i < n) {
      const std::size_t valid = valid_utf8_prefix(line.data() + i, static_cast<std::size_t>(n - i), &incomplete);
      for (std::int32_t end = i + static_cast<std::int32_t>(valid); i < end;) {
        UChar32 c = 0;
        U8_NEXT(p, i, end, c);
        chars += utf8_evidence(c) ? 1 : 0;
      }
      if (i == n || (incomplete && !complete)) {
        break;
      }
      std::int32_t k = i;
      UChar32 c = 0;
      U8_NEXT(p, k, n, c);  // past the maximal subpart, as ICU sees it
      i = std::max(k, i + 1);
      ++invalid;
    }
    return chars > 0 && chars >= 2 * invalid ? LineKind::damaged_utf8 : LineKind::invalid_utf8;
  }
  if (!evidence) {
    return LineKind::utf8;
  }
  for (; i < n; ++i) {
    if (p[i] < 0xE0) {
      continue;  // ASCII, a 2-byte lead (U+0080-U+07FF) or a trail byte
    }
    std::int32_t k = i;
    UChar32 c = 0;
    U8_NEXT(p, k, n, c);
    if (utf8_evidence(c)) {
      return LineKind::utf8;
    }
  }
  return LineKind::ambiguous;
}

}  // namespace detail

std::string describe_lines(const LineCounts& c, Encoding first) {
  if (c.gb18030 == 0 && c.utf8 == 0) {
    return "";
  }
  const std::string of = " of " + std::to_string(c.lines) + " lines read as ";
  if (c.gb18030 > 0 && c.utf8 > 0) {
    if (c.gb18030 <= c.utf8) {
      return "mixed encodings: " + std::to_string(c.gb18030) + of + "GB18030 (first: line " +
             std::to_string(c.first_gb18030) + "), the rest as UTF-8";
    }
    return "mixed encodings: " + std::to_string(c.utf8) + of + "UTF-8 (first: line " + std::to_string(c.first_utf8) +
           "), the rest as GB18030";
  }
  // One encoding and ASCII: worth a word only if it is not the one announced.
  if (c.gb18030 > 0 && first != Encoding::gb18030) {
    return std::to_string(c.gb18030) + of + "GB18030 (first: line " + std::to_string(c.first_gb18030) +
           "), the rest are ASCII";
  }
  if (c.utf8 > 0 && first != Encoding::utf8) {
    return std::to_string(c.utf8) + of + "UTF-8 (first: line " + std::to_string(c.first_utf8) + "), the rest are ASCII";
  }
  return "";
}

bool DecodingSource::fill_lines() {
  m_pending.clear();
  m_pending_pos = 0;
  while (m_pending.empty()) {
    if ((m_in_pos == m_seg_end && !m_flush_due) || m_stuck) {
      m_stuck = false;
      if (!next_segment()) {
        return false;
      }
    }
    const char* p = m_in.data() + m_in_pos;
    const char* end = m_in.data() + m_seg_end;
    const bool at_end = m_raw_eof && !m_open && m_seg_end == m_in.size();
    if (m_seg_enc == Encoding::utf8 && m_seg_valid) {
      m_pending.append(p, end);  // checked by next_segment()
      count_lines(p, end);
      p = end;
    } else if (m_seg_enc == Encoding::utf8) {
      append_utf8(p, end, at_end);
      m_stuck = p < end;  // a character cut by the end of what is read so far
    } else {
      convert(p, end, at_end);
      m_flush_due = false;
    }
    m_in_pos = static_cast<std::size_t>(p - m_in.data());
  }
  return true;
}

void DecodingSource::append_utf8(const char*& p, const char* end, bool at_end) {
  while (p < end) {
    bool incomplete = false;
    const std::size_t valid = detail::valid_utf8_prefix(p, static_cast<std::size_t>(end - p), &incomplete);
    m_pending.append(p, valid);
    count_lines(p, p + valid);
    p += valid;
    if (p == end || (incomplete && !at_end)) {
      return;
    }
    // A bad sequence: its maximal subpart, as ICU sees it.
    std::int32_t k = 0;
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const std::uint8_t*>(p), k, static_cast<std::int32_t>(end - p), c);
    const std::size_t bad = static_cast<std::size_t>(std::max<std::int32_t>(k, 1));
    if (m_policy == BadBytes::error && !m_seg_damaged) {
      fail(Encoding::utf8, p, bad);
    }
    m_pending.append("\xEF\xBF\xBD");
    if (m_policy == BadBytes::error) {
      if (m_damaged.empty() || m_damaged.back().line != m_line) {
        m_damaged.push_back(DamagedLine{m_line, hex_bytes(p, bad)});
      }
    } else {
      ++m_replaced;
    }
    p += bad;
  }
}

std::optional<DamagedLine> DecodingSource::take_damaged(std::int64_t line) {
  if (m_damaged.empty() || m_damaged.front().line > line) {
    return std::nullopt;
  }
  DamagedLine d = std::move(m_damaged.front());
  m_damaged.pop_front();
  return d;
}

std::optional<Encoding> DecodingSource::decide(std::string_view line, bool complete, bool* valid, bool* damaged) {
  auto* checker = static_cast<UConverter*>(m_checker);
  // After UTF-8 lines every valid line is UTF-8: no need to look for evidence.
  const detail::LineKind kind = detail::classify_line(line, complete, m_last == Encoding::gb18030);
  *valid = kind != detail::LineKind::invalid_utf8 && kind != detail::LineKind::damaged_utf8;
  *damaged = kind == detail::LineKind::damaged_utf8;
  switch (kind) {
    case detail::LineKind::damaged_utf8:
      return Encoding::utf8;
    case detail::LineKind::ascii:
      return std::nullopt;
    case detail::LineKind::utf8:
      return Encoding::utf8;
    case detail::LineKind::ambiguous:
      // Valid as both: as the lines around it, unless it is not GB18030.
      return m_last == Encoding::gb18030 && detail::valid_gb18030(line, complete, checker) ? Encoding::gb18030
                                                                                           : Encoding::utf8;
    case detail::LineKind::invalid_utf8:
      // Invalid as both: decoded (and reported) in the encoding of the lines around it.
      return m_last == Encoding::gb18030 || detail::valid_gb18030(line, complete, checker) ? Encoding::gb18030
                                                                                           : Encoding::utf8;
  }
  return std::nullopt;
}

bool DecodingSource::continue_long_line() {
  // The rest of a line longer than the window, in the encoding of its start.
  const std::size_t from = m_in.size() - m_in_pos;  // what is left (a cut UTF-8 character)
  if (!refill()) {
    m_open = false;
    m_seg_valid = false;
    m_seg_end = m_in.size();
    m_flush_due = m_seg_enc == Encoding::gb18030;
    return m_in_pos < m_seg_end || m_flush_due;
  }
  const void* nl = std::memchr(m_in.data() + m_in_pos + from, '\n', m_in.size() - m_in_pos - from);
  m_open = nl == nullptr;
  m_seg_valid = false;
  m_seg_end = nl == nullptr ? m_in.size() : static_cast<std::size_t>(static_cast<const char*>(nl) - m_in.data()) + 1;
  return true;
}

bool DecodingSource::next_segment() {
  if (m_open) {
    return continue_long_line();
  }
  // Read on until the first line is whole, the input ends or the window is full.
  while (std::memchr(m_in.data() + m_in_pos, '\n', m_in.size() - m_in_pos) == nullptr &&
         m_in.size() - m_in_pos < detail::kLineWindow && refill()) {
  }
  if (!m_started) {
    m_started = true;
    for (const std::string_view bom : {std::string_view("\xEF\xBB\xBF"), std::string_view("\x84\x31\x95\x33")}) {
      if (std::string_view(m_in).substr(m_in_pos, bom.size()) == bom) {
        m_in_pos += bom.size();
        break;
      }
    }
    // The segment starts after the BOM: fill_lines() decodes [m_in_pos, m_seg_end),
    // and a segment ending before it (a file of a BOM alone) never emptied.
    m_seg_end = m_in_pos;
  }
  if (m_in_pos == m_in.size()) {
    return false;
  }
  // As many whole lines as are read and decided alike, ASCII lines with any;
  // a line of UTF-8 but for a few bytes is a segment of its own.
  std::optional<Encoding> segment;
  bool all_valid = true;  // every line whole and valid UTF-8
  m_seg_damaged = false;
  std::size_t pos = m_in_pos;
  while (pos < m_in.size()) {
    const char* nl = static_cast<const char*>(std::memchr(m_in.data() + pos, '\n', m_in.size() - pos));
    const std::size_t end = nl != nullptr ? static_cast<std::size_t>(nl - m_in.data()) + 1 : m_in.size();
    const bool whole = nl != nullptr || m_raw_eof;
    // Unfinished and at least a window long: only the first line, when the window is read.
    const bool longer = end - pos > detail::kLineWindow || (!whole && end - pos >= detail::kLineWindow);
    if (pos > m_in_pos && (!whole || longer)) {
      break;  // decided on its own, when it is read up to its end or its window
    }
    const std::string_view line = std::string_view(m_in).substr(pos, longer ? detail::kLineWindow : end - pos);
    bool valid = false;
    bool damaged = false;
    const std::optional<Encoding> enc = decide(line, whole && !longer, &valid, &damaged);
    if ((enc && segment && *enc != *segment) || (damaged && pos > m_in_pos)) {
      break;
    }
    m_seg_damaged = damaged;
    all_valid = all_valid && valid && !longer;
    ++m_counts.lines;
    if (enc) {
      segment = *enc;
      m_last = *enc;
      std::int64_t& count = *enc == Encoding::utf8 ? m_counts.utf8 : m_counts.gb18030;
      std::int64_t& first = *enc == Encoding::utf8 ? m_counts.first_utf8 : m_counts.first_gb18030;
      ++count;
      first = first == 0 ? m_counts.lines : first;
    }
    if (damaged) {
      ++m_counts.damaged;
      m_counts.first_damaged = m_counts.first_damaged == 0 ? m_counts.lines : m_counts.first_damaged;
    }
    pos = end;
    if (longer || damaged) {
      m_open = !whole;
      break;
    }
  }
  m_seg_enc = segment.value_or(m_last);
  m_seg_valid = all_valid;
  m_seg_end = pos;
  return true;
}

}  // namespace fbkit::text
