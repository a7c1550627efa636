#include <doctest/doctest.h>

#include <algorithm>
#include <clocale>
#include <cmath>
#include <locale>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "render/svg.hpp"
#include "text/unicode.hpp"

namespace r = fbkit::render;

namespace {

constexpr double kCos45 = 0.70710678;

struct Parsed {
  pugi::xml_document doc;
  double width = 0;
  double height = 0;
  std::vector<std::string> texts;  // every <text>, unescaped
};

// Parses the chart (it must be well-formed XML) and checks what every chart
// promises: role, aria-label = <title>, viewBox scaling, and each text's
// estimated box inside the viewBox (rotated labels included).
void parse(const std::string& svg, Parsed& p) {
  const auto result = p.doc.load_string(svg.c_str());
  REQUIRE_MESSAGE(result, result.description());
  const pugi::xml_node root = p.doc.child("svg");
  REQUIRE(root);
  CHECK(std::string(root.attribute("role").value()) == "img");
  CHECK(std::string(root.attribute("width").value()) == "100%");
  CHECK(std::string(root.attribute("aria-label").value()) == root.child_value("title"));
  REQUIRE(std::sscanf(root.attribute("viewBox").value(), "0 0 %lf %lf", &p.width, &p.height) == 2);
  for (const auto& node : p.doc.select_nodes("//text")) {
    const pugi::xml_node t = node.node();
    const std::string s = t.child_value();
    p.texts.push_back(s);
    const double x = t.attribute("x").as_double();
    const double y = t.attribute("y").as_double();
    const double f = t.attribute("font-size").as_double();
    const std::string anchor = t.attribute("text-anchor").value();
    const std::string transform = t.attribute("transform").value();
    const double w = r::estimate_width(s, f);
    INFO("text '", s, "' at ", x, ",", y, " ", anchor, " ", transform);
    if (transform.empty()) {
      const double left = x - (anchor == "middle" ? w / 2 : anchor == "end" ? w : 0);
      CHECK(left >= 0);
      CHECK(left + w <= p.width);
      CHECK(y - 0.8 * f >= 0);
      CHECK(y + 0.2 * f <= p.height);
    } else {
      CHECK(transform.starts_with("rotate(-45 "));
      CHECK(anchor == "end");
      CHECK(x - (w + 0.8 * f) * kCos45 >= 0);
      CHECK(y + (w + 0.2 * f) * kCos45 <= p.height);
    }
  }
  CHECK(svg.find("<script") == std::string::npos);
  CHECK(svg.find("http") == std::string::npos);
}

bool has_text(const Parsed& p, const std::string& s) {
  return std::find(p.texts.begin(), p.texts.end(), s) != p.texts.end();
}

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = hay.find(needle); pos != std::string::npos; pos = hay.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

std::vector<std::string> months(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", 2023 + i / 12, i % 12 + 1);
    out.emplace_back(buf);
  }
  return out;
}

r::LineChart trend() {
  r::LineChart c;
  c.title = "Volume and CSAT";
  c.labels = months(12);
  c.primary = {"Feedback", {120, 135, 160, 150, 170, 210, 190, 180, 200, 230, 220, 240}, r::Scale::count, 0, true};
  c.secondary = {"CSAT", {4.1, 4.0, 3.9, r::kMissing, 4.2, 4.3, 4.25, 4.1, 4.0, 3.8, 3.9, 4.05}, r::Scale::score};
  c.annotations = {{3, "App 5.0 release"}, {9, "Price change"}};
  return c;
}

const std::string kLongChinese = "配送严重延迟并且客服一直没有回复我的问题";  // 20 wide characters

}  // namespace

TEST_CASE("render::estimate_width counts display columns, wide characters twice") {
  CHECK(r::estimate_width("", 10) == 0);
  CHECK(r::estimate_width("abcd", 10) == doctest::Approx(4 * 6.2));
  CHECK(r::estimate_width("配送", 10) == doctest::Approx(4 * 6.2));
  CHECK(r::estimate_width("e\xCC\x81", 10) == doctest::Approx(6.2));  // e + combining acute
}

