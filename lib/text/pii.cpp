#include "text/pii.hpp"

#include <array>
#include <vector>

namespace fbkit::text {

namespace {

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

// How a digit group is joined to the one before it.
enum class Sep : std::uint8_t { none, plain, dot, paren };

// A separator allowed between digit groups, and its length (0: none): '-',
// ' ', full-width '－', U+3000, no-break and thin spaces, zero-width
// characters (an export's hidden U+200B inside a phone number); '.' (only
// 138.1234.5678 and IP addresses use it, see Scanner::classify); and ')' or
// '）' closing an area code opened right before the number, with one '-' or
// ' ' after it.
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

inline bool email_local_char(char c) {
  return ascii_alnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

inline bool email_domain_char(char c) {
  return ascii_alnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
}

struct Span {
  std::size_t begin;
  std::size_t end;
};

// The e-mail address around the '@' (or '＠') at `at`, if it is one; ASCII or
// full-width letters alike.
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

// Whether the number at `start` is labelled as an order, ticket or parcel
// number: one of these words right before it (a colon, '#', 是 or 为 between).
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

// Whether the text right before `start` names a version (版本号：10.2.3.4, ver 1.2.3.4).
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

enum class Kind { none, mobile, landline, id_card, bank_card, ip };

struct Match {
  Kind kind = Kind::none;
  std::size_t mask_from = 0;  // digit indices [from, to) to mask
  std::size_t mask_to = 0;
};

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

// Where digits are never personal data: URLs (https://host/view/17312346995/,
// www.example.com/...) up to a space, a quote, '<', '>' or any non-ASCII
// character; file names (image-2025-07-01-13-45-30-023.png) ending in a known
// extension. Sorted, not overlapping.
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

}  // namespace

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
      if (next_protected < m_protected.size() && i == m_protected[next_protected].begin) {
        i = m_protected[next_protected++].end;
        continue;
      }
      if (next_email < m_emails.size() && i == m_emails[next_email].begin) {
        i = mask_email(m_emails[next_email++]);
        continue;
      }
      std::uint8_t len = 0;
      if (digit_at(m_s, i, &len) == 0) {
        ++i;
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
    if (!m_o.email) {
      return;
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
  Groups m_g;
  std::size_t m_copied = 0;  // m_s[0, m_copied) has been written to m_out
  int m_masked = 0;
};

}  // namespace

int mask_pii(std::string_view s, std::string& out, const PiiOptions& o, PiiCounts* counts) {
  out.clear();
  // Quick exit: no digit, no '@' and no full-width character (＠, １).
  bool any = false;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || u == '@' || u == 0xEF) {
      any = true;
      break;
    }
  }
  if (!any) {
    out.assign(s);
    return 0;
  }
  return Scanner(s, out, o, counts).run();
}

}  // namespace fbkit::text
