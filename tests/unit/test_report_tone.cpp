// Which rows the problem and praise sections count (tone.hpp), and the order
// of their example comments (examples.hpp).
#include <doctest/doctest.h>

#include "report/examples.hpp"
#include "report/tone.hpp"

using namespace fbkit::report;

TEST_CASE("report tone_of: a problem says something negative and nothing positive") {
  CHECK(tone_of("negative", "") == Tone::problem);
  CHECK(tone_of("negative", "3") == Tone::problem);
  CHECK(tone_of("", "2") == Tone::problem);
  CHECK(tone_of("neutral", "1") == Tone::problem);
  CHECK(tone_of("negative", "1.5") == Tone::problem);
  // Praise said in words or in the score is never a problem (退款很快就到账了 · 4/5).
  CHECK(tone_of("negative", "4") == Tone::neither);
  CHECK(tone_of("positive", "1") == Tone::neither);
  CHECK(tone_of("positive", "4") == Tone::praise);
  CHECK(tone_of("", "5") == Tone::praise);
  CHECK(tone_of("positive", "3") == Tone::praise);
  CHECK(tone_of("neutral", "3") == Tone::neither);
  CHECK(tone_of("", "") == Tone::neither);
  // A score cell that is not a number passes no comparison of --where.
  CHECK(tone_of("negative", "x") == Tone::neither);
}

TEST_CASE("report tone_signal counts the sentiment and the score that say it") {
  CHECK(tone_signal(Tone::problem, "negative", "1") == 2);
  CHECK(tone_signal(Tone::problem, "negative", "3") == 1);
  CHECK(tone_signal(Tone::problem, "neutral", "2") == 1);
  CHECK(tone_signal(Tone::praise, "positive", "5") == 2);
  CHECK(tone_signal(Tone::neither, "negative", "1") == 0);
}

TEST_CASE("report tone_where: the same rows as stats --where conditions, by the columns present") {
  CHECK(tone_where(Tone::problem, true, true) == std::vector<std::string>{"sentiment=negative|score_overall<=2",
                                                                          "sentiment!=positive",
                                                                          "score_overall<4|score_overall="});
  CHECK(tone_where(Tone::praise, true, true) == std::vector<std::string>{"sentiment=positive|score_overall>=4",
                                                                         "sentiment!=negative",
                                                                         "score_overall>2|score_overall="});
  CHECK(tone_where(Tone::problem, true, false) == std::vector<std::string>{"sentiment=negative"});
  CHECK(tone_where(Tone::problem, false, true) == std::vector<std::string>{"score_overall<=2"});
  CHECK(tone_where(Tone::problem, false, false).empty());
}

TEST_CASE("report tone_where: a row with no words (no_text) is neither a problem nor praise, but counted apart") {
  CHECK(tone_where(Tone::problem, false, true, "no_text") ==
        std::vector<std::string>{"score_overall<=2", "issue!=no_text"});
  CHECK(tone_where(Tone::praise, true, false, "no_text") ==
        std::vector<std::string>{"sentiment=positive", "issue!=no_text"});
  CHECK(tone_where(Tone::problem, false, false, "no_text") == std::vector<std::string>{"issue!=no_text"});
  CHECK(no_text_where(Tone::problem, false, true, "no_text") ==
        std::vector<std::string>{"score_overall<=2", "issue=no_text"});
  CHECK(no_text_where(Tone::problem, false, false, "no_text").empty());  // nothing tells its tone
  CHECK(no_text_where(Tone::problem, true, true, "").empty());
}

namespace {

Example example(std::string id, std::string text, int signal, std::int64_t when) {
  Example e;
  e.id = std::move(id);
  e.text = std::move(text);
  e.signal = signal;
  e.when = when;
  return e;
}

}  // namespace

TEST_CASE("report IssueTexts: median length, and typicality against all the period's texts") {
  IssueTexts issue, all;
  for (const char* t : {"送餐太慢了", "太慢了等了很久", "太慢了", "菜凉了"}) {
    issue.add(t);
    all.add(t);
  }
  for (const char* t : {"味道很好", "很好很快", "味道不错"}) {
    all.add(t);
  }
  CHECK(issue.rows() == 4);
  CHECK(issue.median_chars() == 3);  // 3 3 5 7: the lower of the middle two
  // 太慢 and 慢了 are in 2 of the 3 other texts (2/3), and in 3 of the 7 texts of all.
  CHECK(issue.typicality("太慢了", all) == doctest::Approx(2.0 / 3 - 3.0 / 7).epsilon(1e-5));
  // 菜凉 and 凉了 are in none of the others.
  CHECK(issue.typicality("菜凉了", all) == 0);
}

