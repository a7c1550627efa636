#include <doctest/doctest.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "clean/literal_filter.hpp"
#include "clean/row_rules.hpp"
#include "clean/rules.hpp"
#include "text/unicode.hpp"

using fbkit::clean::LiteralFilter;
using fbkit::clean::pattern_options;

namespace {

std::string utf8(char32_t c) {
  std::string s;
  fbkit::text::append_utf8(s, c);
  return s;
}

// Random values made of the patterns' pieces in any case, the characters
// RE2 folds onto ASCII letters, other text and stray bytes.
std::vector<std::string> values(std::size_t n) {
  // '|' between them.
  const std::string listed =
      "测试|数据|反馈|工单|test|TEST|TeSt|testing|demo|DEMO|演示|这是|一|条|请忽略|请无视|please| ignore|IGNORE|"
      "this|do not process|DO NOT PROCESS|asdf|QWER|aaa|xxx|123|4567|89| |-|_|#|好|的|a|x|1|0|\xE2\x84\xAA|"
      "\xC5\xBF|系统|内部|功能|接口|é|É|Ω|…|，|返利群|兼职|日结|http://|www.|x.cn|\n|casino|CASINO|"
      "earn $5 a day|加微信|外挂";
  std::vector<std::string> pieces;
  for (std::size_t at = 0;;) {
    const std::size_t bar = listed.find('|', at);
    pieces.push_back(listed.substr(at, bar - at));
    if (bar == std::string::npos) {
      break;
    }
    at = bar + 1;
  }
  std::mt19937 random(20251204);
  std::vector<std::string> out = {"", "t", "te", "测", "测试", "TEST", "te\xC5\xBFt", "\xE2\x84\xAA"};
  for (std::size_t i = 0; i < n; ++i) {
    std::string v;
    const std::size_t parts = random() % 14;
    for (std::size_t k = 0; k < parts; ++k) {
      if (random() % 12 == 0) {
        v += static_cast<char>(random() % 256);
      } else {
        v += pieces[random() % pieces.size()];
      }
    }
    out.push_back(v);
  }
  return out;
}

// Every value a set matches is possible to both of the filter's scans (16
// bytes at a time, and a byte at a time), and the two agree; the count of
// values ruled out.
int check(const std::vector<std::string>& patterns, RE2::Anchor anchor, const std::vector<std::string>& vs) {
  RE2::Set set(pattern_options(), anchor);
  for (const std::string& p : patterns) {
    REQUIRE(set.Add(p, nullptr) >= 0);
  }
  REQUIRE(set.Compile());
  const LiteralFilter simd(patterns);
  LiteralFilter bytes(patterns);
  bytes.without_simd();
  int ruled_out = 0;
  for (const std::string& v : vs) {
    CAPTURE(v);
    const bool possible = simd.possible(v);
    CHECK(possible == bytes.possible(v));
    if (set.Match(v, nullptr)) {
      CHECK(possible);
    }
    ruled_out += possible ? 0 : 1;
  }
  return ruled_out;
}

}  // namespace

TEST_CASE("clean::LiteralFilter: a value it rules out matches no pattern of the set") {
  const fbkit::clean::Rules r = fbkit::clean::load_rules(fbkit::config::Document{"c.yaml", "rules/c.yaml", ""});
  std::vector<std::string> vs = values(30000);
  // Every length around the 16-byte steps, a test word at each offset.
  for (std::size_t pad = 0; pad < 40; ++pad) {
    vs.push_back(std::string(pad, 'z') + "TEST");
    vs.push_back(std::string(pad, 'z') + "这是测试" + std::string(pad % 7, 'z'));
    vs.push_back(std::string(pad, ' ') + "系统测试");
    vs.push_back("请" + std::string(pad, 'z') + "忽略");
  }
  // (no structured binding: clang before 16 cannot capture one in CAPTURE's lambda)
  for (const auto& set : std::vector<std::pair<std::vector<std::string>, RE2::Anchor>>{
           {r.test_text, RE2::ANCHOR_BOTH},
           {r.test_customer_id, RE2::ANCHOR_BOTH},
           {r.spam_regex, RE2::UNANCHORED},
           {r.spam_weak_regex, RE2::UNANCHORED},
           {{"ks", "(?-i:Zz)", "a[bc]{2}d", "(测|侧)试.*(数据|x)"}, RE2::ANCHOR_BOTH}}) {
    const std::vector<std::string>& patterns = set.first;
    const RE2::Anchor anchor = set.second;
    CAPTURE(patterns.front());
    CHECK(LiteralFilter(patterns).active());
    CHECK(check(patterns, anchor, vs) > 1000);
  }
  // The generated texts the test rules skip.
  const LiteralFilter text(r.test_text);
  CHECK_FALSE(text.possible("您好，打开有很大的异味，店员很热情，推荐得很到位，开发票很方便 谢谢。"));
  CHECK(text.possible("这是测试数据"));
  CHECK(text.possible("系统测试"));
}

TEST_CASE("clean::LiteralFilter rules out nothing where literals cannot tell") {
  // A pattern without literals, one with a letter that has other cases, none.
  for (const std::vector<std::string>& patterns :
       std::vector<std::vector<std::string>>{{"test", "\\d+"}, {"café"}, {"Ωmega"}, {}}) {
    const LiteralFilter f(patterns);
    CHECK_FALSE(f.active());
    CHECK(f.possible(""));
    CHECK(f.possible("nothing"));
  }
  CHECK(check({"café.*", "ωmega"}, RE2::UNANCHORED, {"CAFÉ", "ΩMEGA", "cafe"}) == 0);
}

TEST_CASE("RE2 folds only K (Kelvin) and ſ onto ASCII, as LiteralFilter assumes") {
  std::string all;
  for (char32_t c = 0x80; c <= 0x10FFFF; ++c) {
    if (c < 0xD800 || c > 0xDFFF) {
      all += utf8(c);
    }
  }
  const RE2 ascii("([\\x00-\\x7F])", pattern_options());
  REQUIRE(ascii.ok());
  re2::StringPiece rest(all);
  std::string hit;
  std::set<std::string> folded;
  while (RE2::FindAndConsume(&rest, ascii, &hit)) {
    folded.insert(hit);
  }
  CHECK(folded == std::set<std::string>{"\xC5\xBF", "\xE2\x84\xAA"});
}
