#include "xlsx/format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "values/excel.hpp"

namespace fbkit::xlsx {

namespace {

// Days between the 1900 and 1904 date systems' day zero.
constexpr double kDate1904Offset = 1462;

// "HH:MM:SS" of a number of seconds (hours may pass 24).
std::string clock(long long secs) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", secs / 3600, secs / 60 % 60, secs % 60);
  return buf;
}

std::string time_of_day(double serial) {
  return clock(std::llround((serial - std::floor(serial)) * 86400.0) % 86400);
}

// "-1.2345e+03" -> "-1234.5": the digits of a shortest scientific form, placed.
// (Printing the double in fixed notation would show its binary expansion
// beyond the shortest digits: 1.23456789012346e18 -> ...460096.)
std::string plain_notation(std::string_view sci) {
  std::string out;
  if (sci.front() == '-') {
    out += '-';
    sci.remove_prefix(1);
  }
  const std::size_t e = sci.find('e');
  std::string digits;
  for (const char c : sci.substr(0, e)) {
    if (c != '.') {
      digits += c;
    }
  }
  int exponent = 0;
  std::string_view exp_text = sci.substr(e + 1);
  if (exp_text.front() == '+') {
    exp_text.remove_prefix(1);
  }
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  // The decimal point goes after digit number exponent + 1.
  const int point = exponent + 1;
  const int count = static_cast<int>(digits.size());
  if (point <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-point), '0');
    out += digits;
  } else if (point >= count) {
    out += digits;
    out.append(static_cast<std::size_t>(point - count), '0');
  } else {
    out += digits.substr(0, static_cast<std::size_t>(point));
    out += '.';
    out += digits.substr(static_cast<std::size_t>(point));
  }
  return out;
}

}  // namespace

NumberKind builtin_kind(int id) {
  if (id == 9 || id == 10) {
    return NumberKind::percent;
  }
  if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 54) || id == 57 || id == 58) {
    return NumberKind::date;
  }
  if (id == 46) {
    return NumberKind::elapsed;
  }
  if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) || id == 45 || id == 47 || id == 55 || id == 56) {
    return NumberKind::time;
  }
  if (id == 22) {
    return NumberKind::datetime;
  }
  return NumberKind::general;
}

NumberKind custom_kind(std::string_view code) {
  bool date = false;
  bool time = false;
  bool month = false;
  bool percent = false;
  bool elapsed = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == ';') {
      break;  // only the first section (positive numbers) decides
    }
    if (c == '"') {
      const std::size_t close = code.find('"', i + 1);
      i = close == std::string_view::npos ? code.size() : close;
    } else if (c == '[') {
      const std::size_t close = code.find(']', i + 1);
      const std::string_view inside = code.substr(i + 1, close == std::string_view::npos ? 0 : close - i - 1);
      // [h], [mm], [ss]: elapsed time; [Red], [$-804], [>100]: not date tokens.
      if (!inside.empty() && inside.find_first_not_of("hHmMsS") == std::string_view::npos) {
        elapsed = true;
      }
      i = close == std::string_view::npos ? code.size() : close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal text or padding
    } else if (c == 'y' || c == 'Y' || c == 'd' || c == 'D') {
      date = true;
    } else if (c == 'h' || c == 'H' || c == 's' || c == 'S') {
      time = true;
    } else if (c == 'm' || c == 'M') {
      month = true;
    } else if (c == '%') {
      percent = true;
    }
  }
  if (elapsed && !date) {
    return NumberKind::elapsed;
  }
  time = time || elapsed;
  if (month && !time) {
    date = true;
  }
  if (date && time) {
    return NumberKind::datetime;
  }
  if (date) {
    return NumberKind::date;
  }
  if (time) {
    return NumberKind::time;
  }
  return percent ? NumberKind::percent : NumberKind::general;
}

std::string format_number(double value) {
  if (!std::isfinite(value)) {
    return std::isnan(value) ? "NaN" : (value < 0 ? "-Infinity" : "Infinity");
  }
  // Excel shows 15 significant digits: round to them first, then print the
  // shortest form of the rounded value.
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", value);
  double rounded = value;
  std::from_chars(buf, buf + std::char_traits<char>::length(buf), rounded);
  if (rounded == 0) {
    return "0";  // also -0
  }
  char sci[64];
  const auto result = std::to_chars(sci, sci + sizeof sci, rounded, std::chars_format::scientific);
  const std::string_view text(sci, static_cast<std::size_t>(result.ptr - sci));
  const double magnitude = std::fabs(rounded);
  if (magnitude < 1e-10 || magnitude >= 1e21) {
    return std::string(text);
  }
  return plain_notation(text);
}

std::string format_cell(double value, NumberKind kind, bool date1904) {
  switch (kind) {
    case NumberKind::general:
      break;
    case NumberKind::percent:
      return format_number(value * 100) + "%";
    case NumberKind::time:
      if (value >= 0 && value < 2958466) {
        return time_of_day(value);
      }
      break;
    case NumberKind::elapsed:
      if (value >= 0 && value < 2958466) {
        return clock(std::llround(value * 86400.0));
      }
      break;
    case NumberKind::date:
    case NumberKind::datetime: {
      const double serial = date1904 ? value + kDate1904Offset : value;
      if (value >= 0 && serial < 1) {
        return time_of_day(value);  // day zero: Excel shows only the time
      }
      if (auto text = values::from_excel_serial(serial)) {
        return kind == NumberKind::date ? text->substr(0, 10) : *text;
      }
      break;
    }
  }
  return format_number(value);
}

}  // namespace fbkit::xlsx
