// The seams of lib/clean, each on its own: the layout of a header, the
// row-local rules, one row through the worker, the decider and the spill
// record. (The whole run is pinned by tests/cli/clean/.)
#include <doctest/doctest.h>
#include <re2/set.h>

#include <cstring>
#include <string>
#include <vector>

#include "clean/copy_bytes.hpp"
#include "clean/decider.hpp"
#include "clean/layout.hpp"
#include "clean/row.hpp"
#include "clean/row_rules.hpp"
#include "clean/rules.hpp"
#include "core/error.hpp"

using namespace fbkit::clean;
using fbkit::config::Document;

namespace {

Rules rules(const std::string& yaml = "") {
  return load_rules(Document{"c.yaml", "rules/c.yaml", yaml});
}

// One batch of rows (header excluded) as the batch reader hands it out.
Batch batch_of(const std::vector<std::vector<std::string>>& rows) {
  Batch b;
  b.rows = rows.size();
  b.width = rows.empty() ? 0 : rows[0].size();
  b.name = "t.csv";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (const std::string& f : rows[r]) {
      b.spans.emplace_back(static_cast<std::uint32_t>(b.raw.size()), static_cast<std::uint32_t>(f.size()));
      b.raw += f;
    }
    b.lines.push_back(static_cast<std::int64_t>(r) + 2);
  }
  return b;
}

}  // namespace

TEST_CASE("clean::Layout finds the columns clean works on and appends flags once") {
  const Rules r = rules();
  const Layout a(r, {"feedback_id", "received_at", "customer_id", "score_overall", "score_speed", "text", "vendor"});
  CHECK(a.id == 0);
  CHECK(a.received == 1);
  CHECK(a.customer == 2);
  CHECK(a.overall == 3);
  CHECK(a.text == 5);
  CHECK(a.dims == std::vector<std::size_t>{4});
  CHECK(a.all_scores == std::vector<std::size_t>{3, 4});
  CHECK(a.header.back() == "flags");
  CHECK(a.header.size() == 8);
  // The id and provenance columns do not make two rows different.
  CHECK(std::find(a.hash_cols.begin(), a.hash_cols.end(), 0) == a.hash_cols.end());

  const Layout b(r, {"text", "flags", "category"});
  CHECK(b.flags == 1);
  CHECK(b.header.size() == 3);  // flags already there
  // classify's columns are not masked as unknown extra columns.
  CHECK(std::find(b.mask_cols.begin(), b.mask_cols.end(), 2) == b.mask_cols.end());
}

TEST_CASE("clean's row rules: scores, numbers, the flood test, the vague test, pattern errors") {
  CHECK(small_integer("4") == 4);
  CHECK(small_integer("4.0") == 4);
  CHECK(small_integer("05") == 5);
  CHECK(small_integer("4.5") == std::nullopt);
  CHECK(small_integer("100") == std::nullopt);
  CHECK(small_integer("") == std::nullopt);
  CHECK(format_number(12.5) == "12.5");
  CHECK(format_number(3.0) == "3");
  CHECK(format_number(0.3333333) == "0.333");

  std::vector<std::uint32_t> scratch;
  CHECK(is_flood("啊啊啊啊啊啊啊啊啊啊", 8, 0.8, scratch));
  CHECK(is_flood("aaaaaaaaab", 8, 0.8, scratch));
  CHECK_FALSE(is_flood("aaaaabbbbb", 8, 0.8, scratch));
  CHECK_FALSE(is_flood("啊啊啊", 8, 0.8, scratch));         // too short
  CHECK_FALSE(is_flood("a a a a a a a", 8, 0.8, scratch));  // spaces do not count
  CHECK(is_flood("abababababab", 8, 0.5, scratch));

  const Rules r = rules();
  const VagueTest vague(r.vague);
  CHECK(vague("还行"));
  CHECK_FALSE(vague("送餐师傅迟到了一个小时，饭菜都凉了，打电话也不接"));

  CHECK_THROWS_AS(PatternSets(rules("remove:\n  test:\n    text: ['(']\n")), fbkit::ConfigError);
}

TEST_CASE("clean::WholeMatchRange: a value it rules out matches no pattern of the set") {
  // Patterns with bounds, with folded cases (K and ſ fold to k and s), CJK,
  // repetition and the empty string; values around each bound.
  const std::vector<std::string> bounded = {"(test|demo|测试|演示)[-_ ]?[0-9a-z]*",
                                            "(asdf|qwer|aaa+|123+)",
                                            "x*",
                                            "这是一?条?(测试|演示).*",
                                            "ks",
                                            "[a-c]{2,3}",
                                            "Zz"};
  // The values, '|' between them (the first is empty).
  const std::string listed =
      "|C0102732|test|TEST|tEsT-12ab|Test_9|teſt|\xE2\x84\xAAs|K\xC5\xBF|KS|ks|demo|DEMO 1|测试|测试-abc|演示|这是测试|"
      "这是一条演示数据|这是|asdf|ASDF|aaaaaaaa|aa|123333|12|xxxx|x|y|abc|ABC|abcd|cc|zZ|ZZ|zz|{|\xFF|"
      "testtesttesttesttest|test\n1|Ｔｅｓｔ|testing|C|D|T|u|0";
  std::vector<std::string> values;
  for (std::size_t at = 0;;) {
    const std::size_t bar = listed.find('|', at);
    values.push_back(listed.substr(at, bar - at));
    if (bar == std::string::npos) {
      break;
    }
    at = bar + 1;
  }
  RE2::Set set(pattern_options(), RE2::ANCHOR_BOTH);
  for (const std::string& p : bounded) {
    REQUIRE(set.Add(p, nullptr) >= 0);
  }
  REQUIRE(set.Compile());
  const WholeMatchRange range(bounded);
  REQUIRE(range.bounded());
  int ruled_out = 0;
  for (const std::string& v : values) {
    const bool match = set.Match(v, nullptr);
    CAPTURE(v);
    CHECK((!match || range.possible(v)));
    ruled_out += range.possible(v) ? 0 : 1;
  }
  CHECK(ruled_out >= 3);
  // The default customer_id patterns rule out the generator's ids; a pattern
  // that matches any bytes (\C*) rules out nothing.
  const Rules r = rules();
  const WholeMatchRange ids(r.test_customer_id);
  CHECK_FALSE(ids.possible("C0102732"));
  CHECK(ids.possible("test01"));
  CHECK(ids.possible("Demo_7"));
  const WholeMatchRange any({"(a|b)", "\\C*"});
  CHECK_FALSE(any.bounded());
  CHECK(any.possible("C0102732"));
}

