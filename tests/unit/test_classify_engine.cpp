#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <random>

#include "text/glob.hpp"

#include "classify/engine.hpp"
#include "classify/loader.hpp"

using namespace fbkit::classify;

namespace {

const char* kRules = R"(categories:
  - id: service
    sentiment: negative
    issues:
      - {id: slow, department: 物流部, sla_hours: 24}
      - {id: rude, department: 客服部, sla_hours: 8}
  - id: praise
    urgency: info
    issues: [{id: praise}]
negation:
  cues: [不, 没, not, never]
  breaks: [但是, but]
masks: [不错, 快递]
mask_regex: ['快[0-9一两三四五六七八九十半]']
sentiment:
  positive: [快, 好吃, 不错, good, fast]
  negative: [慢, 难吃, slow]
rules:
  - {id: slow_zh, issue: slow, any: [慢, 送餐慢], regex: ['快[0-9一两三四五六七八九十半]+个?多?小时']}
  - {id: slow_en, issue: slow, any: [slow, late]}
  - {id: rude, issue: rude, any: [态度差, rude]}
  - {id: praise, issue: praise, any: [好吃, 快, 不错, good]}
urgency:
  - {id: regulator, any: ["12315", 曝光]}
  - {id: vip_low, when: {value_tier: high, score_overall: "<= 2"}}
)";

RuleSet rules() {
  return load_rules(fbkit::config::Document{"r.yaml", "r.yaml", kRules});
}

struct Run {
  RuleSet rs = rules();
  std::vector<std::string> header{"feedback_id", "received_at", "department", "score_overall", "text"};
  Classifier c{rs, header, false};
  Decision d;
  const Decision& operator()(std::string_view text, std::string_view score = "", std::string_view tier = "regular",
                             std::string_view at = "2024-03-05T22:30:00") {
    c.classify({"1", at, "门店", score, text}, tier, d);
    return d;
  }
};

}  // namespace

TEST_CASE("classify::Matcher finds every phrase once, with byte offsets, ASCII case ignored") {
  const RuleSet rs = rules();
  Matcher m(rs.patterns);
  CHECK(m.uses_hyperscan());
  std::vector<Hit> hits;
  m.scan("Slow, 送餐慢", hits);
  std::vector<std::string> found;
  for (const Hit& h : hits) {
    found.push_back(rs.patterns[static_cast<std::size_t>(h.pattern)].text + "@" + std::to_string(h.start) + "-" +
                    std::to_string(h.end));
  }
  CHECK(found == std::vector<std::string>{"slow@0-4", "送餐慢@6-15", "慢@12-15"});
}

TEST_CASE("classify::Matcher counts an English phrase only as a whole word") {
  const RuleSet rs = rules();
  Matcher m(rs.patterns);
  std::vector<Hit> hits;
  m.scan("nothing goodness slowly", hits);
  CHECK(hits.empty());
  m.scan("not good", hits);
  CHECK(hits.size() == 2);
}

TEST_CASE("classify::Matcher runs a regex Hyperscan refuses on RE2") {
  const RuleSet rs = load_rules(fbkit::config::Document{"r.yaml", "r.yaml", R"(categories: [{id: c, issues: [{id: i}]}]
rules:
  - {id: r, issue: i, regex: ['(?i)\bcall back\b', 'x.{1,900}y']}
)"});
  Matcher m(rs.patterns);
  CHECK(m.re2_count() == 1);  // "Pattern is too large" for Hyperscan with start offsets
  std::vector<Hit> hits;
  m.scan("please CALL BACK, x--y", hits);
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].start == 7);
  CHECK(hits[0].end == 16);
  CHECK(hits[1].start == 18);
  CHECK(hits[1].end == 22);
}

TEST_CASE("classify negation: a cue before a phrase in the same clause cancels it") {
  Run run;
  CHECK(run("不好吃").sentiment == "negative");
  CHECK(run("不好吃").issue == "other");
  CHECK(run("好吃").issue == "praise");
  CHECK(run("没有不错").sentiment == "negative");
  CHECK(run("not good").sentiment == "negative");
  CHECK(run("never slow").sentiment == "positive");
  // Another clause, or after a break word, the cue no longer reaches.
  CHECK(run("不辣，好吃").sentiment == "positive");
  CHECK(run("没带筷子但是好吃").issue == "praise");
  CHECK(run("not cold. good").sentiment == "positive");
}

TEST_CASE("classify negation: a cue inside a mask is no cue, a phrase inside a mask no phrase") {
  Run run;
  CHECK(run("不错").sentiment == "positive");  // 不 in 不错 is not a negation
  const Decision& d = run("快递员送了快两个小时");
  CHECK(d.issue == "slow");          // 快两个小时: almost two hours, a complaint
  CHECK(d.sentiment == "negative");  // neither 快 counts as "fast"
  CHECK(run("快递很快").issue == "praise");
}

