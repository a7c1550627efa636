#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "text/pii.hpp"
#include "text/pii_parts.hpp"

using fbkit::text::mask_pii;
using fbkit::text::PiiCounts;
using fbkit::text::PiiOptions;

namespace {

std::string masked(const std::string& in, PiiOptions o = {}, PiiCounts* counts = nullptr) {
  std::string out;
  mask_pii(in, out, o, counts);
  return out;
}

}  // namespace

TEST_CASE("mobile numbers keep their first 3 and last 4 digits and their formatting") {
  CHECK(masked("电话13812345678") == "电话138****5678");
  CHECK(masked("call 138-1234-5678 now") == "call 138-****-5678 now");
  CHECK(masked("+86 13812345678") == "+86 138****5678");
  CHECK(masked("0086 138 1234 5678") == "0086 138 **** 5678");
  CHECK(masked("１３８１２３４５６７８") == "１３８****５６７８");  // full-width digits
  CHECK(masked("13812345678。") == "138****5678。");
}

TEST_CASE("numbers that are not mobile numbers are left alone") {
  CHECK(masked("12345678901") == "12345678901");        // starts with 12
  CHECK(masked("138123456789") == "138123456789");      // 12 digits
  CHECK(masked("ab13812345678") == "ab13812345678");    // inside a code
  CHECK(masked("13812345678abc") == "13812345678abc");  // followed by letters
  CHECK(masked("2025-10-23 14:05") == "2025-10-23 14:05");
  CHECK(masked("400-123-4567") == "400-123-4567");  // a company hotline
  CHECK(masked("订单号：040937838100") == "订单号：040937838100");
  CHECK(masked("订单号：2025070112345678") == "订单号：2025070112345678");  // an order number with its label
}

TEST_CASE("a number after an order number is still masked") {
  CHECK(masked("订单号123456，电话13812345678") == "订单号123456，电话138****5678");
  // A mobile number where the order number goes is a mobile number (issue #18).
  CHECK(masked("订单号13812345678") == "订单号138****5678");
  CHECK(masked("订单号 13812345678 请联系") == "订单号 138****5678 请联系");
}

TEST_CASE("landlines keep the area code and the last 4 digits") {
  CHECK(masked("010-12345678") == "010-****5678");
  CHECK(masked("0755-1234567") == "0755-***4567");
  CHECK(masked("02112345678") == "021****5678");
}

TEST_CASE("e-mail addresses keep their first character and domain") {
  PiiCounts c;
  CHECK(masked("mail zhangwei88@qq.com.", {}, &c) == "mail z***@qq.com.");
  CHECK(c.email == 1);
  CHECK(masked("12345678@qq.com") == "1***@qq.com");  // a QQ number is the local part
  CHECK(masked("a@b") == "a@b");
  CHECK(masked("@qq.com") == "@qq.com");
  CHECK(masked("x@y.c") == "x@y.c");
}

TEST_CASE("ID numbers need a valid checksum and birth date") {
  CHECK(fbkit::text::valid_id_card("11010519491231002X"));
  CHECK(fbkit::text::valid_id_card("310115198511200012"));
  CHECK_FALSE(fbkit::text::valid_id_card("310115198511200011"));  // checksum
  CHECK_FALSE(fbkit::text::valid_id_card("310115198513200012"));  // month 13
  CHECK(masked("身份证11010519491231002X") == "身份证110105********002X");
  CHECK(masked("身份证310115198511200012。") == "身份证310115********0012。");
  CHECK(masked("310115198511200011") == "310115198511200011");  // and no Luhn digit either
}

TEST_CASE("bank cards need a valid Luhn digit and no order label") {
  CHECK(fbkit::text::luhn_valid("4111111111111111"));
  CHECK_FALSE(fbkit::text::luhn_valid("4111111111111112"));
  CHECK(masked("卡号6222021234567890128") == "卡号622202*********0128");
  CHECK(masked("卡号 6222 0212 3456 7890 128") == "卡号 6222 02** **** ***0 128");
  CHECK(masked("卡号6222021234567890127") == "卡号6222021234567890127");
  CHECK(masked("订单号6222021234567890128") == "订单号6222021234567890128");
}

TEST_CASE("each kind can be switched off") {
  PiiOptions o;
  o.mobile = false;
  CHECK(masked("13812345678 a@qq.com", o) == "13812345678 a***@qq.com");
  o = PiiOptions{};
  o.email = false;
  CHECK(masked("13812345678 a@qq.com", o) == "138****5678 a@qq.com");
}

