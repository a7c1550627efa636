// Each section of the report's model built from a small in-memory CSV.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "report/sections.hpp"
#include "stats/mathstat.hpp"

using namespace fbkit;
using namespace fbkit::report;

namespace {

const char* kCsv =
    "feedback_id,received_at,channel,score_overall,score_speed,status,due_at,department,agent_id,issue,text,"
    "customer_type,value_tier,flags\n"
    "S1,2025-09-03T10:00:00,phone,4,4,completed,2025-09-04T10:00:00,物流部,A1,logistics_delay,快递慢了一天,returning,"
    "normal,\n"
    "S2,2025-09-10T10:00:00,app,5,5,closed,2025-09-11T10:00:00,物流部,A1,praise,很好很满意,returning,normal,\n"
    "O1,2025-10-02T09:00:00,phone,1,2,in_progress,2025-10-03T09:00:00,物流部,A1,logistics_delay,快递一周才到，太慢了,"
    "new,high,\n"
    "O2,2025-10-05T09:00:00,phone,2,2,not_started,2025-10-06T09:00:00,物流部,A2,logistics_delay,物流太慢，等了好久,"
    "returning,normal,\n"
    "O3,2025-10-08T09:00:00,app,5,5,completed,2025-10-09T09:00:00,客服部,A2,praise,客服很耐心,returning,high,\n"
    "O4,2025-10-12T09:00:00,app,3,3,in_progress,2025-12-01T09:00:00,售后部,,returns_refund,退款还没到账,new,normal,"
    "vague\n"
    "O5,2025-10-20T09:00:00,online_survey,4,4,completed,2025-10-21T09:00:00,售后部,A1,returns_refund,退货顺利但有点慢,"
    "returning,normal,\n";

// The CSV in a temporary file (the report reads paths), with everything a
// section needs for the period 2025-10 as of 2025-11-01.
struct Fixture {
  std::string path;
  Config cfg = load_config(config::Store(), "en");
  Names names = load_names(config::Store(), "en", cfg.label("blank"));
  std::unique_ptr<StdinSpool> spool;
  Context ctx;
  Periods periods;
  std::vector<std::string> warnings;

  explicit Fixture(const char* csv = kCsv) {
    char tmpl[] = "/tmp/fbkit-test-XXXXXX";
    ::close(::mkstemp(tmpl));
    path = tmpl;
    std::ofstream(path) << csv;
    ctx = open_inputs({path}, stats::load_settings(config::Store().get("stats.yaml")), spool);
    ctx.as_of = choose_as_of(std::string("2025-11-01"));
    periods = periods_of("", ctx.as_of, cfg.trend_periods);
  }
  ~Fixture() { std::filesystem::remove(path); }
  Frame frame() const { return Frame{cfg, names, periods, ctx}; }
  Answer ask(const Query& q) const { return std::move(run_queries(ctx, {q}, nullptr).front()); }
  Json trend() const { return ask(trend_query(periods, "")).block; }
  // With `names`, the scan knows classify's no_text and its test of a text that says nothing.
  RowFacts facts(const Names* with = nullptr) const {
    RowScanner scanner(periods.current, ctx.as_of, cfg, with);
    run_queries(ctx, {}, &scanner);
    return scanner.take();
  }
};

}  // namespace

TEST_CASE("report header_section: the period chosen from --as-of, and the one before") {
  const Fixture fx;
  const Json h = header_section(fx.frame(), "en");
  CHECK(h["period"]["key"] == "2025-10");
  CHECK(h["period"]["from"] == "2025-10-01T00:00:00");
  CHECK(h["period"]["to"] == "2025-10-31T23:59:59");
  CHECK(h["period"]["previous"] == "2025-09");
  CHECK(h["as_of"] == "2025-11-01T00:00:00");
  CHECK(fx.periods.trend.size() == 12);
}

TEST_CASE("report overview_section: volume, channels' shares, changes and response rates") {
  const Fixture fx;
  const Json ch = fx.ask(channels_query(fx.periods)).block;
  const Json o = overview_section(fx.frame(), fx.trend(), &ch, {{"phone", 10}});
  CHECK(o["n"] == 5);
  CHECK(o["previous_n"] == 2);
  REQUIRE(o["channels"].size() == 3);
  CHECK(o["channels"][2]["channel"] == "online_survey");
  CHECK(o["channels"][2]["share"].get<double>() == doctest::Approx(0.2));
  CHECK(o["channels"][2]["previous_share"].get<double>() == 0);
  const Json* phone = find_row(o["channels"], "channel", "phone");
  REQUIRE(phone != nullptr);
  CHECK((*phone)["label"] == "Phone");
  CHECK((*phone)["previous_share"].get<double>() == doctest::Approx(0.5));
  CHECK((*phone)["response_rate"].get<double>() == doctest::Approx(0.2));
}

