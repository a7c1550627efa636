#include "text/encoding.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <memory>
#include <vector>

#include "core/error.hpp"
#include "core/strings.hpp"
#include "text/encoding_detail.hpp"

namespace fbkit::text {

using detail::kChunk;

namespace {

constexpr std::size_t kSample = 1024 * 1024;

const char* icu_name(Encoding e) {
  switch (e) {
    case Encoding::utf16le:
      return "UTF-16LE";
    case Encoding::utf16be:
      return "UTF-16BE";
    case Encoding::gb18030:
      return "GB18030";
    case Encoding::gbk:
      return "GBK";
    case Encoding::big5:
      return "Big5";
    case Encoding::latin1:
      return "ISO-8859-1";
    case Encoding::cp1252:
      return "windows-1252";
    case Encoding::utf8:
      return "UTF-8";
  }
  return "UTF-8";
}

}  // namespace

namespace detail {

std::size_t valid_utf8_prefix(const char* data, std::size_t n, bool* incomplete) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(data);
  std::size_t i = 0;
  *incomplete = false;
  while (i < n) {
    // ASCII fast path, 16 bytes at a time.
    while (i + 16 <= n) {
      std::uint64_t w[2];
      std::memcpy(w, p + i, 16);
      if (((w[0] | w[1]) & 0x8080808080808080ULL) != 0) {
        break;
      }
      i += 16;
    }
    if (i >= n) {
      break;
    }
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const std::uint8_t lead = p[i];
    const std::size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
    if (need == 0 || lead > 0xF4) {
      return i;
    }
    if (i + need > n) {
      // Check that what is there could start a valid sequence.
      std::int32_t k = static_cast<std::int32_t>(i);
      UChar32 c = 0;
      U8_NEXT(p, k, static_cast<std::int32_t>(n), c);
      (void)c;
      *incomplete = static_cast<std::size_t>(k) == n;
      return i;
    }
    std::int32_t k = static_cast<std::int32_t>(i);
    UChar32 c = 0;
    U8_NEXT(p, k, static_cast<std::int32_t>(n), c);
    if (c < 0) {
      return i;
    }
    i = static_cast<std::size_t>(k);
  }
  return n;
}

bool valid_utf8(std::string_view s, bool at_end) {
  bool incomplete = false;
  const std::size_t valid = valid_utf8_prefix(s.data(), s.size(), &incomplete);
  return valid == s.size() || (!at_end && incomplete);
}

std::int64_t count_newlines(const char* from, const char* to) {
  std::int64_t n = 0;
  while ((from = static_cast<const char*>(std::memchr(from, '\n', static_cast<std::size_t>(to - from))))) {
    ++n;
    ++from;
  }
  return n;
}

UConverter* open_gb18030_checker() {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* cnv = ucnv_open("GB18030", &status);
  if (U_FAILURE(status)) {
    throw IoError(std::string("cannot open the GB18030 converter: ") + u_errorName(status));
  }
  ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  return cnv;
}

bool valid_gb18030(std::string_view bytes, bool at_end, UConverter* cnv) {
  std::unique_ptr<UConverter, void (*)(UConverter*)> own(nullptr, &ucnv_close);
  if (cnv == nullptr) {
    own.reset(open_gb18030_checker());
    cnv = own.get();
  }
  ucnv_resetToUnicode(cnv);
  UChar out[1024];
  const char* src = bytes.data();
  const char* src_end = src + bytes.size();
  for (;;) {
    UChar* target = out;
    UErrorCode status = U_ZERO_ERROR;
    ucnv_toUnicode(cnv, &target, out + std::size(out), &src, src_end, nullptr, at_end, &status);
    if (status != U_BUFFER_OVERFLOW_ERROR) {
      return U_SUCCESS(status);
    }
  }
}

}  // namespace detail

namespace {

using detail::count_newlines;
using detail::valid_utf8_prefix;

// The context is the DecodingSource's own counter (each source has its own).
void count_and_substitute(const void* context, UConverterToUnicodeArgs* args, const char* units, int32_t length,
                          UConverterCallbackReason reason, UErrorCode* err) {
  if (reason == UCNV_UNASSIGNED || reason == UCNV_ILLEGAL || reason == UCNV_IRREGULAR) {
    ++*static_cast<std::int64_t*>(const_cast<void*>(context));
  }
  UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, units, length, reason, err);
}

}  // namespace

