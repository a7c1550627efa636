#include <doctest/doctest.h>

#include "text/unicode.hpp"

using namespace fbkit::text;

TEST_CASE("text::nfkc turns full-width letters, digits and punctuation into ASCII") {
  CHECK(nfkc("ＡＢＣ１２３！") == "ABC123!");
  CHECK(nfkc("ｔｅｓｔ＠ｍａｉｌ．ｃｏｍ") == "test@mail.com");
  // NFKC maps the full-width comma too: callers that must keep Chinese
  // punctuation (clean) cannot use plain NFKC on customer text.
  CHECK(nfkc("好，很好") == "好,很好");
  CHECK(nfkc("。") == "。");  // the ideographic full stop has no compatibility form
  CHECK(nfkc("plain ascii") == "plain ascii");
  CHECK(nfkc("bad \xff byte") == "bad \xff byte");
}

TEST_CASE("text::normalize_key makes header names and codes comparable") {
  CHECK(normalize_key("  Ｃｒｅａｔｅｄ　At ") == "created at");
  CHECK(normalize_key("反馈 \t 时间") == "反馈 时间");
  CHECK(normalize_key("１、您对本次服务满意吗？") == "1、您对本次服务满意吗?");
  CHECK(normalize_key("VIP客户") == "vip客户");
  CHECK(normalize_key("\xE2\x80\x8B"
                      "Status") == "status");  // a zero-width space pasted in
  CHECK(normalize_key("Straße") == "strasse");
}

TEST_CASE("text::is_valid_utf8 rejects malformed sequences") {
  CHECK(is_valid_utf8("中文 ok"));
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  CHECK_FALSE(is_valid_utf8("\xE4\xB8"));          // cut short
  CHECK_FALSE(is_valid_utf8("\xB7\xFE\xCE\xF1"));  // GBK bytes for 服务
}

TEST_CASE("text::display_width counts East Asian wide characters as two columns") {
  CHECK(display_width("ab中文") == 6);
  CHECK(display_width("ＡＢ") == 4);
  CHECK(display_width("e\xCC\x81") == 1);  // e + combining acute
  CHECK(display_width("") == 0);
}
