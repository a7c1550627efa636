#include "text/pii.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "text/pii_parts.hpp"

namespace fbkit::text {

using namespace pii_detail;

bool valid_id_card(std::string_view id) {
  if (id.size() != 18 || id[0] < '1' || id[0] > '8') {
    return false;
  }
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    if (id[i] < '0' || id[i] > '9') {
      return false;
    }
    sum += (id[i] - '0') * kWeights[i];
  }
  static constexpr std::string_view kCheck = "10X98765432";
  const char last = id[17] == 'x' ? 'X' : id[17];
  if (kCheck[static_cast<std::size_t>(sum % 11)] != last) {
    return false;
  }
  const int year = (id[6] - '0') * 1000 + (id[7] - '0') * 100 + (id[8] - '0') * 10 + (id[9] - '0');
  const int month = (id[10] - '0') * 10 + (id[11] - '0');
  const int day = (id[12] - '0') * 10 + (id[13] - '0');
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) {
    return false;
  }
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= (month == 2 && !leap ? 28 : kDays[static_cast<std::size_t>(month - 1)]);
}

bool luhn_valid(std::string_view d) {
  if (d.size() < 2) {
    return false;
  }
  int sum = 0;
  bool twice = false;
  for (std::size_t i = d.size(); i-- > 0;) {
    if (d[i] < '0' || d[i] > '9') {
      return false;
    }
    int v = d[i] - '0';
    if (twice) {
      v *= 2;
      v -= v > 9 ? 9 : 0;
    }
    sum += v;
    twice = !twice;
  }
  return sum % 10 == 0;
}

namespace {

// Digit groups joined by single separators, from one number's start.
struct Groups {
  static constexpr std::size_t kMax = 20;  // 1​3​8​1​2​3​4​5​6​7​8: 11 groups
  std::vector<Digit> digits;
  std::size_t count = 0;
  std::array<std::size_t, kMax> end{};       // digits.size() after each group
  std::array<std::size_t, kMax> byte_end{};  // the byte after each group
  std::array<Sep, kMax> sep{};               // how each group joins the one before

  std::size_t size(std::size_t g) const { return g == 0 ? end[0] : end[g] - end[g - 1]; }
  // The digits of groups [0, g] as one string.
  std::string flat(std::size_t g) const {
    std::string out;
    for (std::size_t t = 0; t < end[g]; ++t) {
      out += digits[t].value;
    }
    return out;
  }
  // The value of group g (at most 3 digits).
  int value(std::size_t g) const {
    int v = 0;
    for (std::size_t t = g == 0 ? 0 : end[g - 1]; t < end[g]; ++t) {
      v = v * 10 + (digits[t].value - '0');
    }
    return v;
  }
};

// The digit groups of the number being read: one per thread, whose digits
// keep their memory from value to value.
Groups& groups() {
  thread_local Groups g;
  return g;
}

class Scanner {
public:
  Scanner(std::string_view s, std::string& out, const PiiOptions& o, PiiCounts* counts)
      : m_s(s), m_out(out), m_o(o), m_counts(counts) {}

  int run() {
    m_protected = protected_spans(m_s);
    find_emails();
    std::size_t next_email = 0, next_protected = 0;
    std::size_t i = 0;
    while (i < m_s.size()) {
      // A span is passed at its start, or inside it when an e-mail masked
      // before ran into it (x@y.cn_2025.png): the rest of it is still
      // protected. An e-mail that starts inside what was passed is left.
      if (next_protected < m_protected.size() && i >= m_protected[next_protected].begin) {
        i = std::max(i, m_protected[next_protected++].end);
        continue;
      }
      if (next_email < m_emails.size() && i > m_emails[next_email].begin) {
        ++next_email;
        continue;
      }
      if (next_email < m_emails.size() && i == m_emails[next_email].begin) {
        i = mask_email(m_emails[next_email++]);
        continue;
      }
      std::uint8_t len = 0;
      if (digit_at(m_s, i, &len) == 0) {
        // On to the next byte that may start a digit, or the next span that starts after i.
        std::size_t stop = m_s.size();
        if (next_protected < m_protected.size() && m_protected[next_protected].begin > i) {
          stop = m_protected[next_protected].begin;
        }
        if (next_email < m_emails.size() && m_emails[next_email].begin > i) {
          stop = std::min(stop, m_emails[next_email].begin);
        }
        i = next_digit_start(m_s, i + 1, stop);
        continue;
      }
      std::size_t limit = m_s.size();
      if (next_email < m_emails.size()) {
        limit = m_emails[next_email].begin;
      }
      if (next_protected < m_protected.size()) {
        limit = std::min(limit, m_protected[next_protected].begin);
      }
      i = number(i, limit);
    }
    if (m_masked == 0) {
      m_out.assign(m_s);
      return 0;
    }
    m_out.append(m_s.data() + m_copied, m_s.size() - m_copied);
    return m_masked;
  }

private:
  void find_emails() {
    if (!m_o.email || (m_s.find('@') == std::string_view::npos && m_s.find("\xEF\xBC\xA0") == std::string_view::npos)) {
      return;  // no at sign: the byte loop below would find nothing
    }
    std::size_t floor = 0, next_protected = 0;
    for (std::size_t at = 0; at < m_s.size(); ++at) {
      if (m_s[at] != '@' && m_s.substr(at, 3) != "\xEF\xBC\xA0") {  // ＠
        continue;
      }
      while (next_protected < m_protected.size() && m_protected[next_protected].end <= at) {
        ++next_protected;
      }
      if (next_protected < m_protected.size() && m_protected[next_protected].begin <= at) {
        continue;  // inside a URL or file name
      }
      Span sp{};
      const std::size_t lower = std::max(floor, next_protected > 0 ? m_protected[next_protected - 1].end : 0);
      if (email_at(m_s, at, lower, sp)) {
        m_emails.push_back(sp);
        floor = sp.end;
        at = sp.end - 1;
      }
    }
  }