TEST_CASE("render::fit_text shortens with an ellipsis and never splits a character") {
  CHECK(r::fit_text("Delivery", 10, 100) == "Delivery");
  const std::string cut = r::fit_text(kLongChinese, 10, 60);
  CHECK(cut == "配送严重\xE2\x80\xA6");  // 4 wide chars (49.6) + the ellipsis (6.2)
  CHECK(r::estimate_width(cut, 10) <= 60);
  CHECK(r::fit_text("Delivery late", 10, 60) == "Delivery\xE2\x80\xA6");  // no space before the ellipsis
  CHECK(r::fit_text("e\xCC\x81"
                    "e\xCC\x81"
                    "e\xCC\x81",
                    10, 13) == "e\xCC\x81\xE2\x80\xA6");  // the mark stays with its letter
  CHECK(r::fit_text("ab\xFF\xFE"
                    "cdef",
                    10, 30) == "ab\xFF\xE2\x80\xA6");  // a stray byte is one unit
  CHECK(r::fit_text("配送", 10, 10) == "");            // not even one character fits
  CHECK(fbkit::text::display_width(r::fit_text(kLongChinese, 12, 100)) * 0.62 * 12 <= 100);
}

TEST_CASE("render::format_value is fixed-decimal per scale") {
  CHECK(r::format_value(1234, r::Scale::count) == "1234");
  CHECK(r::format_value(12.345, r::Scale::count, 1) == "12.3");
  CHECK(r::format_value(4.1234, r::Scale::score) == "4.12");
  CHECK(r::format_value(0.3456, r::Scale::share) == "34.6%");
  CHECK(r::format_value(-0.0001, r::Scale::count) == "0");
  CHECK(r::format_value(-0.00001, r::Scale::share) == "0.0%");
  CHECK(r::format_value(r::kMissing, r::Scale::score) == "n/a");
  CHECK(r::format_value(INFINITY, r::Scale::count) == "n/a");
}

TEST_CASE("render::line_chart draws bars on the left axis and a line on the right") {
  const std::string svg = r::line_chart(trend());
  Parsed p;
  parse(svg, p);
  CHECK(p.width == 420);
  CHECK(count(svg, "<rect") == 13);    // the legend swatch, the volume bars
  CHECK(count(svg, "<circle") == 11);  // CSAT points, one missing
  CHECK(count(svg, "<path d=\"M") == 1);
  CHECK(count(p.doc.child("svg").child("path").attribute("d").value(), "M") == 2);  // a gap, not a zero
  CHECK(has_text(p, "Volume and CSAT"));
  CHECK(has_text(p, "Feedback"));
  CHECK(has_text(p, "CSAT"));
  CHECK(has_text(p, "5"));    // right axis: scores 1-5
  CHECK(has_text(p, "250"));  // left axis: a round maximum above 240
  CHECK(has_text(p, "2023-01"));
  CHECK(!has_text(p, "2023-02"));  // labels thinned so they do not overlap
  CHECK(has_text(p, "App 5.0 release"));
  CHECK(svg.find("stroke-dasharray=\"4 3\"") != std::string::npos);  // event markers
  CHECK(svg.find("<title>2023-05 CSAT: 4.20</title>") != std::string::npos);
}

TEST_CASE("render::line_chart escapes labels and titles") {
  r::LineChart c;
  c.title = "<script>alert('t')</script>";
  c.labels = {"<b>Q1</b>", "Q2 & Q3"};
  c.primary = {"\"vol\"", {1, 2}};
  c.annotations = {{0, "<img src=x onerror=alert(1)>"}};
  const std::string svg = r::line_chart(c);
  Parsed p;
  parse(svg, p);
  CHECK(svg.find("<script>") == std::string::npos);
  CHECK(svg.find("<b>") == std::string::npos);
  CHECK(svg.find("<img") == std::string::npos);
  CHECK(svg.find("aria-label=\"&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;\"") != std::string::npos);
  CHECK(has_text(p, "Q2 & Q3"));
}

TEST_CASE("render::line_chart edge cases: no data, one point, all zeros, gaps only") {
  r::LineChart empty;
  empty.title = "Trend";
  empty.no_data = "无数据";
  Parsed p0;
  parse(r::line_chart(empty), p0);
  CHECK(has_text(p0, "无数据"));
  CHECK(p0.height == 120);

  r::LineChart missing = empty;
  missing.labels = {"2024-01", "2024-02"};
  missing.primary.values = {r::kMissing, NAN};
  Parsed p1;
  parse(r::line_chart(missing), p1);
  CHECK(has_text(p1, "无数据"));

  r::LineChart one;
  one.title = "One";
  one.labels = {"2024-05"};
  one.primary = {"CSAT", {4.2}, r::Scale::score};
  const std::string svg1 = r::line_chart(one);
  Parsed p2;
  parse(svg1, p2);
  CHECK(count(svg1, "<circle") == 1);
  CHECK(svg1.find(" L") == std::string::npos);
  CHECK(has_text(p2, "2024-05"));
  CHECK(has_text(p2, "1"));

  r::LineChart zeros;
  zeros.labels = {"a", "b", "c"};
  zeros.primary = {"n", {0, 0, 0}, r::Scale::count, 0, true};
  const std::string svg2 = r::line_chart(zeros);
  Parsed p3;
  parse(svg2, p3);
  CHECK(has_text(p3, "0"));
  CHECK(has_text(p3, "1"));  // a 0..1 axis, not a division by zero
  CHECK(svg2.find("nan") == std::string::npos);
  CHECK(svg2.find("inf") == std::string::npos);
  CHECK(count(svg2, "height=\"0\"") == 3);

  r::LineChart only_secondary;
  only_secondary.labels = {"a", "b"};
  only_secondary.secondary = {"share", {0.2, 0.5}, r::Scale::share};
  Parsed p4;
  parse(r::line_chart(only_secondary), p4);
  CHECK(has_text(p4, "100%"));  // moved to the left axis
}

