#include <doctest/doctest.h>

#include <string>

#include "clean/normalize.hpp"

using namespace fbkit::clean;

namespace {

std::string run(bool (*step)(std::string_view, std::string&), const std::string& in) {
  std::string out;
  step(in, out);
  return out;
}

std::string fold(const std::string& in, const std::string& keep = "，！？：；（）～￥…‥") {
  std::string out;
  nfkc_keeping(in, keep, out);
  return out;
}

}  // namespace

TEST_CASE("HTML entities are decoded, nested ones too") {
  CHECK(run(decode_entities, "it&#39;s &quot;ok&quot; &amp; fine") == "it's \"ok\" & fine");
  CHECK(run(decode_entities, "AT&amp;amp;T") == "AT&T");
  CHECK(run(decode_entities, "&#x4E2D;&#25991;") == "中文");
  CHECK(run(decode_entities, "a & b; &unknown; &#0; &#xD800;") == "a & b; &unknown; &#0; &#xD800;");
  CHECK(run(decode_entities, "&nbsp;&hellip;") == " …");
}

TEST_CASE("zero-width characters are removed") {
  CHECK(run(remove_zero_width, "a\u200Bb\u200Dc\uFEFFd\u00ADe\u2060f") == "abcdef");
  CHECK(run(remove_zero_width, "没有零宽") == "没有零宽");
}

TEST_CASE("NFKC turns full-width ASCII to ASCII and keeps Chinese punctuation") {
  CHECK(fold("ＡＢＣ１２３＠ｑｑ．ｃｏｍ") == "ABC123@qq.com");
  CHECK(fold("好吃，快！还行？（真的）～…") == "好吃，快！还行？（真的）～…");
  CHECK(fold("空\u3000格") == "空 格");
  CHECK(fold("好吃，快", "") == "好吃,快");  // nothing kept
  // Where NFKC would not give ASCII, the text stays: kaomoji survive.
  CHECK(fold("(ㅎ‸ㅎ)（︶︿︶）(>﹏<)") == "(ㅎ‸ㅎ)（︶︿︶）(>﹏<)");
}

TEST_CASE("white space is trimmed and collapsed, line breaks kept once") {
  CHECK(run(collapse_whitespace, "  a \t b  \r\n\r\n  c  ") == "a b\nc");
  CHECK(run(collapse_whitespace, "a\rb") == "a\nb");
  CHECK(run(collapse_whitespace, "   ") == "");
}

TEST_CASE("the whole normalization is idempotent") {
  TextOptions o;
  TextNormalizer n(o);
  for (const std::string s : {"  軟體很好用，&amp;amp; 服務態度好 ", "ＦＵＬＬ　ｗｉｄｔｈ\u200B text", "＆amp;lt;",
                              "&#65313;&#65314;", "乾隆年間的東西", "normal text", "", "\n\n"}) {
    std::string once, twice;
    n.normalize(s, once);
    n.normalize(once, twice);
    CHECK_MESSAGE(once == twice, s);
  }
}

TEST_CASE("Traditional Chinese becomes Simplified by phrases") {
  TextNormalizer n(TextOptions{});
  std::string out;
  const TextChanges ch = n.normalize("這個軟體的服務態度很好", out);
  CHECK(ch.t2s);
  CHECK(out == "这个软体的服务态度很好");  // t2s.json converts characters and phrases, not vocabulary
  n.normalize("乾隆", out);
  CHECK(out == "乾隆");  // a phrase OpenCC knows is not converted character by character
  TextOptions tw;
  tw.opencc_config = "tw2sp.json";  // Taiwan vocabulary too
  TextNormalizer t(tw);
  t.normalize("這個軟體的服務態度很好", out);
  CHECK(out == "这个软件的服务态度很好");
  TextOptions off;
  off.traditional_to_simplified = false;
  TextNormalizer m(off);
  m.normalize("這個", out);
  CHECK(out == "這個");
}

TEST_CASE("text that needs nothing is returned unchanged") {
  TextNormalizer n(TextOptions{});
  std::string out;
  const TextChanges ch = n.normalize("送餐很快，味道不错！下次还来。", out);
  CHECK_FALSE(ch.any());
  CHECK(out == "送餐很快，味道不错！下次还来。");
}