  // Writes the address with its local part masked; returns where to go on.
  std::size_t mask_email(const Span& sp) {
    std::size_t len = 1;
    ascii_at(m_s, sp.begin, &len);
    m_out.append(m_s.data() + m_copied, sp.begin + len - m_copied);
    m_out += "***";
    std::size_t at = sp.begin;
    while (m_s[at] != '@' && m_s.substr(at, 3) != "\xEF\xBC\xA0") {
      ++at;
    }
    m_copied = at;
    count(Kind::none, true);
    return sp.end;
  }

  // The number starting at i (a digit), masked if it is personal data; returns where to go on.
  std::size_t number(std::size_t i, std::size_t limit) {
    std::uint8_t len = 0;
    const unsigned char prev = i > 0 ? static_cast<unsigned char>(m_s[i - 1]) : 0;
    // A number starts here only if it does not continue a word or a number.
    if (i > 0 && (ascii_alnum(prev) || prev == '*' || prev == '.')) {
      while (i < m_s.size() && digit_at(m_s, i, &len) != 0) {
        i += len;
      }
      return i;
    }
    const bool paren = prev == '(' || (i >= 3 && m_s.substr(i - 3, 3) == "\xEF\xBC\x88");  // （
    if (!collect(i, limit, paren)) {
      while (i < m_s.size() && digit_at(m_s, i, &len) != 0) {
        i += len;  // one run too long to be anything: skip it whole
      }
      return i;
    }
    if (is_date()) {
      return m_g.byte_end[2];
    }
    std::size_t used = 0;
    bool id_x = false;
    const Match m = classify(i, &used, &id_x);
    if (m.kind == Kind::none) {
      return m_g.byte_end[0];  // the first group is nothing; look again from the next
    }
    for (std::size_t t = m.mask_from; t < m.mask_to && t < m_g.end[used - 1]; ++t) {
      const Digit& d = m_g.digits[t];
      m_out.append(m_s.data() + m_copied, d.pos - m_copied);
      m_out += '*';
      m_copied = d.pos + d.len;
    }
    count(m.kind, false);
    return m_g.byte_end[used - 1] + (id_x ? 1 : 0);
  }

  // Collects the digit groups from i; false when the first is too long to be anything.
  bool collect(std::size_t i, std::size_t limit, bool paren) {
    m_g.digits.clear();
    m_g.count = 0;
    std::size_t j = i;
    Sep sep = Sep::none;
    for (;;) {
      std::size_t k = j, before = m_g.digits.size();
      std::uint8_t len = 0;
      for (char v; k < limit && (v = digit_at(m_s, k, &len)) != 0; k += len) {
        m_g.digits.push_back({k, len, v});
      }
      if (m_g.digits.size() - before > 24 || m_g.digits.size() > 32) {
        m_g.digits.resize(before);
        return m_g.count > 0;
      }
      m_g.end[m_g.count] = m_g.digits.size();
      m_g.byte_end[m_g.count] = k;
      m_g.sep[m_g.count] = sep;
      ++m_g.count;
      if (m_g.count == Groups::kMax || k >= limit) {
        return true;
      }
      const std::size_t n = separator_at(m_s, k, paren && m_g.count == 1, &sep);
      if (n == 0 || k + n >= limit || digit_at(m_s, k + n, &len) == 0) {
        return true;
      }
      j = k + n;
    }
  }

