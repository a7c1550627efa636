#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "values/parse.hpp"
#include "values/timestamp.hpp"

namespace fbkit::values {

namespace {

struct Token {
  enum Kind { number, word, sep } kind;
  std::string text;  // number digits, lower-case word, or the separator
};

// Splits into numbers, words and separators; Chinese date words become
// separators (年 月 -> '-', 日 号 -> ' ', 时 点 分 -> ':'), 上午/下午 become am/pm.
bool tokenize(std::string_view s, std::vector<Token>& out) {
  static const std::pair<const char*, const char*> cjk[] = {
      {"年", "-"},    {"月", "-"},    {"日", " "},    {"号", " "},    {"时", ":"},    {"點", ":"},
      {"点", ":"},    {"分", ":"},    {"秒", " "},    {"上午", "am"}, {"凌晨", "am"}, {"早上", "am"},
      {"下午", "pm"}, {"晚上", "pm"}, {"中午", "pm"}, {"，", ","}};
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= '0' && c <= '9') {
      std::size_t j = i;
      while (j < s.size() && s[j] >= '0' && s[j] <= '9') {
        ++j;
      }
      if (j - i > 8) {
        return false;
      }
      out.push_back({Token::number, std::string(s.substr(i, j - i))});
      i = j;
    } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
      std::size_t j = i;
      while (j < s.size() &&
             (((static_cast<unsigned char>(s[j]) | 0x20) >= 'a' && (static_cast<unsigned char>(s[j]) | 0x20) <= 'z') ||
              s[j] == '.')) {
        ++j;
      }
      std::string w(s.substr(i, j - i));
      std::transform(w.begin(), w.end(), w.begin(),
                     [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      w.erase(std::remove(w.begin(), w.end(), '.'), w.end());
      out.push_back({w == "t" ? Token::sep : Token::word, w == "t" ? " " : w});
      i = j;
    } else if (c < 0x80) {
      if (std::string_view("-/.: ,+\t").find(static_cast<char>(c)) == std::string_view::npos) {
        return false;
      }
      out.push_back({Token::sep, std::string(1, static_cast<char>(c == '\t' ? ' ' : c))});
      ++i;
    } else {
      bool known = false;
      for (const auto& [from, to] : cjk) {
        const std::string_view f(from);
        if (s.compare(i, f.size(), f) == 0) {
          const std::string t(to);
          out.push_back({t == "am" || t == "pm" ? Token::word : Token::sep, t});
          i += f.size();
          known = true;
          break;
        }
      }
      if (!known) {
        return false;
      }
    }
  }
  return true;
}

int month_of(const std::string& w) {
  static const char* const names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                      "jul", "aug", "sep", "oct", "nov", "dec"};
  static const char* const full[] = {"january", "february", "march",     "april",   "may",      "june",
                                     "july",    "august",   "september", "october", "november", "december"};
  for (int i = 0; i < 12; ++i) {
    if (w == names[i] || w == full[i] || (i == 8 && w == "sept")) {
      return i + 1;
    }
  }
  return 0;
}