TEST_CASE("normalization never turns inert text into a formula") {
  TextNormalizer n(TextOptions{});
  auto norm = [&](const std::string& s) {
    std::string out;
    n.normalize(s, out);
    return out;
  };
  // The start that became = + - @ stays as it was; the rest is normalized.
  CHECK(norm(" =1+1") == " =1+1");
  CHECK(norm("＝1+1") == "＝1+1");
  CHECK(norm("&#61;HYPERLINK(\"http://x\",\"y\")") == "&#61;HYPERLINK(\"http://x\",\"y\")");
  CHECK(norm("&amp;#61;1") == "&amp;#61;1");
  CHECK(norm("\u200B@SUM(A1)") == "\u200B@SUM(A1)");
  CHECK(norm("＋８６　１３８") == "＋86 138");
  CHECK(norm("  ＝  ＡＢ   ｃ ") == "  ＝ AB c");
  // A formula that was there stays one, and a number is not a formula.
  CHECK(norm("=1+1  ") == "=1+1");
  CHECK(norm(" -5") == "-5");
  CHECK(norm("－５") == "-5");
  // Normalizing twice changes nothing more.
  for (const std::string s : {" =1+1", "＝1+1", "&#61;1+1", "  ＝  ＡＢ   ｃ ", "&#61;&#61;x", " \n=x"}) {
    const std::string once = norm(s);
    CHECK_MESSAGE(norm(once) == once, s);
  }
  // Text that changes nothing reports no change.
  std::string out;
  CHECK_FALSE(n.normalize("＝1+1", out).any());
}

TEST_CASE("a text no step changes is found in one pass; invalid UTF-8 always goes through the steps") {
  TextNormalizer n(TextOptions{});
  CHECK(n.unchanged(""));
  CHECK(n.unchanged("物流太慢了，等了三天。APP 还行"));
  CHECK_FALSE(n.unchanged("這個產品"));       // Traditional
  CHECK_FALSE(n.unchanged("ＡＰＰ"));         // full-width ASCII
  CHECK_FALSE(n.unchanged("a  b"));           // two spaces
  CHECK_FALSE(n.unchanged("it&amp;s"));       // an entity
  CHECK_FALSE(n.unchanged("bad \x80 byte"));  // a stray continuation byte
  CHECK_FALSE(n.unchanged("cut \xE7\x89"));   // a cut sequence
  CHECK_FALSE(n.unchanged("\xC0\xAF"));       // an overlong '/'
  CHECK_FALSE(n.unchanged("\xED\xA0\x80"));   // a surrogate
  for (const std::string bad : {"bad \x80 byte", "cut \xE7\x89", "\xC0\xAF", "\xED\xA0\x80 x"}) {
    std::string out;
    CHECK_FALSE(n.normalize(bad, out).any());  // invalid: left as it was
    CHECK(out == bad);
  }
}

TEST_CASE("an emoji alone leaves a text unchanged; one NFKC folds is normalized") {
  // Every code point of U+1F000..U+1FFFF between Chinese text: unchanged()
  // answers what the steps do (one pass over the block: 4,096 texts).
  TextNormalizer n(TextOptions{});
  int folded = 0;
  for (char32_t c = 0x1F000; c < 0x20000; ++c) {
    const std::string cp = {static_cast<char>(0xF0), static_cast<char>(0x9F),
                            static_cast<char>(0x80 | ((c >> 6) & 0x3F)), static_cast<char>(0x80 | (c & 0x3F))};
    const std::string t = "点赞" + cp + "谢谢";
    std::string out;
    const bool changed = n.normalize(t, out).any();
    CAPTURE(static_cast<unsigned>(c));
    CHECK(n.unchanged(t) == !changed);
    folded += changed ? 1 : 0;
  }
  CHECK(folded > 0);  // 🄰 -> A, 🅐 ...
  CHECK(n.unchanged("物流很快👍，下次还会再来🙄"));
  CHECK_FALSE(n.unchanged("物流很快👍 \xF0\x9F\x91"));    // a cut emoji
  CHECK_FALSE(n.unchanged("\xF0\x9F\x91\x8D\xF0\x9F"));  // a cut one after a whole one
  CHECK_FALSE(n.unchanged("\xF0\x9F\x91\xC0"));          // a bad continuation byte
  CHECK_FALSE(n.unchanged("很好👍  谢谢"));               // the spaces still count
  TextOptions no_nfkc;
  no_nfkc.nfkc = false;
  CHECK(TextNormalizer(no_nfkc).unchanged("\xF0\x9F\x84\xB0"));  // 🄰 without the NFKC step
}