TEST_CASE("render::line_chart keeps long Chinese period labels and annotations inside") {
  r::LineChart c = trend();
  c.title = "客户满意度与反馈量趋势（按月，含重要事件标注）" + kLongChinese + kLongChinese;
  for (auto& l : c.labels) {
    l = "二〇二四年第" + l + "期";
  }
  c.annotations = {{0, kLongChinese}, {1, kLongChinese}, {11, kLongChinese}};
  Parsed p;
  parse(r::line_chart(c), p);  // parse() checks every text box
  bool shortened = false;
  for (const auto& t : p.texts) {
    shortened = shortened || t.ends_with("\xE2\x80\xA6");
  }
  CHECK(shortened);
}

TEST_CASE("render::bar_chart: horizontal bars with values and shares") {
  r::BarChart c;
  c.title = "By channel";
  c.bars = {{"app", 120}, {"phone", 60}, {kLongChinese, 20}, {"<script>", 0}, {"email", r::kMissing}};
  c.with_share = true;
  const std::string svg = r::bar_chart(c);
  Parsed p;
  parse(svg, p);
  CHECK(has_text(p, "120 (60.0%)"));
  CHECK(has_text(p, "60 (30.0%)"));
  CHECK(has_text(p, "0 (0.0%)"));
  CHECK(has_text(p, "n/a"));
  CHECK(has_text(p, "<script>"));
  CHECK(svg.find("&lt;script&gt;") != std::string::npos);
  CHECK(!has_text(p, kLongChinese));
  CHECK(count(svg, "<rect") == 4);  // no bar for the missing value

  r::BarChart shares;
  shares.bars = {{"a", 0.5}, {"b", 1.2}};
  shares.scale = r::Scale::share;
  Parsed p2;
  parse(r::bar_chart(shares), p2);
  CHECK(has_text(p2, "120.0%"));  // clamped bar, true label

  r::BarChart zeros;
  zeros.bars = {{"a", 0}, {"b", 0}};
  parse(r::bar_chart(zeros), p2);

  r::BarChart none;
  none.no_data = "No data";
  Parsed p3;
  parse(r::bar_chart(none), p3);
  CHECK(has_text(p3, "No data"));
}

TEST_CASE("render::pareto_chart sorts, folds the tail into Other and ends at 100%") {
  r::ParetoChart c;
  c.title = "Top issues";
  c.items = {{"slow delivery", 30}, {"rude agent", 50}, {"refund", 30}, {"app crash", 5},
             {"price", 4},          {"other A", 1},     {"zero", 0},    {"bad", r::kMissing}};
  c.max_items = 5;
  c.other_label = "其他";
  const std::string svg = r::pareto_chart(c);
  Parsed p;
  parse(svg, p);
  // rude agent 50, refund 30, slow delivery 30 (ties by label), app crash 5, 其他 5
  CHECK(svg.find("<title>rude agent: 50 (41.7%)</title>") != std::string::npos);
  CHECK(svg.find("<title>refund: 30 (66.7%)</title>") != std::string::npos);
  CHECK(svg.find("<title>slow delivery: 30 (91.7%)</title>") != std::string::npos);
  CHECK(svg.find("<title>其他: 5 (100.0%)</title>") != std::string::npos);
  CHECK(svg.find("zero") == std::string::npos);
  CHECK(count(svg, "<rect") == 6);  // the legend swatch and 5 columns
  CHECK(count(svg, "<circle") == 5);
  CHECK(svg.find("stroke-dasharray=\"5 4\"") != std::string::npos);  // the 80% line
  CHECK(has_text(p, "80%"));
  CHECK(has_text(p, "Cumulative share"));

  r::ParetoChart empty;
  empty.items = {{"zero", 0}};
  Parsed p2;
  parse(r::pareto_chart(empty), p2);
  CHECK(has_text(p2, "No data"));
}