  // 2025-07-01 or 2025.7.1 (then a time may follow): a date, never a number to mask.
  bool is_date() const {
    if (m_g.count < 3 || m_g.size(0) != 4 || m_g.size(1) > 2 || m_g.size(2) > 2 || m_g.sep[1] != m_g.sep[2] ||
        (m_g.sep[1] != Sep::plain && m_g.sep[1] != Sep::dot)) {
      return false;
    }
    const char c0 = m_g.digits[0].value, c1 = m_g.digits[1].value;
    const int month = m_g.value(1);
    const int day = m_g.value(2);
    return ((c0 == '1' && c1 == '9') || (c0 == '2' && c1 == '0')) && month >= 1 && month <= 12 && day >= 1 && day <= 31;
  }

  Match classify(std::size_t start, std::size_t* used, bool* id_x) const {
    // Dots join groups only in 138.1234.5678 and in IP addresses.
    if (m_g.count >= 2 && m_g.sep[1] == Sep::dot) {
      return dotted(start, used);
    }
    std::size_t last = 0;  // groups [0, last) are joined by other separators
    while (last < m_g.count && (last == 0 || m_g.sep[last] != Sep::dot)) {
      ++last;
    }
    const bool order_ctx = order_context(m_s, start);
    const std::string all = m_g.flat(last - 1);
    for (std::size_t g = last; g-- > 0;) {
      const std::string_view flat = std::string_view(all).substr(0, m_g.end[g]);
      const std::size_t end = m_g.byte_end[g];
      const bool x = m_g.end[g] == 17 && end < m_s.size() && (m_s[end] == 'X' || m_s[end] == 'x');
      const bool word_after = end < m_s.size() && ascii_alnum(static_cast<unsigned char>(m_s[end]));
      if (x && !(end + 1 < m_s.size() && ascii_alnum(static_cast<unsigned char>(m_s[end + 1])))) {
        const Match m = classify_digits(flat, true, order_ctx, m_o);
        if (m.kind != Kind::none) {
          *used = g + 1;
          *id_x = true;
          return m;
        }
      }
      if (word_after) {
        continue;  // 13812345678abc is some code, not a number
      }
      const Match m = classify_digits(flat, false, order_ctx, m_o);
      if (m.kind != Kind::none) {
        *used = g + 1;
        return m;
      }
    }
    return {};
  }

  // 192.168.10.23 (an IP address: its last two parts masked) or 138.1234.5678.
  Match dotted(std::size_t start, std::size_t* used) const {
    const auto after_ok = [&](std::size_t g) {
      const std::size_t e = m_g.byte_end[g];
      return e >= m_s.size() || (!ascii_alnum(static_cast<unsigned char>(m_s[e])) &&
                                 !(m_s[e] == '.' && e + 1 < m_s.size() && m_s[e + 1] >= '0' && m_s[e + 1] <= '9'));
    };
    bool ip = m_o.ip && m_g.count >= 4 && after_ok(3) && !version_context(m_s, start);
    for (std::size_t g = 0; ip && g < 4; ++g) {
      ip = (g == 0 || m_g.sep[g] == Sep::dot) && m_g.size(g) <= 3 && m_g.value(g) <= 255 &&
           (m_g.size(g) == 1 || m_g.digits[g == 0 ? 0 : m_g.end[g - 1]].value != '0');
    }
    if (ip) {
      *used = 4;
      return {Kind::ip, m_g.end[1], m_g.end[3]};
    }
    if (m_o.mobile && m_g.count >= 3 && m_g.sep[2] == Sep::dot && m_g.size(0) == 3 && m_g.size(1) == 4 &&
        m_g.size(2) == 4 && after_ok(2)) {
      const Match m = classify_digits(m_g.flat(2), false, order_context(m_s, start), m_o);
      if (m.kind == Kind::mobile) {
        *used = 3;
        return m;
      }
    }
    return {};
  }

  void count(Kind kind, bool email) {
    ++m_masked;
    if (m_counts == nullptr) {
      return;
    }
    std::int64_t* const slot[] = {
        nullptr, &m_counts->mobile, &m_counts->landline, &m_counts->id_card, &m_counts->bank_card, &m_counts->ip};
    if (email) {
      ++m_counts->email;
    } else if (auto* p = slot[static_cast<int>(kind)]) {
      ++*p;
    }
  }

