#include "text/pii_parts.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <string>

namespace fbkit::text::pii_detail {

namespace {

inline bool email_local_char(char c) {
  return ascii_alnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

inline bool email_domain_char(char c) {
  return ascii_alnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
}

// File extensions that end a file name (lower or upper case).
bool known_extension(std::string_view ext) {
  if (ext.empty() || ext.size() > 5) {
    return false;
  }
  std::string lower(ext);
  for (char& c : lower) {
    c = static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
  }
  for (const std::string_view e :
       {"png",  "jpg", "jpeg", "gif",  "bmp", "webp", "heic", "pdf", "doc", "docx", "xls",
        "xlsx", "csv", "txt",  "zip",  "rar", "7z",   "mp3",  "mp4", "mov", "avi",  "amr",
        "wav",  "m4a", "log",  "json", "xml", "html", "htm",  "apk", "ipa", "ppt",  "pptx"}) {
    if (lower == e) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::size_t separator_at(std::string_view s, std::size_t i, bool paren_open, Sep* kind) {
  const auto c = static_cast<unsigned char>(s[i]);
  *kind = Sep::plain;
  if (c == '-' || c == ' ') {
    return 1;
  }
  if (c == '.') {
    *kind = Sep::dot;
    return 1;
  }
  std::size_t len = 0;
  if (paren_open && c == ')') {
    len = 1;
  } else if (paren_open && s.substr(i, 3) == "\xEF\xBC\x89") {  // ）
    len = 3;
  }
  if (len > 0) {
    *kind = Sep::paren;
    return len + (i + len < s.size() && (s[i + len] == ' ' || s[i + len] == '-') ? 1 : 0);
  }
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
    return 2;  // U+00A0 no-break space
  }
  const std::string_view three = s.substr(i, 3);
  for (const std::string_view sep : {"\xEF\xBC\x8D", "\xE3\x80\x80", "\xE2\x80\x8B", "\xE2\x80\x8C", "\xE2\x80\x8D",
                                     "\xE2\x81\xA0", "\xEF\xBB\xBF", "\xE2\x80\x89", "\xE2\x80\xAF"}) {
    if (three == sep) {
      return 3;
    }
  }
  return 0;
}

bool email_at(std::string_view s, std::size_t at, std::size_t floor, Span& span) {
  std::size_t len = 1, b = at;
  for (char c; b > floor && (c = ascii_before(s, b, &len)) != 0 && email_local_char(c);) {
    b -= len;
  }
  for (char c; b < at && ((c = ascii_at(s, b, &len)) == '.' || c == '-' || c == '+');) {
    b += len;  // a local part starts with a letter, digit, '_' or '%'
  }
  if (b == at || (b > 0 && s[b - 1] == '*')) {
    return false;  // nothing before '@', or an address masked already
  }
  std::string domain;  // its ASCII form
  std::size_t e = at + (s[at] == '@' ? 1 : 3);
  std::vector<std::size_t> ends;  // byte end of each domain character
  for (char c; e < s.size() && (c = ascii_at(s, e, &len)) != 0 && email_domain_char(c) && domain.size() < 255;) {
    domain += c;
    e += len;
    ends.push_back(e);
  }
  while (!domain.empty() && (domain.back() == '.' || domain.back() == '-')) {
    domain.pop_back();  // the full stop ending a sentence is not part of the domain
    ends.pop_back();
  }
  if (domain.empty() || domain.front() == '.' || domain.front() == '-' || domain.find("..") != std::string::npos) {
    return false;
  }
  const std::size_t dot = domain.rfind('.');
  if (dot == std::string::npos || domain.size() - dot - 1 < 2) {
    return false;
  }
  for (std::size_t i = dot + 1; i < domain.size(); ++i) {
    if ((static_cast<unsigned char>(domain[i]) | 0x20) < 'a' || (static_cast<unsigned char>(domain[i]) | 0x20) > 'z') {
      return false;
    }
  }
  span = {b, ends.back()};
  return true;
}

bool order_context(std::string_view s, std::size_t start) {
  std::string_view before = s.substr(0, start);
  for (bool more = true; more;) {
    more = false;
    for (const std::string_view sep : {" ", ":", "#", "：", "是", "为", "號", "号码", "号"}) {
      if (before.size() >= sep.size() && before.substr(before.size() - sep.size()) == sep) {
        before.remove_suffix(sep.size());
        more = true;
      }
    }
  }
  for (const std::string_view w :
       {"订单", "单",   "编",       "流水",     "快递",    "物流",    "货",     "合同",  "发票",
        "工单", "序列", "order",    "Order",    "ORDER",   "No.",     "NO.",    "no.",   "No",
        "NO",   "SN",   "tracking", "Tracking", "invoice", "Invoice", "ticket", "Ticket"}) {
    if (before.size() >= w.size() && before.substr(before.size() - w.size()) == w) {
      return true;
    }
  }
  return false;
}

bool version_context(std::string_view s, std::size_t start) {
  std::string_view before = s.substr(0, start);
  for (int k = 0; k < 4 && !before.empty(); ++k) {
    if (before.back() == ' ' || before.back() == ':') {
      before.remove_suffix(1);
    } else if (before.size() >= 3 && before.substr(before.size() - 3) == "：") {
      before.remove_suffix(3);
    } else {
      break;
    }
  }
  for (const std::string_view w : {"版本", "版本号", "version", "Version", "VERSION", "ver", "Ver", "V", "v"}) {
    if (before.size() >= w.size() && before.substr(before.size() - w.size()) == w) {
      return true;
    }
  }
  return false;
}

Match classify_digits(std::string_view d, bool id_x, bool order_ctx, const PiiOptions& o) {
  const std::size_t n = d.size() + (id_x ? 1 : 0);
  if (o.id_card && n == 18) {
    std::string id(d);
    if (id_x) {
      id += 'X';
    }
    if (valid_id_card(id)) {
      return {Kind::id_card, 6, 14};
    }
  }
  if (id_x) {
    return {};
  }
  if (o.bank_card && n >= 16 && n <= 19 && d[0] != '0' && !order_ctx && luhn_valid(d)) {
    return {Kind::bank_card, 6, n - 4};
  }
  if (o.mobile) {
    std::size_t off = 0;
    if (n == 13 && d.substr(0, 2) == "86") {
      off = 2;
    } else if (n == 15 && d.substr(0, 4) == "0086") {
      off = 4;
    }
    // A mobile number is masked even after an order label (订单号13812345678:
    // someone wrote a phone where the order number goes); an order number of
    // another length is left alone.
    if (n - off == 11 && d[off] == '1' && d[off + 1] >= '3' && d[off + 1] <= '9' && (off == 0 || !order_ctx)) {
      return {Kind::mobile, off + 3, off + 7};
    }
  }
  if (order_ctx) {
    return {};
  }
  if (o.landline && n >= 10 && n <= 12 && d[0] == '0' && d[1] != '0') {
    const std::size_t area = (d[1] == '1' || d[1] == '2') ? 3 : 4;
    const std::size_t local = n - area;
    if ((local == 7 || local == 8) && d[area] != '0') {
      return {Kind::landline, area, n - 4};
    }
  }
  return {};
}

std::vector<Span> protected_spans(std::string_view s) {
  std::vector<Span> out;
  const auto url_end = [&](std::size_t i) {
    while (i < s.size() && static_cast<unsigned char>(s[i]) > ' ' && static_cast<unsigned char>(s[i]) < 0x80 &&
           s[i] != '"' && s[i] != '\'' && s[i] != '<' && s[i] != '>') {
      ++i;
    }
    return i;
  };
  const auto name_char = [](char c) {
    return ascii_alnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  };
  std::size_t floor = 0;  // the end of the last span
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != ':' && s[i] != '.' && s[i] != 'w' && s[i] != 'W') {
      continue;  // no "://", "www." or file-name extension starts here
    }
    const std::string_view rest = s.substr(i);
    const bool url = rest.substr(0, 3) == "://" || ((rest.substr(0, 4) == "www." || rest.substr(0, 4) == "WWW.") &&
                                                    (i == 0 || !ascii_alnum(static_cast<unsigned char>(s[i - 1]))));
    if (url || s[i] == '.') {
      std::size_t b = i, e = url ? url_end(i) : i + 1;
      if (!url) {
        while (e < s.size() && ascii_alnum(static_cast<unsigned char>(s[e])) && e - i <= 5) {
          ++e;
        }
        if (!known_extension(s.substr(i + 1, e - i - 1)) ||
            (e < s.size() && ascii_alnum(static_cast<unsigned char>(s[e])))) {
          continue;
        }
      }
      while (b > floor && (url ? ascii_alnum(static_cast<unsigned char>(s[b - 1])) : name_char(s[b - 1]))) {
        --b;  // the scheme (https) or the file name's stem
      }
      if (b < i || url) {
        out.push_back({b, e});
        floor = e;
        i = e - 1;
      }
    }
  }
  return out;
}

std::size_t next_digit_start(std::string_view s, std::size_t from, std::size_t to) {
#if defined(__SSE2__)
  const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9), lead = _mm_set1_epi8(static_cast<char>(0xEF));
  for (; from + 16 <= to; from += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + from));
    const __m128i d = _mm_sub_epi8(v, zero);
    const __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(d, nine), d), _mm_cmpeq_epi8(v, lead));
    if (const auto m = static_cast<unsigned>(_mm_movemask_epi8(hit)); m != 0) {
      return from + static_cast<std::size_t>(__builtin_ctz(m));
    }
  }
#endif
  for (; from < to; ++from) {
    const auto c = static_cast<unsigned char>(s[from]);
    if ((c >= '0' && c <= '9') || c == 0xEF) {
      return from;
    }
  }
  return to;
}

}  // namespace fbkit::text::pii_detail