TEST_CASE("render::pareto_chart of the largest groups of a whole: the cumulative share is of the whole") {
  // The report's top 5 of 120 problem rows: they are 75%, not 100% (main ended at 100.0%).
  r::ParetoChart c;
  c.items = {{"quality", 60}, {"size", 30}};
  c.total = 120;
  const std::string svg = r::pareto_chart(c);
  CHECK(svg.find("<title>quality: 60 (50.0%)</title>") != std::string::npos);
  CHECK(svg.find("<title>size: 30 (75.0%)</title>") != std::string::npos);
  c.total = 50;  // less than the items: ignored
  CHECK(r::pareto_chart(c).find("<title>size: 30 (100.0%)</title>") != std::string::npos);
}

TEST_CASE("render::pareto_chart rotates long Chinese labels and keeps them inside") {
  r::ParetoChart c;
  c.title = "问题帕累托";
  for (int i = 0; i < 10; ++i) {
    c.items.push_back(
        {kLongChinese.substr(0, static_cast<std::size_t>(3 * (i % 7 + 2))) + std::to_string(i), 100.0 - i * 9});
  }
  c.items.push_back({"<script>alert(1)</script>", 1});
  c.max_items = 12;
  const std::string svg = r::pareto_chart(c);
  Parsed p;
  parse(svg, p);
  CHECK(count(svg, "transform=\"rotate(-45 ") >= 6);
  CHECK(svg.find("<script>") == std::string::npos);
}

TEST_CASE("render::target_chart colours and words meeting and missing the target") {
  r::TargetChart c;
  c.title = "Service dimensions";
  c.rows = {{"attitude", 4.32, 4.2},
            {"speed", 3.81, 4.0},
            {"expertise", 3.996, 4.0},  // shown as 4.00: met, as the reader sees it
            {"resolution", r::kMissing, 4.0},
            {kLongChinese, 4.5, r::kMissing},
            {"<x>", 0.5, 6}};
  const std::string svg = r::target_chart(c);
  Parsed p;
  parse(svg, p);
  CHECK(has_text(p, "4.32 \xE2\x89\xA5 4.20"));
  CHECK(has_text(p, "3.81 < 4.00"));
  CHECK(has_text(p, "4.00 \xE2\x89\xA5 4.00"));
  CHECK(has_text(p, "n/a"));
  CHECK(has_text(p, "4.50"));
  CHECK(has_text(p, "0.50 < 6.00"));
  CHECK(svg.find("<title>attitude: 4.32 \xE2\x89\xA5 4.20</title>") != std::string::npos);
  CHECK(svg.find("fill=\"#0072B2\"><title>attitude") != std::string::npos);
  CHECK(svg.find("fill=\"#D55E00\"><title>speed") != std::string::npos);
  CHECK(svg.find("fill=\"#A0A0A0\"><title>" + kLongChinese) != std::string::npos);
  CHECK(svg.find("<title>resolution") == std::string::npos);  // no bar without scores
  for (const char* tick : {"1", "2", "3", "4", "5"}) {
    CHECK(has_text(p, tick));
  }

  r::TargetChart none;
  Parsed p2;
  parse(r::target_chart(none), p2);
  CHECK(has_text(p2, "No data"));
}

namespace {

// A locale that writes 1.5 as "1,5" and groups thousands, to prove it is ignored.
struct CommaPunct : std::numpunct<char> {
  char do_decimal_point() const override { return ','; }
  char do_thousands_sep() const override { return '.'; }
  std::string do_grouping() const override { return "\3"; }
};

}  // namespace

TEST_CASE("render charts are byte-identical across runs and locales") {
  r::BarChart bars{"b", {{"x", 1234.5}, {"y", 0.25}}, r::Scale::count, 2, true, "none"};
  r::ParetoChart pareto;
  pareto.items = {{"a", 3}, {"b", 3}, {"c", 1}};
  r::TargetChart target{"t", {{"a", 4.5, 4}, {"b", 3.25, 4}}, "none"};
  const auto all = [&] {
    return r::line_chart(trend()) + r::bar_chart(bars) + r::pareto_chart(pareto) + r::target_chart(target);
  };
  const std::string first = all();
  CHECK(first == all());
  const std::locale saved = std::locale::global(std::locale(std::locale::classic(), new CommaPunct));
  const char* c_locale = std::setlocale(LC_NUMERIC, "de_DE.UTF-8");  // may not exist; fine
  const std::string under_locale = all();
  std::setlocale(LC_NUMERIC, "C");
  std::locale::global(saved);
  CHECK(under_locale == first);
  CHECK(first.find("1234.50 (") != std::string::npos);
  (void)c_locale;
}