TEST_CASE("report rank_examples: strongest signal, typical length, typical wording, newest") {
  IssueTexts issue, all;
  const std::vector<std::string> texts = {"送餐太慢了，等了很久", "太慢了，等了很久才到", "菜凉了，等了很久才到",
                                          "太慢了", "太慢了，等了一个多小时，饭菜全凉了，汤也洒了，再也不点了"};
  for (const std::string& t : texts) {
    issue.add(t);
    all.add(t);
  }
  all.add("味道很好，等了很久也值得");
  std::vector<Example> c = {example("weak", texts[0], 1, 5), example("typical", texts[1], 2, 1),
                            example("other-words", texts[2], 2, 2), example("short", texts[3], 2, 3),
                            example("long", texts[4], 2, 4)};
  rank_examples(c, issue, all);
  std::vector<std::string> order;
  for (const Example& e : c) {
    order.push_back(e.id);
  }
  // signal 2 before 1; among those, the typical lengths (median 10 characters)
  // first, by wording (太慢 is the issue's word, 等了很久 everyone's), then the
  // others by wording.
  CHECK(order == std::vector<std::string>{"typical", "other-words", "short", "long", "weak"});
  CHECK(c[0].typical_length);
  CHECK(!c[3].typical_length);
  const Json picked = pick_examples(c, 2);
  REQUIRE(picked.size() == 2);
  CHECK(picked[0]["feedback_id"] == "typical");
  CHECK(picked[0]["signal"] == 2);
  CHECK(picked[0]["typical_length"] == true);
  CHECK(picked[1]["feedback_id"] == "short");  // other-words repeats typical's wording (bigram Jaccard > 0.5)
}

TEST_CASE("report layout: urgent items first, what customers like after the problems, sections numbered in order") {
  const Json m = Json::parse(R"json({
  "report": {"lang": "en", "period": {"key": "2025-10", "from": "2025-10-01T00:00:00", "to": "2025-10-31T23:59:59"},
             "as_of": "2025-11-01T00:00:00", "inputs": ["fb.csv"]},
  "labels": {"title": "Report"},
  "alerts": [],
  "urgent": {"n": 1, "listed": 1,
             "items": [{"feedback_id": "U1", "received_at": "2025-10-03T08:00:00", "issue": "product_fault",
                        "label": "Fault", "status": "in_progress", "department": "Quality",
                        "text": "battery hot, will call 12315"}]},
  "overview": {"n": 120, "previous_n": 100, "channels": []},
  "satisfaction": {"dimensions": [], "weakest": []},
  "problems": {"issues": [], "rows": {"definition": "problem rows", "where": ["sentiment=negative"],
                                      "examples_order": "strongest first"}},
  "praise": {"rows": {"definition": "praise rows", "where": []},
             "issues": [{"issue": "returns_refund", "label": "Refunds", "n": 7, "share": 0.5,
                         "examples": [{"feedback_id": "P1", "received_at": "2025-10-04T09:00:00",
                                       "text": "refund came fast", "score": 5}]}]},
  "trends": {"periods": [], "n": [], "csat": [], "issues": [], "events": []},
  "followup": {"overdue_total": 0, "overdue_target": 0, "vague_n": 0, "oldest_overdue": [], "vague": []},
  "actions": [],
  "method": {"definitions": {}, "quality": []}
})json");
  const std::string md = to_markdown(m);
  std::size_t at = 0;
  for (const char* h :
       {"## 1. urgent\n", "n = 1 · urgent\\_rows", "| 2025-10-03 | Fault | battery hot, will call 12315 |",
        "in\\_progress | Quality |", "## 2. overview\n", "## 4. problems\n", "problem rows strongest first",
        "## 5. praise\n", "praise rows", "| Refunds | 7 | 50.0% | refund came fast |", "## 6. trends\n"}) {
    const auto pos = md.find(h, at);
    INFO(h);
    REQUIRE(pos != std::string::npos);
    at = pos;
  }
}