TEST_CASE("clean::copy_bytes copies what memcpy copies, at every length around its steps") {
  std::string from(80, '\0');
  for (std::size_t i = 0; i < from.size(); ++i) {
    from[i] = static_cast<char>('!' + i);
  }
  for (std::size_t n = 0; n <= 70; ++n) {
    for (std::size_t at = 0; at < 3; ++at) {
      std::string a(80, '.'), b(80, '.');
      copy_bytes(a.data() + at, from.data() + at, n);
      std::memcpy(b.data() + at, from.data() + at, n);
      CAPTURE(n);
      CHECK(a == b);
    }
  }
}

TEST_CASE("clean::RowWorker: one row normalized, masked, flagged and hashed") {
  const Rules r = rules();
  const Compiled compiled(r);
  const Layout layout(r, {"feedback_id", "received_at", "customer_id", "score_overall", "text"});
  const RowWorker worker(compiled, layout);
  Batch b = batch_of({
      {"a1", "2025-01-03T10:00:00", "c1", "4.0", "ＡＰＰ闪退，电话13812345678"},
      {"a2", "2025-02-30T10:00:00", "c1", "9", "测试"},
  });
  worker.run(b);
  REQUIRE(b.out.size() >= 2);
  const RowOut& one = b.out[0];
  CHECK(one.fields[3] == "4");
  CHECK(one.fields[4].find("13812345678") == std::string_view::npos);
  CHECK(one.flags == "pii_masked");
  CHECK(one.has_repeat_key);
  CHECK(one.local == Reason::none);
  const RowOut& two = b.out[1];
  CHECK(two.flags.find("score_out_of_range") != std::string::npos);
  CHECK_FALSE(two.has_repeat_key);  // 2025-02-30 is no time
  CHECK(two.local == Reason::test);
  CHECK(b.counters.masked.mobile == 1);
}

TEST_CASE("clean::Decider: duplicate, then local reason, then repeated, then too_fast") {
  Rules r = rules();
  const Layout layout(r, {"feedback_id", "received_at", "customer_id", "text"});
  Decider d(r, layout);
  d.set_too_fast(30.0);
  RowOut a;
  a.fields = {"a1", "2025-01-03T10:00:00", "c1", "hi"};
  a.dup = {1, 1};
  a.has_repeat_key = true;
  a.repeat = {7, 7};
  a.when = 1000;
  std::string detail;
  CHECK(d.decide(a, "t.csv", detail) == Reason::none);
  RowOut dup = a;
  dup.fields[0] = "a2";
  CHECK(d.decide(dup, "t.csv", detail) == Reason::duplicate);
  CHECK(detail == "same as a1");
  RowOut again = a;
  again.fields[0] = "a3";
  again.dup = {2, 2};
  again.when = 1000 + 5400;
  CHECK(d.decide(again, "t.csv", detail) == Reason::repeated);
  CHECK(detail == "same customer and text as a1, 1.5 h apart");
  RowOut fast;
  fast.fields = {"", "", "", ""};
  fast.dup = {3, 3};
  fast.duration = 12.0;
  fast.line = 9;
  CHECK(d.decide(fast, "t.csv", detail) == Reason::too_fast);
  CHECK(detail == "12 s, below 30 s");
}

TEST_CASE("clean::Deferred: a row written to a spill file reads back whole") {
  SpillFile f;
  RowOut r;
  r.line = 42;
  r.local = Reason::spam;
  r.detail = "link only";
  r.duration = 3.5;
  r.flags = "pii_masked;vague";
  r.fields = {"a1", "", "多行\n文本", std::string_view("\0x", 2)};
  Deferred::write(f, 3, r);
  RowOut plain;
  plain.fields = {"b"};
  Deferred::write(f, 0, plain);
  f.rewind();
  Deferred back;
  REQUIRE(back.read(f));
  CHECK(back.input == 3);
  CHECK(back.line == 42);
  CHECK(back.local == Reason::spam);
  CHECK(back.detail == "link only");
  CHECK(back.duration == 3.5);
  CHECK(back.flags == "pii_masked;vague");
  CHECK(back.views == std::vector<std::string_view>{"a1", "", "多行\n文本", std::string_view("\0x", 2)});
  REQUIRE(back.read(f));
  CHECK(back.input == 0);
  CHECK(back.duration == std::nullopt);
  CHECK(back.views == std::vector<std::string_view>{"b"});
  CHECK_FALSE(back.read(f));
}