TEST_CASE("classify::Classifier assigns issue, department, SLA, urgency and explains the hits") {
  Run run;
  const Decision& d = run("送餐慢，态度差");
  CHECK(d.category == "service");
  CHECK(d.issue == "slow");
  CHECK(d.matched_rules == "slow_zh;rude");
  CHECK(d.route_department == "物流部");
  CHECK(d.sla_due_at == "2024-03-06T22:30:00");
  CHECK(d.urgency == "normal");
  CHECK(run("好吃").urgency == "info");
  CHECK(run("好吃").route_department == "门店");  // no department on the issue: the row's own
  CHECK(run("再这样就打12315").urgency == "urgent");
  CHECK(run("whatever", "2", "high").urgency == "urgent");
  CHECK(run("whatever", "2", "high").matched_rules == "vip_low");
  CHECK(run("whatever", "3", "high").urgency == "normal");
}

TEST_CASE("classify::Classifier with multi keeps every issue and category") {
  RuleSet rs = rules();
  Classifier c(rs, {"text"}, true);
  Decision d;
  c.classify({"送餐慢，态度差，但是好吃"}, "regular", d);
  CHECK(d.category == "service;praise");
  CHECK(d.issue == "slow;rude;praise");
}

TEST_CASE("classify sentiment falls back to the score when the text says nothing") {
  Run run;
  CHECK(run("收到了", "1").sentiment == "negative");
  CHECK(run("收到了", "3").sentiment == "neutral");
  CHECK(run("收到了", "5").sentiment == "positive");
  CHECK(run("收到了").sentiment == "neutral");
  CHECK(run("好吃", "1").sentiment == "positive");  // the text wins over the score
}

TEST_CASE("text::glob_match (case-insensitive, as rules use it)") {
  CHECK(fbkit::text::glob_match("手机*", "手机壳", true));
  CHECK(fbkit::text::glob_match("*Pro?", "phone pro2", true));
  CHECK(fbkit::text::glob_match("a?c", "a中c", true));
  CHECK_FALSE(fbkit::text::glob_match("手机*", "电脑", true));
}

#include "classify/classify.hpp"

TEST_CASE("classify::top_share_threshold picks the value at the top share, ties included") {
  CHECK(top_share_threshold({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.2) == 9.0);
  CHECK(top_share_threshold({5, 5, 5}, 0.2) == 5.0);
  CHECK(top_share_threshold({}, 0.2) == std::nullopt);
  CHECK(top_share_threshold({1, 2}, 0) == std::nullopt);
}

TEST_CASE("classify::top_share_threshold_in_passes gives the in-memory answer with bounded memory") {
  std::mt19937 rng(7);
  int narrowed = 0;
  for (int round = 0; round < 300; ++round) {
    std::vector<double> values(1 + rng() % 3000);
    const int kind = static_cast<int>(rng() % 4);
    for (double& v : values) {
      switch (kind) {
        case 0:  // money with cents
          v = static_cast<double>(rng() % 1000000) / 100;
          break;
        case 1:  // few distinct values: ties at the threshold
          v = static_cast<double>(rng() % 5) * 100;
          break;
        case 2:  // negative, zero, huge, tiny
          v = std::ldexp(static_cast<double>(static_cast<int>(rng() % 2001) - 1000), static_cast<int>(rng() % 200) - 100);
          break;
        default:  // one value throughout
          v = 42.5;
      }
    }
    const double share = std::vector<double>{0.2, 0.01, 0.5, 1.0, 0.0001}[rng() % 5];
    const std::size_t cap = 1 + rng() % 64;
    int passes = 0;
    const auto pass = [&](const std::function<void(double)>& visit) {
      ++passes;
      for (const double v : values) {
        visit(v);
      }
    };
    CAPTURE(round);
    CAPTURE(kind);
    CAPTURE(share);
    CAPTURE(cap);
    CHECK(top_share_threshold_in_passes(pass, share, cap) == top_share_threshold(values, share));
    CHECK(passes <= 5);  // the count, then at most four 16-bit narrowings or the final collection
    narrowed += passes > 1 ? 1 : 0;
  }
  CHECK(narrowed > 200);
}

TEST_CASE("classify settings ignore_case and whole_words can be turned off (literal substring matching)") {
  const RuleSet rs =
      load_rules(fbkit::config::Document{"r.yaml", "r.yaml", R"(settings: {ignore_case: false, whole_words: false}
categories: [{id: c, issues: [{id: i}]}]
rules:
  - {id: r, issue: i, any: [APP]}
)"});
  Matcher m(rs.patterns, rs.ignore_case, rs.whole_words);
  std::vector<Hit> hits;
  m.scan("app APPLE", hits);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].start == 4);
}