// A day of the week, which says nothing the date does not ("Fri Aug 02 ...").
bool is_weekday(const std::string& w) {
  static const char* const names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  static const char* const full[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (int i = 0; i < 7; ++i) {
    if (w == names[i] || w == full[i]) {
      return true;
    }
  }
  return false;
}

Parsed<std::string> fail(std::string why) {
  Parsed<std::string> r;
  r.error = std::move(why);
  return r;
}

// The UTC offset ending a full ISO time (after its 19 characters): Z, +HH:MM
// or +HHMM, in minutes east of UTC; false when the end is none of them.
bool fast_offset(std::string_view s, std::optional<int>& offset) {
  auto digit = [&](std::size_t i) { return s[i] >= '0' && s[i] <= '9'; };
  auto two = [&](std::size_t i) { return (s[i] - '0') * 10 + (s[i + 1] - '0'); };
  if (s.size() == 20) {
    if (s[19] != 'Z' && s[19] != 'z') {
      return false;
    }
    offset = 0;
    return true;
  }
  const std::size_t mm = s.size() == 25 ? 23 : 22;
  if ((s[19] != '+' && s[19] != '-') || !digit(20) || !digit(21) || (s.size() == 25 && s[22] != ':') || !digit(mm) ||
      !digit(mm + 1) || two(20) > 14 || two(mm) > 59) {
    return false;
  }
  offset = (s[19] == '-' ? -1 : 1) * (two(20) * 60 + two(mm));
  return true;
}

// The shapes most exports use, without tokenizing: YYYY-MM-DD or YYYY/MM/DD,
// optionally followed by ' ' or 'T' and HH:MM or HH:MM:SS, all two-digit, the
// last optionally by a UTC offset (fast_offset). Returns false to let the
// general parser decide.
bool fast_iso(std::string_view s, Parsed<std::string>& r, std::optional<int>& offset) {
  auto digit = [&](std::size_t i) { return s[i] >= '0' && s[i] <= '9'; };
  auto two = [&](std::size_t i) { return (s[i] - '0') * 10 + (s[i + 1] - '0'); };
  if (s.size() == 20 || s.size() == 24 || s.size() == 25) {
    if (!fast_offset(s, offset)) {
      return false;
    }
    s = s.substr(0, 19);
  }
  if (s.size() != 10 && s.size() != 16 && s.size() != 19) {
    return false;
  }
  const char sep = s[4];
  if ((sep != '-' && sep != '/') || s[7] != sep || !digit(0) || !digit(1) || !digit(2) || !digit(3) || !digit(5) ||
      !digit(6) || !digit(8) || !digit(9)) {
    return false;
  }
  int h = 0;
  int mi = 0;
  int se = 0;
  if (s.size() >= 16) {
    if ((s[10] != ' ' && s[10] != 'T') || !digit(11) || !digit(12) || s[13] != ':' || !digit(14) || !digit(15)) {
      return false;
    }
    h = two(11);
    mi = two(14);
    if (s.size() == 19) {
      if (s[16] != ':' || !digit(17) || !digit(18)) {
        return false;
      }
      se = two(17);
    }
  }
  const int y = two(0) * 100 + two(2);
  const int mo = two(5);
  const int d = two(8);
  if (mo < 1 || mo > 12 || d < 1 || y < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 59) {
    return false;  // the general parser words the error
  }
  std::string out = "0000-00-00T00:00:00";
  auto put = [&](std::size_t at, int v) {
    out[at] = static_cast<char>('0' + v / 10);
    out[at + 1] = static_cast<char>('0' + v % 10);
  };
  put(0, y / 100);
  put(2, y % 100);
  put(5, mo);
  put(8, d);
  put(11, h);
  put(14, mi);
  put(17, se);
  r.value = std::move(out);
  return true;
}

// A date's tokens sorted: its numbers in order, each with the separator
// before it, and its words (a month, am/pm).
struct Fields {
  std::vector<std::pair<std::string, std::string>> nums;  // digits, separator before
  int month_word = 0;
  int ampm = 0;      // 1 am, 2 pm
  bool utc = false;  // Z, UTC or GMT (GMT+8: the numbers after it say the offset)
};

// false: a word that is no month, weekday, am/pm or zone, or a second month.
bool collect(const std::vector<Token>& toks, Fields& f) {
  std::string sep;
  for (const Token& t : toks) {
    if (t.kind == Token::sep) {
      if (t.text != " " || sep.empty()) {
        sep = t.text;
      }
      continue;
    }
    if (t.kind == Token::word) {
      if (const int m = month_of(t.text)) {
        if (f.month_word != 0) {
          return false;
        }
        f.month_word = m;
      } else if (t.text == "am") {
        f.ampm = 1;
      } else if (t.text == "pm") {
        f.ampm = 2;
      } else if (t.text == "z" || t.text == "utc" || t.text == "gmt") {
        f.utc = true;
      } else if (!is_weekday(t.text)) {
        return false;
      }
      sep.clear();
      continue;
    }
    f.nums.emplace_back(t.text, sep);
    sep.clear();
  }

  // The year last, after the time: Weibo's and Twitter's created_at and C's
  // asctime ("Fri Aug 02 13:27:01 +0800 2019", "Fri Aug  2 13:27:01 2019"):
  // read as if it came first (2019 Aug 02 13:27:01 +0800).
  auto& nums = f.nums;
  if (f.month_word != 0 && nums.size() >= 4 && nums[0].first.size() <= 2 && nums[2].second == ":" &&
      nums.back().first.size() == 4 && nums.back().second == " ") {
    std::rotate(nums.begin(), nums.end() - 1, nums.end());
  }
  return true;
}

// The date's year, month and day, and k, the numbers it used; else why not.
std::string read_date(const Fields& f, DateOrder order, int& y, int& mo, int& d, std::size_t& k) {
  const auto& nums = f.nums;
  auto num = [&](std::size_t i) { return std::atoi(nums[i].first.c_str()); };
  auto year_of = [&](std::size_t i) {
    const int v = num(i);
    return nums[i].first.size() <= 2 ? (v < 70 ? 2000 + v : 1900 + v) : v;
  };
  if (f.month_word != 0) {
    if (nums.size() < 2) {
      return "not a date";
    }
    mo = f.month_word;
    if (nums[0].first.size() == 4) {  // 2025 Oct 23
      y = num(0);
      d = num(1);
    } else {  // Oct 23, 2025 / 23 Oct 2025
      d = num(0);
      y = year_of(1);
    }
    k = 2;
  } else {
    if (nums.size() < 3) {
      return "not a date";
    }
    if (nums[0].first.size() == 4) {
      y = num(0);
      mo = num(1);
      d = num(2);
    } else if (nums[0].first.size() <= 2 && (nums[2].first.size() == 4 || nums[2].first.size() == 2)) {
      if (order == DateOrder::mdy) {
        mo = num(0);
        d = num(1);
      } else if (order == DateOrder::dmy) {
        d = num(0);
        mo = num(1);
      } else {
        return "ambiguous date order: use --date-order mdy or dmy";
      }
      y = year_of(2);
    } else {
      return "not a date";
    }
    k = 3;
  }
  return "";
}

// The UTC offset of the numbers from `i` on, the first with its sign as
// separator: +8, +08, +0800, +08:00, -05:00 -> minutes east of UTC; else why not.
std::string read_offset(const Fields& f, std::size_t i, std::optional<int>& offset) {
  const auto& nums = f.nums;
  const std::string& hh = nums[i].first;
  int hours = 0;
  int minutes = 0;
  if (nums.size() - i == 2 && hh.size() <= 2 && nums[i + 1].second == ":" && nums[i + 1].first.size() == 2) {
    hours = std::atoi(hh.c_str());
    minutes = std::atoi(nums[i + 1].first.c_str());
  } else if (nums.size() - i == 1 && hh.size() <= 2) {
    hours = std::atoi(hh.c_str());
  } else if (nums.size() - i == 1 && hh.size() == 4) {
    hours = std::atoi(hh.substr(0, 2).c_str());
    minutes = std::atoi(hh.substr(2).c_str());
  } else {
    return "not a date";
  }
  if (hours > 14 || minutes > 59) {
    return "no such UTC offset: " + nums[i].second + hh + (nums.size() - i == 2 ? ":" + nums[i + 1].first : "");
  }
  offset = (nums[i].second == "-" ? -1 : 1) * (hours * 60 + minutes);
  return "";
}

// The time after the date's k numbers (hours, minutes, seconds, a fraction, a
// UTC offset, am/pm); else why not.
std::string read_time(const Fields& f, std::size_t k, int& h, int& mi, int& se, std::optional<int>& offset) {
  const auto& nums = f.nums;
  auto num = [&](std::size_t i) { return std::atoi(nums[i].first.c_str()); };
  const std::size_t rest = nums.size() - k;
  std::size_t used = 0;
  if (rest >= 2 && nums[k + 1].second == ":") {
    h = num(k);
    mi = num(k + 1);
    used = 2;
    if (rest >= 3 && nums[k + 2].second == ":") {
      se = num(k + 2);
      used = 3;
    }
    if (rest > used && nums[k + used].second == ".") {
      ++used;  // a fraction of a second
    }
  }
  if (f.utc) {
    offset = 0;
  }
  // What is left may only be a UTC offset: +08:00, -0500.
  if (rest > used) {
    const std::string& zsep = nums[k + used].second;
    if (used == 0 || (zsep != "+" && zsep != "-")) {
      return "not a date";
    }
    if (std::string why = read_offset(f, k + used, offset); !why.empty()) {
      return why;
    }
  }
  if (rest > 0 && used == 0) {
    return "not a date";
  }
  if (f.ampm != 0) {
    if (used == 0 || h < 1 || h > 12) {
      return "no such time: " + std::to_string(h) + (f.ampm == 1 ? " am" : " pm");
    }
    h = f.ampm == 2 ? (h == 12 ? 12 : h + 12) : (h == 12 ? 0 : h);
  }
  return "";
}

// The canonical form, or what is out of range.
Parsed<std::string> checked(int y, int mo, int d, int h, int mi, int se) {
  char buf[96];
  if (mo < 1 || mo > 12 || d < 1 || y < 1 || y > 9999 || d > days_in_month(y, mo)) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y % 100000, mo % 1000, d % 1000);
    return fail(std::string("no such date: ") + buf);
  }
  if (h > 23 || mi > 59 || se > 59) {
    std::snprintf(buf, sizeof buf, "%02d:%02d", h % 1000, mi % 1000);
    std::string why = "no such time: ";  // appended: GCC 12 warns falsely (-Wrestrict) about the sum
    why += buf;
    if (se > 59) {
      why += ':';
      why += std::to_string(se);
    }
    return fail(why);
  }
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, se);
  Parsed<std::string> r;
  r.value = buf;
  return r;
}

}  // namespace