  std::string_view m_s;
  std::string& m_out;
  const PiiOptions& m_o;
  PiiCounts* m_counts;
  std::vector<Span> m_protected, m_emails;
  Groups& m_g = groups();
  std::size_t m_copied = 0;  // m_s[0, m_copied) has been written to m_out
  int m_masked = 0;
};

// A full-width digit (U+FF10..U+FF19: EF BC 90..99) or ＠ (U+FF20: EF BC A0)
// at i, where s[i] is 0xEF: 1 a digit, 2 the at sign, 0 neither. Not the
// full-width punctuation of every Chinese sentence (，！？ EF BC 8C, 81, 9F).
int full_width_at(std::string_view s, std::size_t i) {
  if (i + 2 >= s.size() || static_cast<unsigned char>(s[i + 1]) != 0xBC) {
    return 0;
  }
  const auto d = static_cast<unsigned char>(s[i + 2]);
  return d == 0xA0 ? 2 : (d >= 0x90 && d <= 0x99 ? 1 : 0);
}

// True when `s` has no '@' or '＠' and each of its numbers continues a word
// (C0102732, v2.0.1234, ab*123): the scanner skips such numbers whole, so
// there is nothing to mask. A customer_id such as C0102732 is not scanned.
bool numbers_in_words_only(std::string_view s) {
  std::uint8_t len = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '@' || s.substr(i, 3) == "\xEF\xBC\xA0") {
      return false;
    }
    if (digit_at(s, i, &len) == 0) {
      ++i;
      continue;
    }
    const auto prev = static_cast<unsigned char>(i > 0 ? s[i - 1] : ' ');
    if (!ascii_alnum(prev) && prev != '*' && prev != '.') {
      return false;
    }
    while (i < s.size() && digit_at(s, i, &len) != 0) {
      i += len;
    }
  }
  return true;
}

// The bits set in a 16-bit mask (without a call: x86-64's baseline has no
// popcnt instruction, and __builtin_popcount calls libgcc).
int popcount16(unsigned m) {
  m = m - ((m >> 1) & 0x5555U);
  m = (m & 0x3333U) + ((m >> 2) & 0x3333U);
  m = (m + (m >> 4)) & 0x0F0FU;
  return static_cast<int>((m + (m >> 8)) & 0x1FU);
}

}  // namespace

bool may_hold_pii(std::string_view s) {
  // Every kind but e-mail is at least 4 digits (an IP address); most texts
  // with a digit have a few ("等了3天"), and need no scan.
  int digits = 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  // 16 bytes at a time: the digits counted, '@' and the full-width lead 0xEF
  // looked at; the last few bytes from a copy padded with zeros.
  const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9), at = _mm_set1_epi8('@'),
                lead = _mm_set1_epi8(static_cast<char>(0xEF));
  alignas(16) char tail[16];
  for (; i < s.size(); i += 16) {
    const char* p = s.data() + i;
    if (s.size() - i < 16) {
      std::memset(tail, 0, sizeof tail);
      std::memcpy(tail, p, s.size() - i);
      p = tail;
    }
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i d = _mm_sub_epi8(v, zero);
    const auto digit = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, nine), d)));
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(v, at)) != 0) {
      return true;
    }
    if (digit != 0) {
      digits += popcount16(digit);  // most blocks of a Chinese text have none
    }
    for (auto ef = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, lead))); ef != 0; ef &= ef - 1) {
      const int k = full_width_at(s, i + static_cast<std::size_t>(__builtin_ctz(ef)));
      digits += k == 1 ? 1 : 0;
      if (k == 2) {
        return true;
      }
    }
    if (digits >= 4) {
      return true;
    }
  }
#endif
  for (; i < s.size(); ++i) {
    const auto u = static_cast<unsigned char>(s[i]);
    if (u == '@') {
      return true;
    }
    const int k = u >= '0' && u <= '9' ? 1 : (u == 0xEF ? full_width_at(s, i) : 0);
    if (k == 2 || (k == 1 && ++digits == 4)) {
      return true;
    }
  }
  return digits >= 4;
}

int mask_pii(std::string_view s, std::string& out, const PiiOptions& o, PiiCounts* counts) {
  if (!may_hold_pii(s)) {
    out.assign(s);
    return 0;
  }
  return mask_pii_checked(s, out, o, counts);
}

int mask_pii_checked(std::string_view s, std::string& out, const PiiOptions& o, PiiCounts* counts) {
  out.clear();
  if (numbers_in_words_only(s)) {
    out.assign(s);
    return 0;
  }
  return Scanner(s, out, o, counts).run();
}

}  // namespace fbkit::text
