#include <doctest/doctest.h>

#include <string>
#include <variant>
#include <vector>

#include "report/report.hpp"

namespace rp = fbkit::report;

namespace {

// A small model with every section (labels left out: a label is then its key).
rp::Json small_model() {
  return rp::Json::parse(R"json({
  "report": {"lang": "en", "period": {"key": "2025-10", "from": "2025-10-01T00:00:00", "to": "2025-10-31T23:59:59"},
             "as_of": "2025-11-01T00:00:00", "inputs": ["fb.csv"]},
  "labels": {"title": "Report"},
  "alerts": ["CSAT 70.0% < 90.0%"],
  "overview": {"n": 120, "previous_n": 100,
               "channels": [{"label": "App", "n": 90, "share": 0.75, "previous_share": 0.5, "significant": true}]},
  "satisfaction": {"dimensions": [{"label": "Overall", "n": 100, "mean": 3.5, "mean_lo": 3.2, "mean_hi": 3.8,
                                   "target": 4.0, "previous_mean": 3.9, "change": -0.4, "significant": true,
                                   "met": false}],
                   "weakest": ["Overall"],
                   "csat": {"value": 0.7, "target": 0.9, "met": false, "previous": 0.8, "change": -0.1,
                            "significant": true}},
  "problems": {"issues": [{"label": "Refunds", "n": 42, "share": 0.35, "previous_share": 0.3, "change": 0.05,
                           "significant": false,
                           "examples": [{"feedback_id": "F1", "received_at": "2025-10-02T10:00:00",
                                         "text": "<img src=x onerror=alert(1)> =HYPERLINK(\"x\")", "score": 1}]}]},
  "trends": {"periods": ["2025-09", "2025-10"], "n": [100, 120], "csat": [0.8, 0.7],
             "issues": [{"label": "Refunds", "n": [30, 42]}], "events": [{"period": "2025-10", "label": "promo"}]},
  "followup": {"closure_rate": 0.9, "overdue_total": 2, "overdue_target": 0, "vague_n": 0,
               "oldest_overdue": [{"feedback_id": "F9", "department": "Ops", "due_at": "2025-10-03T12:00:00",
                                   "days_overdue": 28.5, "text": "still waiting"}],
               "vague": []},
  "agents": {"min_n": 10, "window_days": 90, "from": "2025-08-03T00:00:00", "to": "2025-10-31T23:59:59",
             "ranked": 1, "small_count": 1, "small": [{"agent_id": "A2", "n": 3}], "worst": [],
             "best": [{"agent_id": "A1", "n": 12, "score_overall_mean": 3.0, "score_overall_mean_lo": 2.5,
                       "score_overall_mean_hi": 3.5, "csat": 0.5, "low_rate": 0.25, "rank": 1, "low_n": false}]},
  "actions": [{"label": "Refunds", "department": "Ops", "action": "faster approval", "deadline": "2025-11-30",
               "expected": "-25%"}],
  "method": {"definitions": {"csat": "share of 4-5"}, "quality": []}
})json");
}

}  // namespace

TEST_CASE("report::to_markdown draws every section once, customer text escaped") {
  const std::string md = rp::to_markdown(small_model());
  std::size_t at = 0;
  for (const char* h : {"# Report · 2025-10\n", "- **alerts**: CSAT 70.0% < 90.0%\n\n", "## 1. overview\n",
                        "feedback: 120 · previous: 100\n", "## 2. satisfaction\n", "## 3. problems\n",
                        "| Refunds | 42 | 35.0% | +5.0 pp | not\\_significant |\n", "### Refunds\n",
                        "> \\<img src=x onerror=alert(1)> =HYPERLINK(\"x\") (F1 · ", "## 4. trends\n",
                        "| 2025-10 | 120 | 70.0% | 42 |\n", "## 5. followup\n", "- closure\\_rate: 90.0%\n",
                        "| F9 | Ops | 2025-10-03T12:00 | 28.5 | still waiting |\n", "## 6. agents\n",
                        "| 1 | A1 | 12 | 3.00 \\[2.50, 3.50\\] | 50.0% | 25.0% |\n", "## 7. actions\n",
                        "## 8. method\n\n- csat: share of 4-5\n\n"}) {
    const auto pos = md.find(h, at);
    INFO(h);
    REQUIRE(pos != std::string::npos);
    at = pos;
  }
  CHECK(md.find("<img") == md.find("\\<img") + 1);  // a tag only escaped
}

TEST_CASE("report::to_html draws every section once, customer text escaped") {
  const std::string html = rp::to_html(small_model());
  for (const char* h : {"<h2>1. overview</h2>", "<h2>4. trends</h2>", "<h2>8. method</h2>", "promo",
                        "&lt;img src=x onerror=alert(1)&gt;", "F1 · 2025-10-02 · 1/5", "3.20 – 3.80"}) {
    INFO(h);
    CHECK(html.find(h) != std::string::npos);
  }
  CHECK(html.find("<img") == std::string::npos);
}

TEST_CASE("report::to_xlsx makes a sheet per section with numbers as numbers and text as text") {
  const fbkit::render::XlsxBook book = rp::to_xlsx(small_model());
  std::vector<std::string> names;
  for (const auto& s : book.sheets) {
    names.push_back(s.name);
  }
  // The first sheet: the period chosen (and the sections left out, none here). Satisfaction: the dimensions,
  // then CSAT (and NPS, none here) as tables; follow-up: its facts, then the overdue items; method: the
  // definitions (an xlsx sheet per table of a section, the later ones named by their heading or Table::sheet).
  CHECK(names == std::vector<std::string>{"period", "overview", "satisfaction", "csat", "problems", "trends",
                                          "followup", "oldest_overdue", "agents", "actions", "method"});
  const auto& problems = book.sheets[4];
  REQUIRE(problems.rows.size() == 1);
  CHECK(std::get<double>(problems.rows[0][1].value) == 42.0);
  CHECK(std::get<double>(problems.rows[0][2].value) == doctest::Approx(0.35));
  CHECK(problems.columns[8].shown == fbkit::render::in_xlsx);
  CHECK(std::get<std::string>(problems.rows[0][8].value) == "<img src=x onerror=alert(1)> =HYPERLINK(\"x\")");
  CHECK(std::get<std::string>(book.sheets[7].rows[0][2].value) == "2025-10-03T12:00:00");  // the full due time
  const auto& dimensions = book.sheets[2];
  CHECK(dimensions.charts.size() == 1);
  CHECK(dimensions.charts[0].value_columns == std::vector<std::size_t>{2, 4});       // mean and target
  CHECK(std::get<double>(book.sheets[3].rows[0][1].value) == doctest::Approx(0.7));  // CSAT as a fraction
  CHECK(book.created == 1761955200);                                                 // the as-of time
}
