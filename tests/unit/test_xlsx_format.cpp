#include <doctest/doctest.h>

#include "xlsx/format.hpp"

using fbkit::xlsx::builtin_kind;
using fbkit::xlsx::custom_kind;
using fbkit::xlsx::format_cell;
using fbkit::xlsx::format_number;
using fbkit::xlsx::NumberKind;

TEST_CASE("xlsx::format_number prints the shortest decimal Excel shows") {
  CHECK(format_number(45953) == "45953");
  CHECK(format_number(0.1) == "0.1");
  CHECK(format_number(0.1 + 0.2) == "0.3");
  CHECK(format_number(99.98999999999999) == "99.99");
  CHECK(format_number(-3.5) == "-3.5");
  CHECK(format_number(-0.0) == "0");
  CHECK(format_number(1e-7) == "0.0000001");
  CHECK(format_number(13800138000) == "13800138000");
  CHECK(format_number(1e-12) == "1e-12");
  CHECK(format_number(1.5e25) == "1.5e+25");
  // Beyond 15 digits Excel keeps zeros, as does this.
  CHECK(format_number(1234567890123456789.0) == "1234567890123460000");
}

TEST_CASE("xlsx::builtin_kind knows the date, time and percent ids") {
  CHECK(builtin_kind(0) == NumberKind::general);
  CHECK(builtin_kind(4) == NumberKind::general);
  CHECK(builtin_kind(9) == NumberKind::percent);
  CHECK(builtin_kind(10) == NumberKind::percent);
  CHECK(builtin_kind(14) == NumberKind::date);
  CHECK(builtin_kind(17) == NumberKind::date);
  CHECK(builtin_kind(18) == NumberKind::time);
  CHECK(builtin_kind(21) == NumberKind::time);
  CHECK(builtin_kind(22) == NumberKind::datetime);
  CHECK(builtin_kind(45) == NumberKind::time);
  CHECK(builtin_kind(46) == NumberKind::elapsed);
  CHECK(builtin_kind(47) == NumberKind::time);
  CHECK(builtin_kind(31) == NumberKind::date);  // zh-CN yyyy"年"m"月"d"日"
  CHECK(builtin_kind(33) == NumberKind::time);  // zh-CN h"时"mm"分"ss"秒"
  CHECK(builtin_kind(49) == NumberKind::general);
}

TEST_CASE("xlsx::custom_kind reads date tokens outside quotes, brackets and escapes") {
  CHECK(custom_kind("yyyy-mm-dd hh:mm") == NumberKind::datetime);
  CHECK(custom_kind("yyyy\\-mm\\-dd") == NumberKind::date);
  CHECK(custom_kind("yyyy\"年\"m\"月\"d\"日\"") == NumberKind::date);
  CHECK(custom_kind("[$-804]yyyy/m/d;@") == NumberKind::date);
  CHECK(custom_kind("mmm") == NumberKind::date);
  CHECK(custom_kind("h:mm AM/PM") == NumberKind::time);
  CHECK(custom_kind("mm:ss") == NumberKind::time);
  CHECK(custom_kind("[h]:mm:ss") == NumberKind::elapsed);
  CHECK(custom_kind("General") == NumberKind::general);
  CHECK(custom_kind("@") == NumberKind::general);
  CHECK(custom_kind("\"¥\"#,##0.00;[Red]-\"¥\"#,##0.00") == NumberKind::general);
  CHECK(custom_kind("#,##0.00_);[Red](#,##0.00)") == NumberKind::general);
  CHECK(custom_kind("0 \"days\"") == NumberKind::general);
  CHECK(custom_kind("0\\h") == NumberKind::general);
  CHECK(custom_kind("_-* #,##0_-;-* #,##0_-;_-* \"-\"_-;_-@_-") == NumberKind::general);
  CHECK(custom_kind("0.00E+00") == NumberKind::general);
  CHECK(custom_kind("\"TRUE\";\"TRUE\";\"FALSE\"") == NumberKind::general);
  CHECK(custom_kind("0.0%") == NumberKind::percent);
  CHECK(custom_kind("[Red]0.0%") == NumberKind::percent);
}

TEST_CASE("xlsx::format_cell renders dates, times and percentages") {
  CHECK(format_cell(45953.586805555555, NumberKind::datetime, false) == "2025-10-23T14:05:00");
  CHECK(format_cell(45953.586805555555, NumberKind::date, false) == "2025-10-23");
  CHECK(format_cell(45953.586805555555, NumberKind::time, false) == "14:05:00");
  CHECK(format_cell(0.5, NumberKind::datetime, false) == "12:00:00");
  CHECK(format_cell(1.5, NumberKind::elapsed, false) == "36:00:00");
  // 1904 system: serial 0 is 1904-01-01.
  CHECK(format_cell(44491, NumberKind::date, true) == "2025-10-23");
  CHECK(format_cell(0.12, NumberKind::percent, false) == "12%");
  CHECK(format_cell(0.1234, NumberKind::percent, false) == "12.34%");
  CHECK(format_cell(12.5, NumberKind::general, false) == "12.5");
  // Out of Excel's calendar: the plain number.
  CHECK(format_cell(-5, NumberKind::date, false) == "-5");
  CHECK(format_cell(3e6, NumberKind::datetime, false) == "3000000");
}
