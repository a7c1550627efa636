#include <doctest/doctest.h>

#include <string>
#include <variant>

#include "core/strings.hpp"
#include "report/document.hpp"
#include "stats/format.hpp"

namespace rp = fbkit::report;
using fbkit::markdown_escape;
using fbkit::render::Status;
using fbkit::render::XlsxChartType;
using fbkit::render::XlsxType;

namespace {

const std::string kHostile = "<img src=x onerror=alert(1)> & [click](javascript:alert(1)) *a* _b_ `c` | \\";

// A small document: every kind of block once, hostile text in a paragraph,
// a quote and a table cell.
void sample(rp::Document& doc) {
  doc.title("Report · 2025-10");
  doc.status(Status::alert, "Alerts", "CSAT 70.0% < 90.0%");
  doc.section("Overview");
  doc.paragraph(kHostile);
  doc.paragraph("only in html", rp::in_html);
  doc.chart("<svg role=\"img\"><title>Channels</title></svg>");
  rp::Table t;
  t.columns = {{"channel"},
               {"count", XlsxType::number},
               {"share", XlsxType::percent, 1},
               {"significant", XlsxType::text, 0, rp::in_text},
               {"examples", XlsxType::text, 0, rp::in_xlsx}};
  t.rows = {{"app|web", {"12", 12.0}, {"34.5%", 0.345}, {"yes", {}, Status::ok}, "=HYPERLINK(\"x\")"},
            {"电话", {"–", {}}, {"–", {}}, "no", ""}};
  t.charts.push_back({XlsxChartType::pie, "channel", 0, {2}});
  t.charts.push_back({XlsxChartType::bar, "not on the sheet", 0, {3}});
  doc.table(t);
  doc.heading(3, "Examples");
  doc.quotes({{"too slow\nreally", "F1 · 2025-10-02", "F1"}});
  doc.section("Method");
  doc.facts("definitions", {{"csat", "share of 4-5"}, {"low_rate", "share of 1-2"}});
}

}  // namespace

TEST_CASE("markdown_escape makes markup, links, emphasis, pipes and control characters inert") {
  CHECK(markdown_escape("<script>alert('x & y')</script>") == "\\<script>alert('x & y')\\</script>");
  CHECK(markdown_escape("&lt; &#60; <!-- <?x <http://a> > x") == "\\&lt; \\&#60; \\<!-- \\<?x \\<http://a> > x");
  CHECK(markdown_escape("> quote") == "\\> quote");
  // Numbers and comparisons read as they are, with no HTML entities.
  CHECK(markdown_escape("总体满意度 3.96 < 4.00 · 逾期 33 > 0 · A & B") ==
        "总体满意度 3.96 < 4.00 · 逾期 33 > 0 · A & B");
  CHECK(markdown_escape("[click](javascript:alert(1))") == "\\[click\\](javascript:alert(1))");
  CHECK(markdown_escape("*a* _b_ `c` a|b \\") == "\\*a\\* \\_b\\_ \\`c\\` a\\|b \\\\");
  CHECK(markdown_escape("one\r\ntwo\tthree\nfour") == "one two three four");
  // Terminal escapes are shown, not acted on: escape_controls, then the backslash escaped.
  CHECK(markdown_escape("\x1b]0;pwned\x07") == "\\\\x1b\\]0;pwned\\\\x07");
  CHECK(markdown_escape("物流慢 4.5%") == "物流慢 4.5%");
  CHECK(markdown_escape("") == "");
}

TEST_CASE("stats --format md escapes a group's text with the one Markdown escaper") {
  fbkit::stats::Table t;
  fbkit::stats::Column c;
  c.name = "channel";
  c.type = fbkit::stats::ColumnType::text;
  t.columns = {c};
  t.rows = {{std::string("<img src=x onerror=alert(1)> [x](javascript:y)")}};
  CHECK(fbkit::stats::render_string(t, fbkit::stats::Format::md) ==
        "| channel |\n| --- |\n| \\<img src=x onerror=alert(1)> \\[x\\](javascript:y) |\n");
}