TEST_CASE("masking is idempotent and never grows text unboundedly") {
  std::mt19937 rng(7);
  const std::string alphabet = "0123456789 -+@.abcxX订单号电话：*";
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    const int n = static_cast<int>(rng() % 40);
    for (int k = 0; k < n; ++k) {
      s += alphabet[rng() % alphabet.size()];
    }
    // Mostly digits, so phones and cards occur.
    if (rng() % 2 == 0) {
      s += "13" + std::to_string(100000000 + rng() % 900000000);
    }
    std::string once, twice;
    mask_pii(s, once, PiiOptions{});
    mask_pii(once, twice, PiiOptions{});
    REQUIRE(once == twice);
    REQUIRE(once.size() <= s.size() + 3);  // only an e-mail's "***" can add bytes
  }
}

TEST_CASE("what was missed: hidden separators, dots, parentheses, full-width e-mail, IP addresses") {
  CHECK(masked("138\u200b1234\u200b5678") == "138\u200b****\u200b5678");  // zero-width spaces
  CHECK(masked("138\u00a01234\u00a05678") == "138\u00a0****\u00a05678");  // no-break spaces
  CHECK(masked("1\u200b3\u200b8\u200b1\u200b2\u200b3\u200b4\u200b5\u200b6\u200b7\u200b8") ==
        "1\u200b3\u200b8\u200b*\u200b*\u200b*\u200b*\u200b5\u200b6\u200b7\u200b8");
  CHECK(masked("电话138.1234.5678。") == "电话138.****.5678。");
  CHECK(masked("(010)12345678") == "(010)****5678");
  CHECK(masked("（021）1234 5678") == "（021）**** 5678");
  CHECK(masked("(0755) 1234567") == "(0755) ***4567");
  PiiCounts c;
  CHECK(masked("邮箱ｚｈａｎｇｗｅｉ＠ｑｑ．ｃｏｍ。", {}, &c) == "邮箱ｚ***＠ｑｑ．ｃｏｍ。");
  CHECK(c.email == 1);
  CHECK(masked("来自IP：192.168.10.23", {}, &c) == "来自IP：192.168.**.**");
  CHECK(c.ip == 1);
  CHECK(masked("ip 8.8.8.8, 10.0.0.1") == "ip 8.8.*.*, 10.0.*.*");
}

TEST_CASE("digits that are no personal data: URLs, file names, dates, versions, labelled orders") {
  // Real shapes from ticket, survey and review exports; none of them may change.
  const char* const kept[] = {
      "https://example.atlassian.net/browse/view/17312346995/",
      "见 https://tousu.sina.com.cn/complaint/view/17312346995/ 投诉",
      "www.example.com/item/13812345678.html",
      "http://10.12.1.45:8080/ticket?id=13812345678&t=20250701",
      "附件 image-2025-07-01-13-45-30-023.png",
      "IMG_13812345678.JPG",
      "screenshot_20250701_134530.jpg 和 录音13812345678.amr",
      "2025-07-01 13:45:30",
      "2025.07.01 提交",
      "时间 2025-7-1 13:45",
      "版本号：10.2.3.4",
      "Android 13.0.1 / iOS 17.5.1",
      "ver 1.2.3.4",
      "价格 138.50 元，重量 1.5 kg",
      "订单号：3285610277190012345",
      "订单编号 289345671234",
      "运单号：78312345678901",
      "快递单号 SF1234567890123",
      "工单#20250701000123",
      "400-123-4567",
      "12345678901",
      "共 13 件，138 元",
      "a@b",
      "user@localhost",
  };
  for (const char* s : kept) {
    CAPTURE(s);
    CHECK(masked(s) == s);
  }
}

TEST_CASE("generated personal data in real contexts is masked") {
  std::mt19937 rng(18);
  const char* const before[] = {"电话", "联系方式：", "手机 ", "call ", "（", "微信同号", "，打", "\u200b"};
  const char* const after[] = {"", "。", " 谢谢", "）", "，", " ok", "!!"};
  for (int i = 0; i < 2000; ++i) {
    std::string mobile = "1";
    mobile.append(std::to_string(3 + rng() % 7)).append(std::to_string(100000000 + rng() % 900000000));
    std::string email = "user";
    email.append(std::to_string(rng() % 100000)).append("@example.com");
    std::string s = before[rng() % 8];
    s.append(mobile).append(after[rng() % 7]).append(" ").append(email);
    PiiCounts c;
    const std::string out = masked(s, {}, &c);
    CAPTURE(s);
    CHECK(out.find(mobile) == std::string::npos);
    CHECK(out.find(email) == std::string::npos);
    CHECK(c.mobile == 1);
    CHECK(c.email == 1);
  }
}