Parsed<std::string> parse_datetime(std::string_view raw, DateOrder order, bool allow_excel_serial) {
  std::optional<int> offset;
  return parse_datetime(raw, order, allow_excel_serial, offset);
}

Parsed<std::string> parse_datetime(std::string_view raw, DateOrder order, bool allow_excel_serial,
                                   std::optional<int>& offset) {
  Parsed<std::string> r;
  const std::string_view s = trim(raw);
  offset.reset();
  if (fast_iso(s, r, offset)) {
    return r;
  }
  offset.reset();
  if (is_blank(raw)) {
    r.blank = true;
    return r;
  }
  // A bare number: yyyymmdd, or an Excel serial.
  const bool digits_only = std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
  std::vector<Token> toks;
  if (digits_only && s.size() == 8 && s.find('.') == std::string_view::npos) {
    toks = {{Token::number, std::string(s.substr(0, 4))},
            {Token::sep, "-"},
            {Token::number, std::string(s.substr(4, 2))},
            {Token::sep, "-"},
            {Token::number, std::string(s.substr(6, 2))}};
  } else if (digits_only && std::count(s.begin(), s.end(), '.') <= 1 && s.size() <= 24 && s.find('.') != 0) {
    if (!allow_excel_serial) {
      return fail("not a date");
    }
    if (auto iso = from_excel_serial(std::strtod(std::string(s).c_str(), nullptr))) {
      r.value = *iso;
      return r;
    }
    return fail("not a date");
  } else if (!tokenize(s, toks)) {
    return fail("not a date");
  }

  Fields f;
  if (!collect(toks, f)) {
    return fail("not a date");
  }
  int y = 0;
  int mo = 0;
  int d = 0;
  std::size_t k = 0;  // numbers used by the date
  if (std::string why = read_date(f, order, y, mo, d, k); !why.empty()) {
    return fail(why);
  }
  int h = 0;
  int mi = 0;
  int se = 0;
  if (std::string why = read_time(f, k, h, mi, se, offset); !why.empty()) {
    return fail(why);
  }
  return checked(y, mo, d, h, mi, se);
}

std::string local_now_iso(std::int64_t plus_seconds) {
  const std::time_t t = std::time(nullptr) + static_cast<std::time_t>(plus_seconds);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[80];  // room for any int, as the compiler checks
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

}  // namespace fbkit::values
