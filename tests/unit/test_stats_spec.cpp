#include <doctest/doctest.h>

#include "core/error.hpp"
#include "stats/spec.hpp"

using namespace fbkit::stats;

TEST_CASE("stats::parse_filter reads symbols and shell-friendly words") {
  Filter f = parse_filter("channel=phone,app");
  CHECK(f.column == "channel");
  CHECK(f.op == Filter::Op::in);
  CHECK(f.values == std::vector<std::string>{"phone", "app"});
  f = parse_filter("channel!=phone");
  CHECK(f.op == Filter::Op::not_in);
  f = parse_filter("score_overall:le:2");
  CHECK(f.op == Filter::Op::le);
  CHECK(f.number == 2.0);
  f = parse_filter("received_at>2025-01-31");
  CHECK(f.is_time);
  CHECK(f.seconds == *parse_bound("2025-01-31", true));  // after the whole day
  f = parse_filter("agent_id=");
  CHECK(f.values == std::vector<std::string>{""});
  CHECK_THROWS_WITH_AS(parse_filter("channel"), doctest::Contains("--where 'channel': expected COLUMN=VALUE"),
                       fbkit::UsageError);
  CHECK_THROWS_WITH_AS(parse_filter("=phone"), "--where '=phone': no column name before the operator",
                       fbkit::UsageError);
  CHECK_THROWS_WITH_AS(parse_filter("score_overall<abc"), doctest::Contains("'abc' is not a number or a date"),
                       fbkit::UsageError);
}

TEST_CASE("stats::parse_filter reads alternatives joined by |") {
  const Filter f = parse_filter("sentiment=negative|score_overall:le:2");
  CHECK(f.text == "sentiment=negative|score_overall:le:2");
  REQUIRE(f.any.size() == 2);
  CHECK(f.any[0].column == "sentiment");
  CHECK(f.any[0].values == std::vector<std::string>{"negative"});
  CHECK(f.any[1].column == "score_overall");
  CHECK(f.any[1].op == Filter::Op::le);
  CHECK(parse_filter("score_overall<4|score_overall=").any[1].values == std::vector<std::string>{""});
  CHECK(parse_filter("channel=phone").any.empty());
  CHECK_THROWS_WITH_AS(parse_filter("sentiment=negative|"),
                       "--where 'sentiment=negative|': an empty condition beside |", fbkit::UsageError);
  CHECK_THROWS_WITH_AS(parse_filter("sentiment=negative|score_overall<x"),
                       doctest::Contains("--where 'score_overall<x': 'x' is not a number"), fbkit::UsageError);
}

TEST_CASE("stats::parse_alert and Alert::breached") {
  const Alert a = parse_alert("csat<0.85");
  CHECK(a.metric == "csat");
  CHECK(a.breached(0.84));
  CHECK(!a.breached(0.85));
  CHECK(parse_alert("overdue:ge:10").breached(10));
  CHECK(parse_alert("nps>=-0.1").threshold == -0.1);
  CHECK_THROWS_WITH_AS(parse_alert("csat<high"), "--fail-on 'csat<high': 'high' is not a number", fbkit::UsageError);
  CHECK_THROWS_AS(parse_alert("csat"), fbkit::UsageError);
}

TEST_CASE("stats::parse_metric_list names unknown metrics") {
  CHECK(parse_metric_list("n,csat,mean,csat") == std::vector<Metric>{Metric::csat, Metric::mean});
  CHECK_THROWS_WITH_AS(parse_metric_list("csat,nsp"), doctest::Contains("unknown metric 'nsp'"), fbkit::UsageError);
}
