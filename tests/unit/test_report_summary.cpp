// The summary's sentence rules and the KPI tiles, on stats answers written out
// by hand (what the trend query answers for 2025-10 against 2025-09).
#include <doctest/doctest.h>

#include <string>

#include "report/sections.hpp"

using namespace fbkit;
using namespace fbkit::report;

namespace {

// A frame for the period 2025-10 over data with `header`'s columns.
struct Fixture {
  Config cfg;
  Names names;
  Context ctx;
  Periods periods;

  explicit Fixture(std::vector<std::string> header, const std::string& lang = "en")
      : cfg(load_config(config::Store(), lang)), names(load_names(config::Store(), lang, cfg.label("blank"))) {
    ctx.header = std::move(header);
    ctx.as_of = *stats::parse_seconds("2025-11-01T23:59:59");
    periods = periods_of("2025-10", ctx.as_of, cfg.trend_periods);
  }
  Frame frame() const { return Frame{cfg, names, periods, ctx}; }
};

const std::vector<std::string> kAll = {"feedback_id", "received_at", "channel", "score_overall", "nps_score",
                                       "status",      "due_at",      "issue",   "sentiment",     "urgency"};

// The trend's answer: 120 rows in 2025-10 (CSAT 70%), 100 in 2025-09 (80%),
// 90 in 2024-10; the CSAT change against 2025-09 with the given test.
Json trend(const Json& p_value, const Json& significant, const std::string& note = "") {
  Json t = {{"metrics",
             {{{"period", "2024-10"}, {"n", 90}, {"csat", 0.75}, {"score_overall_n", 80}, {"overdue", 0}},
              {{"period", "2025-09"}, {"n", 100}, {"csat", 0.8}, {"score_overall_n", 90}, {"overdue", 1}},
              {{"period", "2025-10"}, {"n", 120}, {"csat", 0.7}, {"score_overall_n", 100}, {"overdue", 3}}}},
            {"changes",
             {{{"period", "2025-10"},
               {"metric", "csat"},
               {"basis", "prev"},
               {"base_period", "2025-09"},
               {"base_value", 0.8},
               {"change", -0.1},
               {"p_value", p_value},
               {"q_value", p_value.is_number() ? Json(0.02) : Json(nullptr)},
               {"significant", significant},
               {"test_note", note}}}}};
  return t;
}

// The sentence of `rule`, or "" when the rule wrote none.
std::string sentence(const Json& summary, const std::string& rule) {
  for (const Json& s : summary["sentences"]) {
    if (s["rule"] == rule) {
      return s["text"].get<std::string>();
    }
  }
  return "";
}

const Json* tile(const Json& kpi, const std::string& key) {
  return find_row(kpi["tiles"], "key", key);
}

}  // namespace

TEST_CASE("report summary: a significant CSAT change is called a fall, with its q") {
  const Fixture fx(kAll);
  const Json t = trend(0.01, true);
  const Json s = summary_section(fx.frame(), "en", {t});
  CHECK(sentence(s, "csat") ==
        "CSAT 70.0% (n = 100), down 10.0 points from 80.0% the period before (significant, q = 0.020).");
  CHECK(sentence(s, "volume") == "2025-10: 120 feedback items, 100 the period before (+20.0%), 90 a year before.");
  CHECK(sentence(s, "overdue") == "3 of the period's items are open past their due date (as of 2025-11-01).");
  const Fixture zh(kAll, "zh");
  CHECK(sentence(summary_section(zh.frame(), "zh", {t}), "csat") ==
        "满意度 70.0%（n = 100），较上期 80.0% 下降 10.0 个百分点（显著，q = 0.020）。");
}

TEST_CASE("report summary: a change that is not significant is said so, never called a fall") {
  const Fixture fx(kAll);
  const std::string text = sentence(summary_section(fx.frame(), "en", {trend(0.3, false)}), "csat");
  CHECK(text == "CSAT 70.0% (n = 100), no significant change from 80.0% the period before (q = 0.020).");
  CHECK(text.find("down") == std::string::npos);
  const Fixture zh(kAll, "zh");
  const std::string zh_text = sentence(summary_section(zh.frame(), "zh", {trend(0.3, false)}), "csat");
  CHECK(zh_text.find("无显著变化") != std::string::npos);
  CHECK(zh_text.find("下降") == std::string::npos);
}

TEST_CASE("report summary: an untested change (too few answers) is neither a fall nor 'not significant'") {
  const Fixture fx(kAll);
  const std::string text = sentence(summary_section(fx.frame(), "en", {trend(nullptr, false, "small_n")}), "csat");
  CHECK(text == "CSAT 70.0% (n = 100); too few answers to test the difference from 80.0% the period before.");
}

TEST_CASE("report summary: the sentences of absent columns are left out") {
  const Fixture fx({"feedback_id", "received_at", "channel", "text"});
  const Json s = summary_section(fx.frame(), "en", {trend(0.01, true)});
  CHECK(sentence(s, "volume") != "");
  CHECK(sentence(s, "csat") == "");
  CHECK(sentence(s, "overdue") == "");
  CHECK(sentence(s, "issue") == "");
  CHECK(sentence(s, "urgent") == "");
  CHECK(s["sentences"].size() == 1);
}