DecodingSource::DecodingSource(ByteSource& raw, Encoding enc, BadBytes policy, Lines lines)
    : m_raw(raw), m_encoding(enc), m_policy(policy) {
  if (lines == Lines::utf8_or_gb18030 && (enc == Encoding::utf8 || enc == Encoding::gb18030)) {
    // UTF-8 is checked and copied, GB18030 lines go through the converter.
    m_by_line = true;
    m_last = enc;
    m_seg_enc = enc;
    enc = Encoding::gb18030;
    m_checker = detail::open_gb18030_checker();
  }
  if (enc == Encoding::utf8) {
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  UConverter* cnv = ucnv_open(icu_name(enc), &status);
  if (U_FAILURE(status)) {
    throw IoError(std::string("cannot open the ") + icu_name(enc) + " converter: " + u_errorName(status));
  }
  if (policy == BadBytes::error) {
    ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  } else {
    ucnv_setToUCallBack(cnv, count_and_substitute, &m_replaced, nullptr, nullptr, &status);
  }
  m_converter = cnv;
}

DecodingSource::~DecodingSource() {
  if (m_converter != nullptr) {
    ucnv_close(static_cast<UConverter*>(m_converter));
  }
  if (m_checker != nullptr) {
    ucnv_close(static_cast<UConverter*>(m_checker));
  }
}

bool DecodingSource::refill() {
  if (m_raw_eof) {
    return false;
  }
  m_seg_end -= std::min(m_seg_end, m_in_pos);
  m_in.erase(0, m_in_pos);
  m_in_pos = 0;
  const std::size_t old = m_in.size();
  m_in.resize(old + kChunk);
  const std::size_t got = m_raw.read(m_in.data() + old, kChunk);
  m_in.resize(old + got);
  if (got == 0) {
    m_raw_eof = true;
    return false;
  }
  return true;
}

void DecodingSource::fail(Encoding encoding, const char* bad, std::size_t length) const {
  const std::string enc(encoding_name(encoding));
  throw DataError(Location{m_raw.name(), m_line, 0}.str() + ": invalid " + enc + " byte sequence " +
                  hex_bytes(bad, length) + (m_by_line ? " (neither utf-8 nor gb18030" : " (not " + enc) +
                  "? name the encoding with --encoding, or use --on-bad-bytes replace)");
}

void DecodingSource::count_lines(const char* from, const char* to) {
  m_line += count_newlines(from, to);
}

std::size_t DecodingSource::read(char* buf, std::size_t n) {
  if (n == 0) {
    return 0;
  }
  if (m_by_line) {
    if (m_pending_pos == m_pending.size() && !fill_lines()) {
      return 0;
    }
    const std::size_t k = std::min(n, m_pending.size() - m_pending_pos);
    std::memcpy(buf, m_pending.data() + m_pending_pos, k);
    m_pending_pos += k;
    return k;
  }
  if (m_encoding != Encoding::utf8) {
    return read_converted(buf, n);
  }
  if (m_pending_pos == m_pending.size() && n < 4) {
    // A whole character may not fit: decode into a spare buffer first.
    char tmp[4];
    m_pending.assign(tmp, read_utf8(tmp, sizeof tmp));
    m_pending_pos = 0;
  }
  if (m_pending_pos < m_pending.size()) {
    const std::size_t k = std::min(n, m_pending.size() - m_pending_pos);
    std::memcpy(buf, m_pending.data() + m_pending_pos, k);
    m_pending_pos += k;
    return k;
  }
  return read_utf8(buf, n);
}

std::size_t DecodingSource::read_utf8(char* buf, std::size_t n) {
  for (;;) {
    if (m_in.size() - m_in_pos < 4 && !m_raw_eof) {
      refill();
      continue;
    }
    if (!m_started) {
      m_started = true;
      if (m_in.compare(m_in_pos, 3, "\xEF\xBB\xBF") == 0) {
        m_in_pos += 3;
      }
    }
    const std::size_t avail = std::min(n, m_in.size() - m_in_pos);
    if (avail == 0) {
      return 0;
    }
    const char* p = m_in.data() + m_in_pos;
    bool incomplete = false;
    const std::size_t valid = valid_utf8_prefix(p, avail, &incomplete);
    if (valid > 0) {
      std::memcpy(buf, p, valid);
      count_lines(p, p + valid);
      m_in_pos += valid;
      return valid;
    }
    // The first bytes are not a complete, valid sequence (n >= 4 here, so
    // the caller's buffer is not what cut it short).
    const std::size_t rest = m_in.size() - m_in_pos;
    if (incomplete && !m_raw_eof) {
      refill();
      continue;
    }
    // A bad sequence: its maximal subpart, as ICU sees it.
    std::int32_t k = 0;
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const std::uint8_t*>(p), k, static_cast<std::int32_t>(rest), c);
    const std::size_t bad = std::max<std::int32_t>(k, 1);
    if (m_policy == BadBytes::error) {
      fail(m_encoding, p, bad);
    }
    std::memcpy(buf, "\xEF\xBF\xBD", 3);
    ++m_replaced;
    m_in_pos += bad;
    return 3;
  }
}

std::size_t DecodingSource::read_converted(char* buf, std::size_t n) {
  while (m_pending_pos == m_pending.size()) {
    m_pending.clear();
    m_pending_pos = 0;
    if (m_in_pos == m_in.size() && !refill() && m_flushed) {
      return 0;  // input exhausted and the converter flushed
    }
    const bool flush = m_raw_eof;
    const char* src = m_in.data() + m_in_pos;
    convert(src, m_in.data() + m_in.size(), flush);
    m_in_pos = static_cast<std::size_t>(src - m_in.data());
    m_flushed = flush && m_in_pos == m_in.size();
    if (m_pending.empty() && flush && m_in_pos == m_in.size()) {
      return 0;
    }
  }
  const std::size_t k = std::min(n, m_pending.size() - m_pending_pos);
  std::memcpy(buf, m_pending.data() + m_pending_pos, k);
  m_pending_pos += k;
  return k;
}

