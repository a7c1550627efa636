#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/strings.hpp"

using fbkit::escape_controls;
using fbkit::excerpt;
using fbkit::quote_value;

TEST_CASE("escape_controls makes ESC, OSC, CSI and BEL visible and keeps CJK") {
  CHECK(escape_controls("\x1b]0;pwned\x07 \x1b[31mred") == "\\x1b]0;pwned\\x07 \\x1b[31mred");
  CHECK(escape_controls("a\u009b2Jb") == "a\\u{9b}2Jb");            // C1 CSI, as UTF-8
  CHECK(escape_controls("x\u202etxt.exe") == "x\\u{202e}txt.exe");  // bidirectional override
  CHECK(escape_controls("客服态度差，退款慢") == "客服态度差，退款慢");
  CHECK(escape_controls(std::string("a\xff\xe4\xb8z", 5)) == "a\\xff\\xe4\\xb8z");  // invalid UTF-8
  CHECK(escape_controls(std::string("nul\0del\x7f", 8)) == "nul\\x00del\\x7f");
  CHECK(escape_controls("a\nb\tc\r") == "a\\x0ab\\x09c\\x0d");
  CHECK(escape_controls("a\nb\tc", "\n") == "a\nb\\x09c");
}

TEST_CASE("quote_value shows at most 60 characters of a value, escaped, in quotes") {
  CHECK(quote_value("soon") == "'soon'");
  CHECK(quote_value("") == "''");
  const std::string sixty(60, 'x');
  CHECK(quote_value(sixty) == "'" + sixty + "'");
  CHECK(quote_value(sixty + "y") == "'" + std::string(59, 'x') + "\u2026'");
  CHECK(quote_value(std::string(100000, 'h')).size() == 2 + 59 + 3);
  // Characters, not bytes: 70 Chinese characters become 59 and the ellipsis.
  std::string cjk;
  for (int i = 0; i < 70; ++i) {
    cjk += "退";
  }
  CHECK(quote_value(cjk).size() == 2 + 59 * 3 + 3);
  CHECK(quote_value("\x1b[31m", 60) == "'\\x1b[31m'");
  // An escape is not cut in half.
  CHECK(excerpt("abc\x1b", 5) == "abc\u2026");
  CHECK(excerpt("ab\x1b", 6) == "ab\\x1b");
}

TEST_CASE("capped_errors prints at most 100 lines and 32 KiB, then how many more") {
  std::vector<std::string> many(250, "f.yaml:1:1: x");
  auto lines = fbkit::capped_errors(many, "f.yaml");
  REQUIRE(lines.size() == fbkit::kMaxErrorLines + 1);
  CHECK(lines.back() == "f.yaml: ... and 150 more errors");

  std::vector<std::string> long_ones(50, "f.yaml:1:1: " + std::string(5000, 'v'));
  lines = fbkit::capped_errors(long_ones, "f.yaml");
  std::size_t bytes = 0;
  for (const std::string& l : lines) {
    bytes += l.size();
  }
  CHECK(bytes <= fbkit::kMaxErrorBytes + 100);
  CHECK(lines.back().find("more errors") != std::string::npos);

  CHECK(fbkit::capped_errors({"a", "b"}, "f") == std::vector<std::string>{"a", "b"});
  CHECK(fbkit::printable_message("bad \x1b]0;t\x07") == "bad \\x1b]0;t\\x07");
  CHECK(fbkit::printable_message(std::string(10000, 'z')).size() == fbkit::kMaxMessageBytes + 3);
}

TEST_CASE("any_item visits each item of a ';' list cell, empty ones included, until one is found") {
  const auto items = [](std::string_view list) {
    std::vector<std::string> out;
    fbkit::any_item(list, [&](std::string_view x) {
      out.emplace_back(x);
      return false;
    });
    return out;
  };
  CHECK(items("fit;quality") == std::vector<std::string>{"fit", "quality"});
  CHECK(items("a;") == std::vector<std::string>{"a", ""});
  CHECK(items(";b") == std::vector<std::string>{"", "b"});
  CHECK(items("") == std::vector<std::string>{""});
  std::size_t seen = 0;
  CHECK(fbkit::any_item("a;b;c", [&](std::string_view x) {
    ++seen;
    return x == "b";
  }));
  CHECK(seen == 2);
  CHECK_FALSE(fbkit::any_item("a;b", [](std::string_view x) { return x == "ab"; }));
}

TEST_CASE("fill_in puts the values into a label's {} in turn") {
  CHECK(fbkit::fill_in("另有 {} 条，其中 {} 条", {"4", "3"}) == "另有 4 条，其中 3 条");
  CHECK(fbkit::fill_in("{} rows", {"12", "7"}) == "12 rows");     // a value too many is dropped
  CHECK(fbkit::fill_in("{} of {}", {"2"}) == "2 of {}");          // a {} without a value stays
  CHECK(fbkit::fill_in("column {}", {"a{}b"}) == "column a{}b");  // a value is not searched again
  CHECK(fbkit::fill_in("no braces", {"x"}) == "no braces");
}