TEST_CASE("report satisfaction_section: means and CSAT against targets, the missed ones alerted") {
  const Fixture fx;
  Alerts alerts;
  const Json s = satisfaction_section(fx.frame(), fx.trend(), alerts);
  REQUIRE(s["dimensions"].size() == 2);
  CHECK(s["dimensions"][0]["column"] == "score_overall");
  CHECK(s["dimensions"][0]["mean"].get<double>() == doctest::Approx(3.0));
  CHECK(s["dimensions"][1]["mean"].get<double>() == doctest::Approx(3.2));
  CHECK(s["weakest"].size() == 1);
  CHECK(s["csat"]["value"].get<double>() == doctest::Approx(0.4));
  CHECK(s["csat"]["previous"].get<double>() == doctest::Approx(1.0));
  CHECK(s["csat"]["met"] == false);
  // 5 answers, fewer than stats' min_n (30): marked, shown, not alerted.
  CHECK(s["csat"]["low_n"] == true);
  CHECK(s["dimensions"][0]["low_n"] == true);
  CHECK(alerts.breaches.empty());
  Fixture few;
  few.ctx.settings.min_n = 5;
  Alerts enough;
  satisfaction_section(few.frame(), few.trend(), enough);
  REQUIRE(enough.breaches.size() == 3);
  CHECK(enough.breaches[2] == "csat 40.0% < 90.0%");
  CHECK(enough.lines.size() == 3);
}

TEST_CASE("report satisfaction_section: a dimension with no answers in the period has no verdict (no data)") {
  Fixture fx;
  fx.periods = periods_of("2025-08", fx.ctx.as_of, fx.cfg.trend_periods);
  Alerts alerts;
  const Json s = satisfaction_section(fx.frame(), fx.trend(), alerts);
  REQUIRE(s["dimensions"].size() == 2);
  CHECK(s["dimensions"][0]["n"] == 0);
  CHECK_FALSE(s["dimensions"][0].contains("met"));
  CHECK(alerts.breaches.empty());
}

TEST_CASE("report problems_section: top issues without praise, their change, who, examples most representative first") {
  const Fixture fx;
  const Json issues = fx.ask(issues_query(fx.periods)).block;
  const std::vector<std::string> top = top_issues(fx.frame(), issues);
  CHECK(top == std::vector<std::string>{"logistics_delay", "returns_refund"});
  const Json p = problems_section(fx.frame(), &issues, top, fx.facts());
  REQUIRE(p["issues"].size() == 2);
  const Json& first = p["issues"][0];
  CHECK(first["label"] == "Late delivery");
  CHECK(first["share"].get<double>() == doctest::Approx(0.4));
  CHECK(first["previous_share"].get<double>() == doctest::Approx(0.5));
  CHECK(first["new_share"].get<double>() == doctest::Approx(0.5));
  CHECK(first["high_value_share"].get<double>() == doctest::Approx(0.5));
  REQUIRE(first["examples"].size() == 2);
  // Both say it with a low score (signal 1) at a typical length; O2's words are
  // more the issue's own (太慢 in fewer characters).
  CHECK(first["examples"][0]["feedback_id"] == "O2");
  CHECK(first["examples"][0]["score"] == 2);
  CHECK(first["examples"][1]["feedback_id"] == "O1");
  CHECK(problems_section(fx.frame(), nullptr, {}, fx.facts()).contains("note"));
}

TEST_CASE("report trends_section: the window's volume and CSAT, the top issues, events in the window") {
  const Fixture fx;
  const Json issues = fx.ask(issues_query(fx.periods)).block;
  const std::vector<Event> events = {{"2025-10-01", "campaign", *stats::parse_seconds("2025-10-01")},
                                     {"2020-01-01", "too old", *stats::parse_seconds("2020-01-01")}};
  const Json t = trends_section(fx.frame(), fx.trend(), &issues, {"logistics_delay"}, events, false, fx.facts().first);
  // The 12 periods' window from the data's first (2025-09): no zero bars before the data starts.
  REQUIRE(t["periods"].size() == 2);
  CHECK(t["periods"][0] == "2025-09");
  CHECK(t["periods"][1] == "2025-10");
  CHECK(t["n"][1] == 5);
  CHECK(t["n"][0] == 2);
  CHECK(t["issues"][0]["n"][1] == 2);
  CHECK_FALSE(t.contains("complaints_per_1000"));
  REQUIRE(t["events"].size() == 1);
  CHECK(t["events"][0]["period"] == "2025-10");
}