void DecodingSource::convert(const char*& src, const char* src_end, bool flush) {
  auto* cnv = static_cast<UConverter*>(m_converter);
  // Allocated once, and only when there is something to convert: a caller
  // reading a few bytes at a time is served from m_pending (it paid 128 KiB per call).
  m_uchars.resize(kChunk);
  UChar* const uchars = reinterpret_cast<UChar*>(m_uchars.data());
  const std::size_t counted = m_pending.size();
  UErrorCode status = U_ZERO_ERROR;
  std::size_t carried = 0;  // a lead surrogate whose trail did not fit last round
  do {
    UChar* target = uchars + carried;
    status = U_ZERO_ERROR;
    ucnv_toUnicode(cnv, &target, uchars + m_uchars.size(), &src, src_end, nullptr, flush, &status);
    carried = 0;
    UChar* end = target;
    if (status == U_BUFFER_OVERFLOW_ERROR && end > uchars && U16_IS_LEAD(end[-1])) {
      --end;
      carried = 1;
    }
    for (const UChar* u = uchars; u < end;) {
      UChar32 c = *u++;
      if (U16_IS_LEAD(c) && u < target && U16_IS_TRAIL(*u)) {
        c = U16_GET_SUPPLEMENTARY(c, *u++);
      }
      if (!m_started) {
        m_started = true;
        if (c == 0xFEFF) {
          continue;
        }
      }
      char out[4];
      std::int32_t len = 0;
      UBool unused = false;
      U8_APPEND(reinterpret_cast<std::uint8_t*>(out), len, 4, c, unused);
      (void)unused;
      m_pending.append(out, static_cast<std::size_t>(len));
    }
    if (carried != 0) {
      uchars[0] = *end;
    }
    if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) {
      count_lines(m_pending.data() + counted, m_pending.data() + m_pending.size());
      char bad[32];
      std::int8_t bad_len = sizeof bad;
      UErrorCode e2 = U_ZERO_ERROR;
      ucnv_getInvalidChars(cnv, bad, &bad_len, &e2);
      fail(m_by_line ? Encoding::gb18030 : m_encoding, bad,
           static_cast<std::size_t>(std::max<std::int8_t>(bad_len, 1)));
    }
  } while (status == U_BUFFER_OVERFLOW_ERROR);
  count_lines(m_pending.data() + counted, m_pending.data() + m_pending.size());
}

Opened open_utf8(ByteSource& raw, std::optional<Encoding> forced, BadBytes policy) {
  // Grown as bytes come: a small file does not pay for the whole sample.
  std::string sample;
  std::size_t got = 0;
  bool at_end = false;
  while (got < kSample && !at_end) {
    if (got == sample.size()) {
      sample.resize(std::min(kSample, std::max(kChunk, 2 * sample.size())));
    }
    const std::size_t k = raw.read(sample.data() + got, sample.size() - got);
    got += k;
    at_end = k == 0;
  }
  sample.resize(got);
  Opened o;
  if (forced) {
    o.detection = Detection{*forced, 0, "forced"};
  } else if (auto d = detect_encoding(sample, at_end)) {
    o.detection = *d;
  } else {
    throw DataError(raw.name() + ": cannot tell the encoding " + undecidable_advice(sample, at_end));
  }
  Encoding enc = o.detection.encoding;
  if (forced) {
    // A UTF-16 BOM decides the byte order even when utf-16 was named; a BOM
    // of the named encoding is skipped by the decoder, and reported here.
    const auto bom = detect_encoding(std::string_view(sample).substr(0, 4), false);
    const bool utf16 = enc == Encoding::utf16le || enc == Encoding::utf16be;
    if (bom && bom->bom_bytes > 0 && (bom->encoding == enc || (utf16 && bom->encoding != Encoding::utf8))) {
      enc = o.detection.encoding = bom->encoding;
      o.detection.bom_bytes = bom->bom_bytes;
    } else if (enc == Encoding::gb18030 && sample.compare(0, 4, "\x84\x31\x95\x33") == 0) {
      o.detection.bom_bytes = 4;
    }
  }
  o.keep1 = std::make_unique<PrefixedSource>(std::move(sample), raw);
  // Detected UTF-8 or GB18030 is read line by line: an export concatenated
  // from two systems may change encoding anywhere, also past the sample.
  auto decoder = std::make_unique<DecodingSource>(*o.keep1, enc, policy, forced ? Lines::same : Lines::utf8_or_gb18030);
  o.decoder = decoder.get();
  o.source = std::move(decoder);
  return o;
}

}  // namespace fbkit::text
