#include <doctest/doctest.h>

#include <string>

#include "render/html.hpp"

using fbkit::render::Align;
using fbkit::render::escape;
using fbkit::render::looks_numeric;
using fbkit::render::Page;
using fbkit::render::Quote;
using fbkit::render::Status;
using fbkit::render::Table;

namespace {

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = hay.find(needle); pos != std::string::npos; pos = hay.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("render::escape turns markup characters into entities") {
  CHECK(escape(R"(<script>alert('x & "y"')</script>)") ==
        "&lt;script&gt;alert(&#39;x &amp; &quot;y&quot;&#39;)&lt;/script&gt;");
  CHECK(escape("") == "");
  CHECK(escape("配送太慢了，差评！") == "配送太慢了，差评！");
}

TEST_CASE("render::escape keeps tab and newlines, replaces other controls and bad UTF-8 with U+FFFD") {
  CHECK(escape("a\tb\nc\r\n") == "a\tb\nc\r\n");
  CHECK(escape(std::string("a\0b", 3)) ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(escape("x\x01\x1b[31my\x7f") == "x\xEF\xBF\xBD\xEF\xBF\xBD[31my\xEF\xBF\xBD");
  CHECK(escape("\xC2\x85") == "\xEF\xBF\xBD");                              // U+0085, a C1 control
  CHECK(escape("\xEF\xBF\xBF") == "\xEF\xBF\xBD");                          // U+FFFF, not an XML character
  CHECK(escape("ab\xFF\xC3") == "ab\xEF\xBF\xBD\xEF\xBF\xBD");              // stray byte, truncated sequence
  CHECK(escape("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  CHECK(escape("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
}

TEST_CASE("render::looks_numeric accepts the numbers a table shows") {
  for (const char* yes : {"12", "-3.5", "45.6%", "1,234", "1,234.5", " 7 ", "+2", "0.25", "3\xE2\x80\xB0"}) {
    CHECK_MESSAGE(looks_numeric(yes), yes);
  }
  for (const char* no : {"", "-", "%", "1.2.3", "abc", "12 units", ",12", "4.1,2", "n/a", "2024-05"}) {
    CHECK_MESSAGE(!looks_numeric(no), no);
  }
}

TEST_CASE("render::Page builds a self-contained document with no script and no URL") {
  Page page("Monthly report <May>", "zh-CN");
  page.heading(1, "客户反馈月报 2024-05");
  page.note("as of 2024-06-01");
  page.begin_section("Summary");
  page.status_line(Status::alert, "Alert", "CSAT fell below target");
  page.paragraph("Tom & Jerry said \"hi\"");
  page.end_section();
  const std::string html = page.str();
  CHECK(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
  CHECK(html.find("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">") != std::string::npos);
  CHECK(html.find("<title>Monthly report &lt;May&gt;</title>") != std::string::npos);
  CHECK(html.find("<h1>客户反馈月报 2024-05</h1>") != std::string::npos);
  CHECK(html.find("<span class=\"badge badge-alert\">Alert</span>CSAT fell below target") != std::string::npos);
  CHECK(html.find("Tom &amp; Jerry said &quot;hi&quot;") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("http") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(count(html, "<section>") == count(html, "</section>"));
  CHECK(html.ends_with("</main>\n</body>\n</html>\n"));
}

TEST_CASE("render::Page CSS is responsive and prints to A4") {
  const std::string css(Page::css());
  CHECK(css.find("@page{size:A4") != std::string::npos);
  CHECK(css.find("@media print") != std::string::npos);
  CHECK(css.find("page-break-inside:avoid") != std::string::npos);
  CHECK(css.find(".table-wrap{overflow-x:auto") != std::string::npos);
  CHECK(css.find("max-width:980px") != std::string::npos);
  CHECK(css.find("overflow-wrap:anywhere") != std::string::npos);
}

TEST_CASE("render::Page tables right-align numeric columns and escape cells") {
  Page page("t");
  Table t;
  t.caption = "By channel";
  t.columns = {{"channel"}, {"count"}, {"share"}, {"status"}, {"note"}, {"xlsx only"}};
  t.columns[4].align = Align::right;
  t.columns[5].shown = fbkit::render::in_xlsx;
  t.rows = {{"app", "1,204", "45.6%", {"ok", {}, Status::ok}, "<b>x</b>", "hidden"},
            {"电话", "87", "3.3%", {"alert", {}, Status::alert}, ""}};
  page.table(t);
  const std::string html = page.str();
  CHECK(html.find("<div class=\"table-wrap\"><table>\n<caption>By channel</caption>") != std::string::npos);
  CHECK(html.find("<thead><tr><th>channel</th><th class=\"num\">count</th><th class=\"num\">share</th>"
                  "<th>status</th><th class=\"num\">note</th></tr></thead>") != std::string::npos);
  CHECK(
      html.find("<tr><td>app</td><td class=\"num\">1,204</td><td class=\"num\">45.6%</td>"
                "<td><span class=\"badge badge-ok\">ok</span></td><td class=\"num\">&lt;b&gt;x&lt;/b&gt;</td></tr>") !=
      std::string::npos);
  CHECK(html.find("<td>电话</td>") != std::string::npos);
  CHECK(html.find("hidden") == std::string::npos);  // a column not shown in html
}

TEST_CASE("render::Page quotes keep the customer's text inert") {
  Page page("q");
  page.quotes({{"<script>alert(1)</script>\n=HYPERLINK(\"http://x\")", "2024-05-03 · app · 1/5"}, {"ok", ""}});
  page.quotes({});
  const std::string html = page.str();
  CHECK(html.find("<ul class=\"quotes\">\n<li><blockquote>&lt;script&gt;alert(1)&lt;/script&gt;\n"
                  "=HYPERLINK(&quot;http://x&quot;)</blockquote><div class=\"meta\">2024-05-03 · app · 1/5</div></li>\n"
                  "<li><blockquote>ok</blockquote></li>\n</ul>\n") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(count(html, "<ul class=\"quotes\">") == 1);
}

TEST_CASE("render::Page closes open sections and chart grids") {
  Page page("c");
  page.begin_section("A");
  page.begin_charts();
  page.chart("<svg></svg>", "caption & more");
  page.begin_section("B");  // closes the grid and section A
  page.begin_charts();
  page.chart("<svg></svg>");
  const std::string html = page.str();
  CHECK(count(html, "<section>") == 2);
  CHECK(count(html, "</section>") == 2);
  CHECK(count(html, "<div class=\"charts\">") == 2);
  CHECK(count(html, "</div>") == 2);
  CHECK(html.find("<figure><svg></svg><figcaption>caption &amp; more</figcaption></figure>") != std::string::npos);
  CHECK(html.find("<h2>B</h2>") > html.find("</section>"));
}

TEST_CASE("render::Page output depends on its input only") {
  const auto build = [] {
    Page p("same");
    p.heading(9, "clamped to h4");
    p.heading(-1, "clamped to h1");
    Table t;
    t.columns = {{"a"}};
    t.rows = {{"1"}, {"2"}};
    p.table(t);
    return p.str();
  };
  const std::string a = build();
  CHECK(a == build());
  CHECK(a.find("<h4>clamped to h4</h4>") != std::string::npos);
  CHECK(a.find("<h1>clamped to h1</h1>") != std::string::npos);
}