TEST_CASE("report followup_section: statuses, departments, the overdue items and vague feedback") {
  const Fixture fx;
  const Json trend = fx.trend();
  const Json status = fx.ask(counts_by(fx.periods, "status")).block;
  const std::string dept = department_column(fx.ctx);
  CHECK(dept == "department");
  const Json departments = fx.ask(departments_query(dept, true)).block;
  const Json due = fx.ask(due_in_period_query(fx.periods, dept)).block;
  const RowFacts facts = fx.facts();
  Alerts alerts;
  const Json fu = followup_section(fx.frame(), {trend, &status, &departments, dept, &due, nullptr, facts}, alerts);
  CHECK(fu["status"].size() == 3);  // in_progress, not_started, completed
  CHECK(fu["by_department"][0]["department"] == "物流部");
  CHECK(fu["by_department"][0]["overdue"] == 2);
  CHECK(fu["overdue_total"] == 2);
  REQUIRE(fu["oldest_overdue"].size() == 2);
  CHECK(fu["oldest_overdue"][0]["feedback_id"] == "O1");
  CHECK(fu["oldest_overdue"][0]["due_at"] == "2025-10-03T09:00:00");
  CHECK(fu["vague_n"] == 1);
  CHECK(fu["vague"][0]["feedback_id"] == "O4");
  CHECK_FALSE(fu.contains("improvements"));
  CHECK(fu["overdue_in_period"] == 2);  // O1 and O2 were due in 2025-10
  CHECK(fu["overdue_scope"] == "period");
  CHECK(alerts.breaches.back() == "2 overdue items due in the period > 0");
}

TEST_CASE("report followup_section: overdue items due before the period are backlog, not the period's alert") {
  Fixture fx;
  fx.ctx.as_of = choose_as_of(std::string("2025-12-05"));           // O4 (due 2025-12-01) is overdue now
  fx.periods = periods_of("", fx.ctx.as_of, fx.cfg.trend_periods);  // 2025-11: nothing was due in it
  const std::string dept = department_column(fx.ctx);
  const Json departments = fx.ask(departments_query(dept, true)).block;
  const Json due = fx.ask(due_in_period_query(fx.periods, dept)).block;
  Alerts alerts;
  const Json fu =
      followup_section(fx.frame(), {fx.trend(), nullptr, &departments, dept, &due, nullptr, fx.facts()}, alerts);
  CHECK(fu["overdue_total"] == 3);
  CHECK(fu["overdue_in_period"] == 0);
  CHECK(alerts.breaches.empty());
  fx.cfg.overdue_scope = "backlog";
  const Json all =
      followup_section(fx.frame(), {fx.trend(), nullptr, &departments, dept, &due, nullptr, fx.facts()}, alerts);
  CHECK(all["overdue_scope"] == "backlog");
  REQUIRE(alerts.breaches.size() == 1);
  CHECK(alerts.breaches[0] == "3 overdue items > 0");
}

TEST_CASE("report improvement_item: the issue's CSAT before and after an action, and its test") {
  const Fixture fx;
  const Improvement imp{"logistics_delay", "2025-10-01", "more trucks", *stats::parse_bound("2025-10-01", false)};
  const int days = fx.cfg.improvement_days;
  const Answer before = fx.ask(improvement_query(imp, false, days, fx.ctx.as_of));
  const Answer after = fx.ask(improvement_query(imp, true, days, fx.ctx.as_of));
  const Json item = improvement_item(fx.frame(), imp, before, after);
  CHECK(item["before"]["from"] == "2025-09-01T00:00:00");
  CHECK(item["before"]["n"] == 1);
  CHECK(item["before"]["csat"].get<double>() == 1.0);
  CHECK(item["after"]["n"] == 2);
  CHECK(item["csat_change"].get<double>() == -1.0);
  CHECK(item["p_value"].get<double>() == stats::two_proportion_z(0, 2, 1, 1).p_value);
}

TEST_CASE("report agents_section: best and worst with intervals, the blank agent never ranked, too few apart") {
  Fixture fx;
  const Json a = agents_section(fx.frame(), fx.ask(agents_query(fx.periods, fx.cfg, 90)).block, 90);
  CHECK(a["min_n"] == 10);
  CHECK(a["window_days"] == 90);
  CHECK(a["ranked"] == 0);
  CHECK(a["best"].empty());
  REQUIRE(a["small"].size() == 2);  // A1 and A2; the rows without an agent are nobody's
  CHECK(a["small"][0]["agent_id"] == "A1");
  fx.cfg.agents_min_n = 1;
  fx.cfg.agents_listed = 1;
  const Json b = agents_section(fx.frame(), fx.ask(agents_query(fx.periods, fx.cfg, 90)).block, 90);
  CHECK(b["ranked"] == 2);
  REQUIRE(b["best"].size() == 1);
  REQUIRE(b["worst"].size() == 1);
  CHECK(b["best"][0]["score_overall_mean"].get<double>() >= b["worst"][0]["score_overall_mean"].get<double>());
  CHECK(b["best"][0].contains("score_overall_mean_lo"));
  CHECK(b["small"].empty());
}

