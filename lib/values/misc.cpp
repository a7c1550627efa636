#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <span>

#include "core/strings.hpp"
#include "values/parse.hpp"

namespace fbkit::values {

namespace {

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Strict decimal: [-+]digits[.digits] or [-+].digits; no exponent, no junk.

std::string remove_all(std::string s, std::string_view what) {
  for (std::size_t p = s.find(what); p != std::string::npos; p = s.find(what, p)) {
    s.erase(p, what.size());
  }
  return s;
}

}  // namespace

std::string_view trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
      s.remove_prefix(1);
    } else if (starts_with(s, "\xE3\x80\x80")) {  // U+3000 ideographic space
      s.remove_prefix(3);
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
      s.remove_suffix(1);
    } else if (ends_with(s, "\xE3\x80\x80")) {
      s.remove_suffix(3);
    } else {
      break;
    }
  }
  return s;
}

bool is_blank(std::string_view s) {
  s = trim(s);
  if (s.empty()) {
    return true;
  }
  if (s.size() > 9) {
    return false;  // longer than any marker
  }
  static const char* const markers[] = {"-",    "--",   "—",    "——",     "无",   "n/a", "na",
                                        "null", "none", "(空)", "（空）", "未填", "/",   "空"};
  char l[16];
  for (std::size_t i = 0; i < s.size(); ++i) {
    l[i] = static_cast<char>(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
  }
  const std::string_view low(l, s.size());
  return std::any_of(std::begin(markers), std::end(markers), [&](const char* m) { return low == m; });
}

Parsed<double> parse_number(std::string_view s) {
  Parsed<double> r;
  if (is_blank(s)) {
    r.blank = true;
    return r;
  }
  const std::string t = remove_all(std::string(trim(s)), ",");
  if (!is_decimal(t)) {
    r.error = "not a number";
    return r;
  }
  const double v = std::strtod(t.c_str(), nullptr);
  if (!std::isfinite(v)) {
    r.error = "not a number";
    return r;
  }
  r.value = v;
  return r;
}

Parsed<std::string> parse_money(std::string_view s) {
  Parsed<std::string> r;
  if (is_blank(s)) {
    r.blank = true;
    return r;
  }
  std::string t(trim(s));
  for (const char* sym :
       {"¥", "￥", "$", "€", "£", "rmb", "RMB", "cny", "CNY", "usd", "USD", "元", "人民币", ",", "，", " "}) {
    t = remove_all(t, sym);
  }
  bool wan = false;
  if (ends_with(t, "万")) {
    wan = true;
    t.resize(t.size() - 3);
  }
  if (!is_decimal(t)) {
    r.error = "not an amount";
    return r;
  }
  std::string sign;
  if (t[0] == '-' || t[0] == '+') {
    sign = t[0] == '-' ? "-" : "";
    t.erase(0, 1);
  }
  if (wan) {  // move the decimal point four places, exactly
    const auto dot = t.find('.');
    std::string whole = dot == std::string::npos ? t : t.substr(0, dot);
    std::string frac = dot == std::string::npos ? "" : t.substr(dot + 1);
    frac.resize(std::max<std::size_t>(frac.size(), 4), '0');
    whole += frac.substr(0, 4);
    frac = frac.substr(4);
    while (!frac.empty() && frac.back() == '0') {
      frac.pop_back();
    }
    const auto nz = whole.find_first_not_of('0');
    whole = nz == std::string::npos ? "0" : whole.substr(nz);
    t = frac.empty() ? whole : whole + "." + frac;
  }
  if (t[0] == '.') {
    t = "0" + t;
  }
  r.value = sign + t;
  return r;
}

namespace {

// "1:02:05" or "2:05" -> seconds; nullopt for anything else.
std::optional<double> clock_seconds(const std::string& t) {
  double total = 0;
  int parts = 0;
  std::size_t start = 0;
  for (;;) {
    const std::size_t colon = t.find(':', start);
    const std::string piece = t.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    if (!is_decimal(piece) || piece[0] == '-' || piece[0] == '+') {
      return std::nullopt;
    }
    total = total * 60 + std::strtod(piece.c_str(), nullptr);
    ++parts;
    if (colon == std::string::npos) {
      break;
    }
    start = colon + 1;
  }
  if (parts > 3) {
    return std::nullopt;
  }
  return total;
}

}  // namespace

Parsed<double> parse_duration_seconds(std::string_view s) {
  Parsed<double> r;
  if (is_blank(s)) {
    r.blank = true;
    return r;
  }
  const std::string t = ascii_lower(trim(s));
  // h:m:s or m:s
  if (t.find(':') != std::string::npos) {
    if (const auto total = clock_seconds(t)) {
      r.value = *total;
    } else {
      r.error = "not a duration";
    }
    return r;
  }
  // Number-unit pairs: 1小时2分5秒, 2m 5s, 125秒, 125.
  static const std::pair<const char*, double> units[] = {
      {"小时", 3600}, {"hours", 3600}, {"hour", 3600}, {"hrs", 3600}, {"hr", 3600}, {"h", 3600}, {"时", 3600},
      {"分钟", 60},   {"minutes", 60}, {"minute", 60}, {"mins", 60},  {"min", 60},  {"m", 60},   {"分", 60},
      {"秒钟", 1},    {"seconds", 1},  {"second", 1},  {"secs", 1},   {"sec", 1},   {"s", 1},    {"秒", 1}};
  double total = 0;
  std::size_t i = 0;
  bool any = false;
  while (i < t.size()) {
    if (t[i] == ' ') {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < t.size() && ((t[j] >= '0' && t[j] <= '9') || t[j] == '.')) {
      ++j;
    }
    if (j == i || !is_decimal(t.substr(i, j - i))) {
      r.error = "not a duration";
      return r;
    }
    const double v = std::strtod(t.substr(i, j - i).c_str(), nullptr);
    while (j < t.size() && t[j] == ' ') {
      ++j;
    }
    double unit = 0;
    for (const auto& [name, factor] : units) {
      if (t.compare(j, std::string_view(name).size(), name) == 0) {
        unit = factor;
        j += std::string_view(name).size();
        break;
      }
    }
    if (unit == 0) {
      if (j == t.size() && !any) {
        unit = 1;  // a bare number: seconds
      } else {
        r.error = "not a duration";
        return r;
      }
    }
    total += v * unit;
    any = true;
    i = j;
  }
  if (!any) {
    r.error = "not a duration";
    return r;
  }
  r.value = total;
  return r;
}

namespace {

// A platform's own joiner, when the answer has it, decides the separators,
// so an option with a comma or 、 of another script inside stays whole:
// 问卷星 joins with ┋ (then only ┋ and new lines split); 金数据 and Google
// Forms with ", " (then only ASCII , ; | and new lines: "线上课，网课" is one option).
std::span<const char* const> separators_of(std::string_view s) {
  static const char* const all[] = {"、", "；", "，", "┋", ";", ",", "|", "\n", "\r"};
  static const char* const wjx[] = {"┋", "\n", "\r"};
  static const char* const comma_space[] = {",", ";", "|", "\n", "\r"};
  if (s.find("┋") != std::string_view::npos) {
    return wjx;
  }
  return s.find(", ") != std::string_view::npos ? std::span<const char* const>(comma_space)
                                                : std::span<const char* const>(all);
}

}  // namespace

std::vector<std::string> parse_multiselect(std::string_view s) {
  std::vector<std::string> items;
  auto add = [&](std::string_view item) {
    item = trim(item);
    if (!item.empty() && std::find(items.begin(), items.end(), item) == items.end()) {
      items.emplace_back(item);
    }
  };
  static const char* const ticked[] = {"☑", "✓", "√", "■", "✔"};
  static const char* const unticked[] = {"☐", "□"};
  bool boxes = false;
  for (const char* m : ticked) {
    boxes = boxes || s.find(m) != std::string_view::npos;
  }
  for (const char* m : unticked) {
    boxes = boxes || s.find(m) != std::string_view::npos;
  }
  if (boxes) {
    // Each marker starts an item that runs to the next marker.
    std::size_t pos = 0;
    bool keep = false;
    std::size_t item_start = std::string_view::npos;
    while (pos < s.size()) {
      int marker = 0;  // 1 ticked, -1 unticked
      std::size_t len = 0;
      for (const char* m : ticked) {
        if (s.compare(pos, std::string_view(m).size(), m) == 0) {
          marker = 1;
          len = std::string_view(m).size();
        }
      }
      for (const char* m : unticked) {
        if (s.compare(pos, std::string_view(m).size(), m) == 0) {
          marker = -1;
          len = std::string_view(m).size();
        }
      }
      if (marker != 0) {
        if (item_start != std::string_view::npos && keep) {
          add(s.substr(item_start, pos - item_start));
        }
        keep = marker > 0;
        pos += len;
        item_start = pos;
      } else {
        ++pos;
      }
    }
    if (item_start != std::string_view::npos && keep) {
      add(s.substr(item_start));
    }
    return items;
  }
  const std::span<const char* const> separators = separators_of(s);
  std::size_t start = 0;
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t len = 0;
    for (const char* sep : separators) {
      if (s.compare(pos, std::string_view(sep).size(), sep) == 0) {
        len = std::string_view(sep).size();
        break;
      }
    }
    if (len > 0) {
      add(s.substr(start, pos - start));
      pos += len;
      start = pos;
    } else {
      ++pos;
    }
  }
  add(s.substr(start));
  return items;
}

std::string join_list(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) {
      out += ';';
    }
    for (const char c : item) {
      if (c == ';') {
        out += "；";
      } else {
        out += c;
      }
    }
  }
  return out;
}

}  // namespace fbkit::values