TEST_CASE("texts with fewer than 4 digits and no @ are not scanned; the shortest masked kind has 4") {
  using fbkit::text::may_hold_pii;
  CHECK_FALSE(may_hold_pii("等了3天，第12次了"));
  CHECK_FALSE(may_hold_pii("等了３天，第１２次了"));  // full-width digits count the same
  CHECK(may_hold_pii("等了３天，第１２３次了"));
  CHECK(may_hold_pii("a@b"));
  CHECK(may_hold_pii("ａ＠ｂ"));
  CHECK(may_hold_pii("来自IP 1.2.3.4"));
  CHECK(masked("来自IP 1.2.3.4") != "来自IP 1.2.3.4");  // an IP address: 4 digits, masked
}

TEST_CASE("the digit count of the prefilter holds across 16-byte blocks and at the ends") {
  using fbkit::text::may_hold_pii;
  const std::string pad(13, 'x');
  for (std::size_t shift = 0; shift < 20; ++shift) {
    const std::string lead(shift, 'y');
    INFO("shift " << shift);
    CHECK_FALSE(may_hold_pii(lead + "1" + pad + "2" + pad + "3" + pad));
    CHECK(may_hold_pii(lead + "1" + pad + "2" + pad + "3" + pad + "4"));
    CHECK(may_hold_pii(lead + "1" + pad + "２" + pad + "3" + pad + "４" + pad));
    CHECK_FALSE(may_hold_pii(lead + "，" + pad + "！" + pad + "２" + pad + "１２"));
    CHECK(may_hold_pii(lead + pad + pad + "＠"));
    CHECK(may_hold_pii(lead + pad + pad + "@"));
    CHECK_FALSE(may_hold_pii(lead + pad + "\xEF\xBC"));  // a cut full-width character
  }
}

TEST_CASE("next_digit_start finds what a byte loop finds, in every block position") {
  std::mt19937 rng(18);
  const std::string bytes = "0123456789abc\xEF\xBC\x91\xE4\xB8\xAD@ .-";
  for (int round = 0; round < 2000; ++round) {
    std::string s(rng() % 70, 'x');
    for (char& c : s) {
      c = rng() % 4 == 0 ? bytes[rng() % bytes.size()] : static_cast<char>('a' + rng() % 26);
    }
    const std::size_t from = s.empty() ? 0 : rng() % (s.size() + 1);
    const std::size_t to = from + (s.size() > from ? rng() % (s.size() - from + 1) : 0);
    std::size_t slow = from;
    while (slow < to && !((s[slow] >= '0' && s[slow] <= '9') || static_cast<unsigned char>(s[slow]) == 0xEF)) {
      ++slow;
    }
    CAPTURE(s);
    CHECK(fbkit::text::pii_detail::next_digit_start(s, from, to) == slow);
  }
}

TEST_CASE("may_hold_pii counts what a byte loop counts, and mask_pii_checked masks what mask_pii masks") {
  std::mt19937 rng(20251205);
  const std::vector<std::string> pieces = {"1",
                                           "23",
                                           "４",
                                           "\xEF\xBC\x99",
                                           "@",
                                           "＠",
                                           "\xEF\xBC",
                                           "\xEF",
                                           "，",
                                           "测",
                                           "a",
                                           ".",
                                           "-",
                                           " ",
                                           "138",
                                           "1234-5678",
                                           "x@y.cn",
                                           "https://a.cn/1234",
                                           "img_2025.png",
                                           "13812345678"};
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    for (std::size_t k = rng() % 12; k > 0; --k) {
      s += pieces[rng() % pieces.size()];
    }
    int digits = 0;
    bool at = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      const bool wide = c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC;
      const auto w = wide ? static_cast<unsigned char>(s[i + 2]) : 0;
      digits += (c >= '0' && c <= '9') || (w >= 0x90 && w <= 0x99) ? 1 : 0;
      at = at || c == '@' || w == 0xA0;
    }
    CAPTURE(s);
    const bool may = fbkit::text::may_hold_pii(s);
    CHECK(may == (at || digits >= 4));
    if (may) {
      std::string a, b;
      CHECK(mask_pii(s, a, PiiOptions{}) == fbkit::text::mask_pii_checked(s, b, PiiOptions{}));
      CHECK(a == b);
    }
  }
}

TEST_CASE("an e-mail whose domain runs into a file name: the e-mail is masked, the rest of the name left") {
  CHECK(masked("1x@y.cnimg_2025.png") == "1***@y.cnimg_2025.png");
  CHECK(masked("联系 ab@mail.cn_13812345678.png 或 13812345678") == "联系 a***@mail.cn_13812345678.png 或 138****5678");
}
