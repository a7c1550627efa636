// Fuzzes the value parsers (values/parse.hpp): dates in every order, scores,
// NPS answers, money, plain numbers, durations and multi-select answers.
// Properties, beyond "no crash, no undefined behaviour, nothing thrown":
// - each result is exactly one of: a value, blank, or an error with a reason;
// - a date is YYYY-MM-DDTHH:MM:SS of a real calendar day and time, and parsing
//   it again gives it back; a score is 1-5, an NPS answer 0-10;
// - an amount is a plain decimal that parses back to itself;
// - multi-select items are non-empty, trimmed and distinct.
#include <cmath>
#include <string>
#include <string_view>

#include "fuzz_util.hpp"
#include "values/parse.hpp"

namespace {

using namespace fbkit;

template <typename T>
void check_shape(const values::Parsed<T>& p, const char* parser, std::string_view input) {
  const int kinds =
      static_cast<int>(p.value.has_value()) + static_cast<int>(p.blank) + static_cast<int>(!p.error.empty());
  fuzz::check(kinds == 1, "a parse result must be exactly one of value, blank, error",
              std::string(parser) + ": '" + std::string(input) + "'");
}

bool digits(std::string_view s, std::size_t from, std::size_t n) {
  for (std::size_t i = from; i < from + n; ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return false;
    }
  }
  return true;
}

int num(std::string_view s, std::size_t from, std::size_t n) {
  int v = 0;
  for (std::size_t i = from; i < from + n; ++i) {
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

void check_datetime(const std::string& v, std::string_view input) {
  const bool shape = v.size() == 19 && digits(v, 0, 4) && v[4] == '-' && digits(v, 5, 2) && v[7] == '-' &&
                     digits(v, 8, 2) && v[10] == 'T' && digits(v, 11, 2) && v[13] == ':' && digits(v, 14, 2) &&
                     v[16] == ':' && digits(v, 17, 2);
  fuzz::check(shape, "a date is not YYYY-MM-DDTHH:MM:SS", "'" + std::string(input) + "' -> '" + v + "'");
  const int y = num(v, 0, 4), mo = num(v, 5, 2), d = num(v, 8, 2);
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool day_ok = mo >= 1 && mo <= 12 && d >= 1 && d <= kDays[mo - 1] + (mo == 2 && leap ? 1 : 0);
  fuzz::check(day_ok && num(v, 11, 2) < 24 && num(v, 14, 2) < 60 && num(v, 17, 2) < 60,
              "a date that is not a real day and time", "'" + std::string(input) + "' -> '" + v + "'");
  const auto again = values::parse_datetime(v, values::DateOrder::ymd, false);
  fuzz::check(again.value == v, "a parsed date does not parse back to itself", v);
}

bool plain_decimal(std::string_view s) {
  std::size_t i = s.size() > 0 && s[0] == '-' ? 1 : 0;
  const std::size_t start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    ++i;
  }
  if (i == start) {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    const std::size_t frac = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      ++i;
    }
    (void)frac;  // "12." is accepted as written (is_decimal allows it)
  }
  return i == s.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  for (const auto order : {values::DateOrder::ymd, values::DateOrder::mdy, values::DateOrder::dmy}) {
    for (const bool serial : {true, false}) {
      const auto d = values::parse_datetime(s, order, serial);
      check_shape(d, "parse_datetime", s);
      if (d.value) {
        check_datetime(*d.value, s);
      }
    }
  }
  const auto score = values::parse_score(s);
  check_shape(score, "parse_score", s);
  fuzz::check(!score.value || (*score.value >= 1 && *score.value <= 5), "a score outside 1-5", std::string(s));
  const auto nps = values::parse_nps(s);
  check_shape(nps, "parse_nps", s);
  fuzz::check(!nps.value || (*nps.value >= 0 && *nps.value <= 10), "an NPS answer outside 0-10", std::string(s));
  const auto money = values::parse_money(s);
  check_shape(money, "parse_money", s);
  if (money.value) {
    fuzz::check(plain_decimal(*money.value), "an amount that is not a plain decimal",
                std::string(s) + " -> " + *money.value);
    fuzz::check(values::parse_money(*money.value).value == money.value, "an amount does not parse back to itself",
                *money.value);
  }
  const auto number = values::parse_number(s);
  check_shape(number, "parse_number", s);
  const auto duration = values::parse_duration_seconds(s);
  check_shape(duration, "parse_duration_seconds", s);
  fuzz::check(!duration.value || (std::isfinite(*duration.value) && *duration.value >= 0),
              "a duration that is negative or not finite", std::string(s));
  const auto items = values::parse_multiselect(s);
  for (std::size_t i = 0; i < items.size(); ++i) {
    fuzz::check(!items[i].empty() && values::trim(items[i]) == items[i], "a multi-select item empty or untrimmed",
                items[i]);
    for (std::size_t j = 0; j < i; ++j) {
      fuzz::check(items[i] != items[j], "a multi-select item repeated", items[i]);
    }
  }
  (void)values::join_list(items);
  return 0;
}