TEST_CASE("report::MarkdownDocument writes headings, escaped text, tables, quotes and lists") {
  rp::MarkdownDocument md;
  sample(md);
  CHECK(md.str() ==
        "# Report · 2025-10\n\n"
        "- **Alerts**: CSAT 70.0% < 90.0%\n\n"
        "## 1. Overview\n\n" +
            markdown_escape(kHostile) +
            "\n\n"
            "| channel | count | share | significant |\n"
            "| --- | --- | --- | --- |\n"
            "| app\\|web | 12 | 34.5% | yes |\n"
            "| 电话 | – | – | no |\n\n"
            "### Examples\n\n"
            "> too slow really (F1)\n>\n\n"
            "## 2. Method\n\n"
            "- csat: share of 4-5\n"
            "- low\\_rate: share of 1-2\n\n");
  CHECK(md.str().find("<img") == md.str().find("\\<img") + 1);  // a tag only escaped
}

TEST_CASE("report::HtmlDocument escapes text, inlines the chart and shows the html columns") {
  rp::HtmlDocument html("en");
  sample(html);
  const std::string page = html.str();
  CHECK(page.find("<html lang=\"en\">") != std::string::npos);
  CHECK(page.find("<h1>Report · 2025-10</h1>") != std::string::npos);
  CHECK(page.find("<h2>1. Overview</h2>") != std::string::npos);
  CHECK(page.find("&lt;img src=x onerror=alert(1)&gt; &amp; [click]") != std::string::npos);
  CHECK(page.find("<img") == std::string::npos);
  CHECK(page.find("<p>only in html</p>") != std::string::npos);
  CHECK(page.find("<svg role=\"img\"><title>Channels</title></svg>") != std::string::npos);
  CHECK(page.find("significant") != std::string::npos);
  CHECK(page.find("HYPERLINK") == std::string::npos);  // an xlsx-only column
  CHECK(page.find("too slow\nreally") != std::string::npos);
  CHECK(page.find("F1 · 2025-10-02") != std::string::npos);
  CHECK(page.find("<caption>definitions</caption>") != std::string::npos);
  CHECK(page.find("</section>\n</main>") != std::string::npos);
}

TEST_CASE("report::XlsxDocument makes a sheet of each section's table shown in xlsx") {
  rp::XlsxDocument xlsx(1700000000);
  sample(xlsx);
  const auto& book = xlsx.book();
  CHECK(book.title == "Report · 2025-10");
  CHECK(book.author == "fbkit");
  CHECK(book.created == 1700000000);
  REQUIRE(book.sheets.size() == 2);  // Method's definitions: a sheet of facts
  CHECK(book.sheets[1].name == "Method");
  CHECK(book.sheets[1].rows.size() == 2);
  const auto& s = book.sheets[0];
  CHECK(s.name == "Overview");
  // The whole table; render::write_xlsx keeps the columns shown in xlsx (test_render_xlsx.cpp).
  REQUIRE(s.columns.size() == 5);
  CHECK(s.columns[2].type == XlsxType::percent);
  CHECK(s.columns[3].shown == rp::in_text);
  CHECK(s.columns[4].shown == rp::in_xlsx);
  REQUIRE(s.rows.size() == 2);
  CHECK(std::get<double>(s.rows[0][1].value) == 12.0);
  CHECK(std::get<double>(s.rows[0][2].value) == doctest::Approx(0.345));
  // Customer text stays a string cell (written with the string API, never a formula).
  CHECK(std::get<std::string>(s.rows[0][4].value) == "=HYPERLINK(\"x\")");
  CHECK(std::holds_alternative<std::monostate>(s.rows[1][1].value));
  CHECK(s.charts.size() == 2);
}

TEST_CASE("report::XlsxDocument names a section's later sheets by Table::sheet or the heading above them") {
  rp::XlsxDocument xlsx(1700000000);
  rp::Table t;
  t.columns = {{"a"}};
  t.rows = {{rp::Cell("x")}};
  xlsx.section("Follow-up");
  xlsx.table(t);  // the section's first: its name
  rp::Table status = t;
  status.sheet = "Status";
  xlsx.table(status);
  xlsx.heading(3, "Lowest-rated agents (mean with its 95% interval)", rp::in_html);
  xlsx.table(t);
  xlsx.heading(3, "评分最低的坐席（均值及 95% 置信区间）", rp::in_html);
  xlsx.table(t);
  xlsx.table(t);  // nothing names it: the section's name again (write_xlsx numbers it)
  xlsx.section("Agents");
  xlsx.heading(3, "Highest-rated agents", rp::in_html);
  xlsx.table(t);  // a section's first sheet keeps the section's name
  std::vector<std::string> names;
  for (const auto& s : xlsx.book().sheets) {
    names.push_back(s.name);
  }
  CHECK(names == std::vector<std::string>{"Follow-up", "Status", "Lowest-rated agents", "评分最低的坐席", "Follow-up",
                                          "Agents"});
}
