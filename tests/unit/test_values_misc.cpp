#include <doctest/doctest.h>

#include "values/parse.hpp"

using namespace fbkit::values;
using Items = std::vector<std::string>;

static std::string money(std::string_view s) {
  const auto r = parse_money(s);
  return r.value ? *r.value : "ERROR: " + r.error;
}

TEST_CASE("values::is_blank knows the ways exports write nothing") {
  for (const char* b :
       {"", "  ", "-", "--", "—", "无", "N/A", "n/a", "NA", "null", "(空)", "（空）", "未填", "/", "\xE3\x80\x80"}) {
    CAPTURE(b);
    CHECK(is_blank(b));
  }
  CHECK_FALSE(is_blank("0"));
  CHECK_FALSE(is_blank("无线耳机"));
}

TEST_CASE("values::parse_money strips currency signs and separators, exactly") {
  CHECK(money("¥12,345.67") == "12345.67");
  CHECK(money("￥12,345.67") == "12345.67");
  CHECK(money("RMB 1,234") == "1234");
  CHECK(money("$1,234.50") == "1234.50");
  CHECK(money("12345.6元") == "12345.6");
  CHECK(money("1.2万") == "12000");
  CHECK(money("1.5万元") == "15000");
  CHECK(money("1.23456万") == "12345.6");
  CHECK(money("-12.5") == "-12.5");
  CHECK(money(".5") == "0.5");
  CHECK(money("abc") == "ERROR: not an amount");
  CHECK(money("12.3.4") == "ERROR: not an amount");
}

TEST_CASE("values::parse_number reads plain numbers only") {
  CHECK(*parse_number("12").value == 12);
  CHECK(*parse_number("1,234").value == 1234);
  CHECK(*parse_number("-3.5").value == -3.5);
  CHECK(parse_number("1e309").error == "not a number");
  CHECK(parse_number("inf").error == "not a number");
  CHECK(parse_number("abc").error == "not a number");
}

TEST_CASE("values::parse_duration_seconds reads survey durations") {
  CHECK(*parse_duration_seconds("125秒").value == 125);
  CHECK(*parse_duration_seconds("2分5秒").value == 125);
  CHECK(*parse_duration_seconds("2分钟5秒").value == 125);
  CHECK(*parse_duration_seconds("1小时2分").value == 3720);
  CHECK(*parse_duration_seconds("00:02:05").value == 125);
  CHECK(*parse_duration_seconds("2:05").value == 125);
  CHECK(*parse_duration_seconds("125").value == 125);
  CHECK(*parse_duration_seconds("125s").value == 125);
  CHECK(*parse_duration_seconds("2m 5s").value == 125);
  CHECK(parse_duration_seconds("soon").error == "not a duration");
  CHECK(parse_duration_seconds("5 5").error == "not a duration");
}

TEST_CASE("values::parse_multiselect splits answers the ways platforms write them") {
  CHECK(parse_multiselect("产品质量、服务响应") == Items{"产品质量", "服务响应"});
  CHECK(parse_multiselect("产品质量;操作复杂") == Items{"产品质量", "操作复杂"});
  CHECK(parse_multiselect("产品质量；操作复杂") == Items{"产品质量", "操作复杂"});
  CHECK(parse_multiselect("A, B ,A") == Items{"A", "B"});
  CHECK(parse_multiselect("产品质量┋物流配送") == Items{"产品质量", "物流配送"});
  CHECK(parse_multiselect("A|B\nC") == Items{"A", "B", "C"});
  CHECK(parse_multiselect("☑产品质量 ☐操作复杂 ☑物流") == Items{"产品质量", "物流"});
  CHECK(parse_multiselect("") == Items{});
  // The platform's joiner decides: 金数据 / Google Forms ", " leaves the
  // Chinese commas inside an option alone, 问卷星's ┋ leaves every comma alone.
  CHECK(parse_multiselect("在家没有认真，线下又难以补上, 管理过于繁琐") ==
        Items{"在家没有认真，线下又难以补上", "管理过于繁琐"});
  CHECK(parse_multiselect("价格、质量┋服务, 态度") == Items{"价格、质量", "服务, 态度"});
  CHECK(parse_multiselect("价格，质量、服务") == Items{"价格", "质量", "服务"});
  CHECK(join_list({"产品质量", "a;b"}) == "产品质量;a；b");
}
