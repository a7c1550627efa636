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

// A separator allowed between digit groups: '-', ' ', full-width '－', U+3000.
inline std::size_t separator_at(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == '-' || c == ' ') {
    return 1;
  }
  if (i + 2 < s.size()) {
    const auto b = static_cast<unsigned char>(s[i + 1]);
    const auto d = static_cast<unsigned char>(s[i + 2]);
    if ((c == 0xEF && b == 0xBC && d == 0x8D) || (c == 0xE3 && b == 0x80 && d == 0x80)) {
      return 3;
    }
  }
  return 0;
}

inline bool ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

inline bool email_local_char(unsigned char c) {
  return ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

inline bool email_domain_char(unsigned char c) {
  return ascii_alnum(c) || c == '.' || c == '-';
}

struct Span {
  std::size_t begin;
  std::size_t end;
};

// The e-mail address around the '@' at `at`, if it is one.
bool email_at(std::string_view s, std::size_t at, std::size_t floor, Span& span) {
  std::size_t b = at;
  while (b > floor && email_local_char(static_cast<unsigned char>(s[b - 1]))) {
    --b;
  }
  while (b < at && (s[b] == '.' || s[b] == '-' || s[b] == '+')) {
    ++b;  // a local part starts with a letter, digit, '_' or '%'
  }
  if (b == at || (b > 0 && static_cast<unsigned char>(s[b - 1]) == '*')) {
    return false;  // nothing before '@', or an address masked already
  }
  std::size_t e = at + 1;
  while (e < s.size() && email_domain_char(static_cast<unsigned char>(s[e]))) {
    ++e;
  }
  while (e > at + 1 && (s[e - 1] == '.' || s[e - 1] == '-')) {
    --e;  // the full stop ending a sentence is not part of the domain
  }
  const std::string_view domain = s.substr(at + 1, e - at - 1);
  if (domain.empty() || domain.front() == '.' || domain.front() == '-' || domain.find("..") != std::string_view::npos) {
    return false;
  }
  const std::size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || domain.size() - dot - 1 < 2) {
    return false;
  }
  for (std::size_t i = dot + 1; i < domain.size(); ++i) {
    if ((static_cast<unsigned char>(domain[i]) | 0x20) < 'a' || (static_cast<unsigned char>(domain[i]) | 0x20) > 'z') {
      return false;
    }
  }
  span = {b, e};
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

enum class Kind { none, mobile, landline, id_card, bank_card };

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
  if (order_ctx) {
    return {};  // 订单号 13812345678 is an order number
  }
  if (o.mobile) {
    std::size_t off = 0;
    if (n == 13 && d.substr(0, 2) == "86") {
      off = 2;
    } else if (n == 15 && d.substr(0, 4) == "0086") {
      off = 4;
    }
    if (n - off == 11 && d[off] == '1' && d[off + 1] >= '3' && d[off + 1] <= '9') {
      return {Kind::mobile, off + 3, off + 7};
    }
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

// The e-mail addresses of s, in order.
std::vector<Span> find_emails(std::string_view s) {
  std::vector<Span> emails;
  std::size_t floor = 0;
  for (std::size_t at = s.find('@'); at != std::string_view::npos; at = s.find('@', at + 1)) {
    Span sp{};
    if (email_at(s, at, floor, sp)) {
      emails.push_back(sp);
      floor = sp.end;
      at = sp.end > at ? sp.end - 1 : at;
    }
  }
  return emails;
}

// Whether s may hold a digit: an ASCII digit or the lead byte of a full-width one.
bool may_hold_digits(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || u == 0xEF) {
      return true;
    }
  }
  return false;
}

// Digit groups joined by single separators ("010-8888 6666"), up to 9 of them.
struct Groups {
  std::vector<Digit> digits;
  std::array<std::size_t, 9> end{};  // digits.size() after each group
  std::array<std::size_t, 9> byte_end{};
  std::size_t n = 0;
};

// Collects the groups starting at s[i], before `limit`. With none, *skip is
// where to look next when one run was too long to be anything (else unchanged).
void collect_groups(std::string_view s, std::size_t i, std::size_t limit, Groups& g, std::size_t* skip) {
  g.digits.clear();
  g.n = 0;
  std::uint8_t len = 0;
  std::size_t j = i;
  for (;;) {
    std::size_t k = j;
    const std::size_t before = g.digits.size();
    char v;
    while (k < limit && (v = digit_at(s, k, &len)) != 0) {
      g.digits.push_back({k, len, v});
      k += len;
    }
    if (g.digits.size() - before > 24 || g.digits.size() > 32) {
      g.digits.resize(before);
      if (g.n == 0) {
        *skip = k;  // one run too long to be anything: skip it whole
      }
      return;
    }
    g.end[g.n] = g.digits.size();
    g.byte_end[g.n] = k;
    ++g.n;
    j = k;
    if (g.n == g.end.size() || j >= limit) {
      return;
    }
    const std::size_t sep = separator_at(s, j);
    std::uint8_t l2 = 0;
    if (sep == 0 || j + sep >= limit || digit_at(s, j + sep, &l2) == 0) {
      return;
    }
    j += sep;
  }
}