TEST_CASE("report summary: the issue whose share rose most significantly, praise left out") {
  const Fixture fx(kAll);
  const Json t = trend(0.01, true);
  // logistics_delay 10 -> 60 of 100 -> 120; praise rises more, but is not a problem.
  Json issues = {{"metrics",
                  {{{"period", "2025-09"}, {"issue", "logistics_delay"}, {"n", 10}},
                   {{"period", "2025-09"}, {"issue", "product_quality"}, {"n", 80}},
                   {{"period", "2025-09"}, {"issue", "praise"}, {"n", 10}},
                   {{"period", "2025-10"}, {"issue", "logistics_delay"}, {"n", 40}},
                   {{"period", "2025-10"}, {"issue", "product_quality"}, {"n", 20}},
                   {{"period", "2025-10"}, {"issue", "praise"}, {"n", 60}}}}};
  const Json s = summary_section(fx.frame(), "en", {t, &issues});
  CHECK(sentence(s, "issue") ==
        "The issue that rose most is Late delivery: 40 items, 10 the period before; its share rose 23.3 points "
        "(significant, q = 0.000).");
  // Shares that barely move: none rose significantly, and it is said so.
  issues = {{"metrics",
             {{{"period", "2025-09"}, {"issue", "logistics_delay"}, {"n", 50}},
              {{"period", "2025-09"}, {"issue", "product_quality"}, {"n", 50}},
              {{"period", "2025-10"}, {"issue", "logistics_delay"}, {"n", 62}},
              {{"period", "2025-10"}, {"issue", "product_quality"}, {"n", 58}}}}};
  CHECK(sentence(summary_section(fx.frame(), "en", {t, &issues}), "issue") ==
        "No issue's share rose significantly from the period before.");
}

TEST_CASE("report summary: urgent items of the period, from the urgency query") {
  const Fixture fx(kAll);
  const Json urgency = {{"metrics", {{{"urgency", "normal"}, {"n", 110}}, {{"urgency", "urgent"}, {"n", 2}}}}};
  const Json s = summary_section(fx.frame(), "en", {trend(0.01, true), nullptr, &urgency});
  CHECK(sentence(s, "urgent") ==
        "2 urgent items this period (such as regulator, media or safety threats) to handle first.");
  const Json& src = s["sentences"].back()["sources"][0];
  CHECK(src["block"] == "urgency");
  CHECK(src["values"]["n"] == 2);
}

TEST_CASE("report kpi_section: counts against the period before and a year before, tests copied, absent columns said") {
  const Fixture fx(kAll);
  const Json k = kpi_section(fx.frame(), trend(0.01, true));
  const Json* volume = tile(k, "volume");
  REQUIRE(volume != nullptr);
  CHECK((*volume)["value"] == 120);
  CHECK((*volume)["prev"]["change"] == 20);
  CHECK((*volume)["prev"]["change_rel"].get<double>() == doctest::Approx(0.2));
  CHECK((*volume)["prev"]["significant"].is_null());  // a count: not tested
  CHECK((*volume)["yoy"]["period"] == "2024-10");
  CHECK((*volume)["yoy"]["change"] == 30);
  const Json* csat = tile(k, "csat");
  REQUIRE(csat != nullptr);
  CHECK((*csat)["n"] == 100);
  CHECK((*csat)["prev"]["significant"] == true);
  CHECK((*csat)["prev"]["change"].get<double>() == doctest::Approx(-0.1));
  CHECK((*csat)["yoy"]["test_note"] == "no_base");
  CHECK((*tile(k, "overdue"))["prev"]["change"] == 2);

  const Fixture bare({"feedback_id", "received_at", "text"});
  const Json b = kpi_section(bare.frame(), trend(0.01, true));
  CHECK((*tile(b, "volume"))["value"] == 120);
  for (const char* key : {"csat", "nps", "low_rate", "closure_rate", "overdue"}) {
    CAPTURE(key);
    CHECK((*tile(b, key))["value"].is_null());
    CHECK((*tile(b, key)).contains("absent"));
  }
  CHECK((*tile(b, "csat"))["absent"] == "no score_overall column in this data");
  CHECK((*tile(b, "overdue"))["absent"] == "no status column in this data");
}

TEST_CASE("report sentiment_mix: each channel's positive, neutral and negative shares, and all rows") {
  const Fixture fx(kAll);
  const Json block = {{"metrics",
                       {{{"channel", "app"}, {"sentiment", "negative"}, {"n", 3}},
                        {{"channel", "app"}, {"sentiment", "positive"}, {"n", 1}},
                        {{"channel", "phone"}, {"sentiment", "neutral"}, {"n", 1}},
                        {{"channel", "phone"}, {"sentiment", ""}, {"n", 1}}}}};
  const Json mix = sentiment_mix(fx.frame(), block);
  REQUIRE(mix["channels"].size() == 2);
  CHECK(mix["channels"][0]["channel"] == "app");
  CHECK(mix["channels"][0]["negative"].get<double>() == doctest::Approx(0.75));
  CHECK(mix["channels"][0]["negative_n"] == 3);
  CHECK(mix["channels"][1]["n"] == 2);
  CHECK(mix["channels"][1]["neutral"].get<double>() == doctest::Approx(0.5));
  CHECK(mix["all"]["n"] == 6);
  CHECK(mix["all"]["positive"].get<double>() == doctest::Approx(1.0 / 6));
}
