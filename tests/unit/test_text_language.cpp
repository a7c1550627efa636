#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "text/language.hpp"

using fbkit::text::choose_language;
using fbkit::text::kLanguageRows;
using fbkit::text::LanguageScan;

namespace {

std::string chosen(const LanguageScan& scan) {
  std::string note;
  return choose_language("auto", scan, note);
}

}  // namespace

TEST_CASE("text::LanguageScan counts the text columns only, and says zh from a 20% share of CJK letters") {
  LanguageScan scan;
  scan.header({"feedback_id", "channel", "text", "text_title"});
  scan.row({"退款", "phone", "refund late", "x"});  // the id's ideographs do not count
  CHECK(chosen(scan) == "en");                      // 0 of 11 letters
  scan.row({"1", "phone", "退款", ""});             // 2 of 13: 15%
  CHECK(chosen(scan) == "en");
  scan.row({"2", "phone", "", "退款慢"});  // 5 of 16: 31%
  std::string note;
  CHECK(choose_language("auto", scan, note) == "zh");
  CHECK(note == "language zh: 31% of the text's letters are Chinese (zh from 20%; --lang en for English)");
}

TEST_CASE("text::LanguageScan without text goes by the export's own column names, else zh") {
  LanguageScan canonical;
  canonical.header({"feedback_id", "channel", "score_overall", "category"});
  canonical.row({"1", "phone", "5", "process"});
  CHECK(chosen(canonical) == "zh");
  LanguageScan own_en;
  own_en.header({"feedback_id", "Priority", "Solved at"});
  CHECK(chosen(own_en) == "en");
  LanguageScan own_zh;
  own_zh.header({"feedback_id", "Priority", "处理人"});
  CHECK(chosen(own_zh) == "zh");
}

TEST_CASE("text::LanguageScan without text: one ideograph among English column names leaves them English") {
  LanguageScan stray;  // a byte pair read as GB18030 after a question
  stray.header({"feedback_id", "Have you seen any of the films?", "Are you a fan of the Expanded Universe?屾"});
  std::string note;
  CHECK(choose_language("auto", stray, note) == "en");
  CHECK(note == "language en: no text; the export's own column names are not Chinese (--lang zh for Chinese)");
  LanguageScan mostly_zh;  // 6 of 9 letters
  mostly_zh.header({"feedback_id", "SKU", "处理人", "回访结果"});
  CHECK(chosen(mostly_zh) == "zh");
}

TEST_CASE("text::LanguageScan wants the first kLanguageRows rows of all inputs together") {
  LanguageScan scan;
  scan.header({"text"});
  for (std::int64_t i = 0; i < kLanguageRows; ++i) {
    REQUIRE(scan.wants_rows());
    scan.row({"好"});
  }
  CHECK_FALSE(scan.wants_rows());
  scan.header({"text"});  // a second input: still full
  CHECK_FALSE(scan.wants_rows());
  LanguageScan none;
  none.header({"feedback_id"});  // no text column: no row is wanted
  CHECK_FALSE(none.wants_rows());
}

TEST_CASE("text::choose_language keeps an explicit language and says nothing") {
  LanguageScan scan;
  std::string note = "old";
  CHECK(choose_language("en", scan, note) == "en");
  CHECK(note.empty());
}

TEST_CASE("text::says_something: punctuation, symbols and spaces say nothing, a letter, digit or ideograph does") {
  using fbkit::text::says_something;
  for (const std::string_view nothing :
       {"", " \t\n", "。。。", "！！", "...?!", "——", "…", "\xEF\xBB\xBF", "¥×÷", "@小王", "@Ann @Bo"}) {
    CHECK_MESSAGE(!says_something(nothing), nothing);
  }
  for (const std::string_view something : {"差", "ok", "5", "。。。好", "😀", "\xFF"}) {
    CHECK_MESSAGE(says_something(something), something);
  }
}

TEST_CASE("text::only_mentions: a text of tags alone, each word an @ with a name") {
  using fbkit::text::only_mentions;
  for (const std::string_view tags : {"@小秦每天睡不饱", "@Ann @Bo", " @顿顿大鱼大肉 ", "＠小王", "@甲\u3000@乙",
                                      "@a\n@b", "@养生\u00a0@小王", "@ann_b-c.d"}) {
    CHECK_MESSAGE(only_mentions(tags), tags);
  }
  for (const std::string_view said :
       {"", "  ", "@", "@ 小王", "@小王 快看", "快看 @小王", "email a@b.com", "好评@", "@京东客服：喝了牛奶拉肚子了",
        "@京东客服喝了你们的牛奶拉肚子了", "@官方:充电器爆了", "@京东客服\u00a0吃完拉肚子", "@a@b",
        "@甲\u2005垃圾东西，吃完拉肚子"}) {
    CHECK_MESSAGE(!only_mentions(said), said);
  }
}