// The longest leading run of groups that is a number to mask: its match, the
// groups used, and whether an ID card's final X follows them.
Match match_groups(std::string_view s, const Groups& g, bool order_ctx, const PiiOptions& o, std::string& flat,
                   std::size_t& used, bool& id_x) {
  Match m;
  for (std::size_t k = g.n; k-- > 0;) {
    const std::size_t nd = g.end[k];
    flat.clear();
    for (std::size_t t = 0; t < nd; ++t) {
      flat += g.digits[t].value;
    }
    const std::size_t end = g.byte_end[k];
    const bool x = nd == 17 && end < s.size() && (s[end] == 'X' || s[end] == 'x');
    const bool word_after = end < s.size() && ascii_alnum(static_cast<unsigned char>(s[end]));
    if (x && !(end + 1 < s.size() && ascii_alnum(static_cast<unsigned char>(s[end + 1])))) {
      m = classify_digits(flat, true, order_ctx, o);
      if (m.kind != Kind::none) {
        used = k + 1;
        id_x = true;
        return m;
      }
    }
    if (word_after) {
      continue;  // 13812345678abc is some code, not a number
    }
    m = classify_digits(flat, false, order_ctx, o);
    if (m.kind != Kind::none) {
      used = k + 1;
      return m;
    }
  }
  return m;
}

void count(PiiCounts* counts, Kind kind) {
  if (counts == nullptr) {
    return;
  }
  switch (kind) {
    case Kind::mobile:
      ++counts->mobile;
      break;
    case Kind::landline:
      ++counts->landline;
      break;
    case Kind::id_card:
      ++counts->id_card;
      break;
    case Kind::bank_card:
      ++counts->bank_card;
      break;
    case Kind::none:
      break;
  }
}

}  // namespace

int mask_pii(std::string_view s, std::string& out, const PiiOptions& o, PiiCounts* counts) {
  out.clear();
  // E-mail addresses first: their local parts may hold digits (QQ numbers).
  const std::vector<Span> emails = o.email ? find_emails(s) : std::vector<Span>();
  if (emails.empty() && !may_hold_digits(s)) {
    out.assign(s);  // quick exit: no digit byte and no e-mail
    return 0;
  }
  int masked = 0;
  std::size_t copied = 0;  // s[0, copied) has been written to out
  std::size_t next_email = 0;
  Groups groups;
  std::string flat;
  std::size_t i = 0;
  while (i < s.size()) {
    if (next_email < emails.size() && i == emails[next_email].begin) {
      const Span sp = emails[next_email++];
      out.append(s.data() + copied, sp.begin - copied);
      out += s[sp.begin];
      out += "***";
      const std::size_t at = s.find('@', sp.begin);
      out.append(s.data() + at, sp.end - at);
      copied = i = sp.end;
      ++masked;
      if (counts != nullptr) {
        ++counts->email;
      }
      continue;
    }
    std::uint8_t len = 0;
    if (digit_at(s, i, &len) == 0) {
      ++i;
      continue;
    }
    // A number starts here only if it does not continue a word or a number.
    if (i > 0 && (ascii_alnum(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '*' || s[i - 1] == '.')) {
      while (i < s.size() && digit_at(s, i, &len) != 0) {
        i += len;
      }
      continue;
    }
    const std::size_t limit = next_email < emails.size() ? emails[next_email].begin : s.size();
    collect_groups(s, i, limit, groups, &i);
    if (groups.n == 0) {
      continue;
    }
    std::size_t used = 0;
    bool id_x = false;
    const Match m = match_groups(s, groups, order_context(s, i), o, flat, used, id_x);
    if (m.kind == Kind::none) {
      i = groups.byte_end[0];  // the first group is nothing; look again from the next
      continue;
    }
    for (std::size_t t = m.mask_from; t < m.mask_to && t < groups.end[used - 1]; ++t) {
      out.append(s.data() + copied, groups.digits[t].pos - copied);
      out += '*';
      copied = groups.digits[t].pos + groups.digits[t].len;
    }
    i = groups.byte_end[used - 1] + (id_x ? 1 : 0);
    ++masked;
    count(counts, m.kind);
  }
  if (masked == 0) {
    out.assign(s);
    return 0;
  }
  out.append(s.data() + copied, s.size() - copied);
  return masked;
}

}  // namespace fbkit::text