TEST_CASE("report actions_section and method_section") {
  const Fixture fx;
  const Json actions = actions_section(fx.frame(), {"logistics_delay", "competitor"});
  REQUIRE(actions.size() == 2);
  CHECK(actions[0]["department"] == "物流部");
  CHECK(actions[0]["deadline"] == "2025-11-30");
  CHECK(actions[0]["action"].get<std::string>().rfind("Review late orders", 0) == 0);
  CHECK(actions[1]["action"] == "to be decided");
  const Json m = method_section(fx.cfg, Json::array({{{"file", "q.json"}}}));
  CHECK(m["quality"][0]["file"] == "q.json");
  CHECK(m["definitions"]["csat"] == "share of score_overall 4-5 among rows with a score");
  const Json zh = method_section(load_config(config::Store(), "zh"), Json::array());
  CHECK(zh["definitions"]["csat"] == "有总体评分的记录中 4-5 分的占比");
}

TEST_CASE("report RowScanner: examples of problem rows only, praise apart, who is affected among problem rows") {
  const Fixture fx;
  const RowFacts facts = fx.facts();
  // October: O1 (1) and O2 (2) are problems; O4 (3) is neither; O5 (4) praise.
  REQUIRE(facts.candidates.count("logistics_delay") == 1);
  CHECK(facts.candidates.at("logistics_delay").size() == 2);
  CHECK(facts.candidates.count("returns_refund") == 0);
  REQUIRE(facts.praise.count("returns_refund") == 1);
  CHECK(facts.praise.at("returns_refund")[0].id == "O5");
  // A score of 4 (no sentiment column), and no complaint rule matched (none known here).
  CHECK(facts.praise.at("returns_refund")[0].signal == 2);
  CHECK(facts.affected.count("returns_refund") == 0);
  CHECK(facts.affected.at("logistics_delay").rows == 2);
  CHECK(facts.urgent.empty());  // no urgency column
  const Json issues = fx.ask(issues_query(fx.periods, tone_where(Tone::problem, false, true))).block;
  const Json p = problems_section(fx.frame(), &issues, top_issues(fx.frame(), issues), facts);
  CHECK(p["rows"]["where"] == Json::array({"score_overall<=2"}));
  REQUIRE(p["issues"].size() == 1);
  CHECK(p["issues"][0]["issue"] == "logistics_delay");
  CHECK(p["issues"][0]["share"].get<double>() == doctest::Approx(1.0));
}

TEST_CASE("report RowScanner: a text that says nothing is no text for the examples' length and typicality") {
  // P3's text is a placeholder, its words are in text_improve; N1 and N3 are
  // classify's no_text, N2 says nothing under an issue (a ticked problem type).
  const Fixture fx(
      "feedback_id,received_at,score_overall,issue,text,text_improve\n"
      "P1,2025-10-02T09:00:00,1,logistics_delay,快递没有到,\n"
      "P2,2025-10-03T09:00:00,1,logistics_delay,物流没有更新,\n"
      "P3,2025-10-04T09:00:00,1,logistics_delay,此用户没有填写评论！,物流太慢了\n"
      "N1,2025-10-05T09:00:00,3,no_text,此用户没有填写评论！,\n"
      "N2,2025-10-06T09:00:00,1,logistics_delay,。。。,\n"
      "N3,2025-10-07T09:00:00,5,no_text,系统默认好评,\n");
  const RowFacts facts = fx.facts(&fx.names);
  REQUIRE(facts.candidates.count("logistics_delay") == 1);
  const std::vector<Example>& list = facts.candidates.at("logistics_delay");
  REQUIRE(list.size() == 3);
  CHECK(facts.wordless_problem == 1);
  // The words alone are the issue's texts and the period's.
  IssueTexts texts;
  for (const char* t : {"快递没有到", "物流没有更新", "物流太慢了"}) {
    texts.add(t);
  }
  for (const Example& e : list) {
    CHECK(e.text != "此用户没有填写评论！");
    CHECK(e.typicality == texts.typicality(e.text, texts));
    CHECK(e.typical_length);
  }
  CHECK(std::any_of(list.begin(), list.end(), [](const Example& e) { return e.id == "P3" && e.text == "物流太慢了"; }));
}
