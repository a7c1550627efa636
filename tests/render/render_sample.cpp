// render_sample OUTDIR: writes the pages scripts/render_check.py screenshots
// in headless Chromium, made with lib/render alone (no stats):
//   report.html        a sample monthly report: every chart, tables, badges,
//                      customer quotes with markup, formulas and a long word
//   chart-<name>.html  each chart alone on a page (trend, channels, pareto, targets)
//   report.xlsx        the same sections as a workbook, for a look in Excel
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "core/io.hpp"
#include "render/html.hpp"
#include "render/svg.hpp"
#include "render/xlsx.hpp"

namespace r = fbkit::render;

namespace {

const std::vector<std::string> kMonths = {"2023-06", "2023-07", "2023-08", "2023-09", "2023-10", "2023-11",
                                          "2023-12", "2024-01", "2024-02", "2024-03", "2024-04", "2024-05"};

r::LineChart trend() {
  r::LineChart c;
  c.title = "反馈量与满意度（CSAT）趋势";
  c.labels = kMonths;
  c.primary = {"反馈量", {412, 398, 455, 430, 470, 520, 610, 580, 540, 575, 630, 702}, r::Scale::count, 0, true};
  c.secondary = {
      "CSAT（1-5）", {4.21, 4.18, 4.10, 4.15, r::kMissing, 4.05, 3.92, 3.98, 4.02, 4.08, 3.95, 3.86}, r::Scale::score};
  c.annotations = {{6, "App 5.0 发布"}, {10, "价格调整 <script>"}};
  c.no_data = "暂无数据";
  return c;
}

r::BarChart channels() {
  return {"渠道分布",
          {{"电话", 231},
           {"在线问卷", 164},
           {"App 内反馈", 120},
           {"电商评价", 98},
           {"社交媒体", 52},
           {"门店", 25},
           {"邮件", 12}},
          r::Scale::count,
          0,
          true,
          "暂无数据"};
}

r::ParetoChart pareto() {
  r::ParetoChart c;
  c.title = "问题帕累托（前 8 项）";
  c.items = {{"配送延迟", 168}, {"客服响应慢", 121}, {"退款流程复杂且到账时间过长", 96}, {"商品质量", 74},
             {"App 闪退", 55},  {"价格", 41},        {"<script>alert(1)</script>", 20},  {"发票", 12},
             {"包装破损", 9},   {"其他", 7}};
  c.max_items = 8;
  c.other_label = "其余";
  c.value_name = "条数";
  c.cumulative_name = "累计占比";
  c.no_data = "暂无数据";
  return c;
}

r::TargetChart targets() {
  return {"服务维度均分与目标",
          {{"服务态度", 4.32, 4.2},
           {"响应速度", 3.71, 4.0},
           {"专业能力", 4.05, 4.0},
           {"问题解决", 3.64, 4.0},
           {"回访满意度（二次反馈）", r::kMissing, 4.0}},
          "暂无数据"};
}

std::string chart_page(const std::string& title, const std::string& svg) {
  r::Page page(title, "zh-CN");
  page.chart(svg);
  return page.str();
}

std::string report_page() {
  r::Page page("客户反馈月报 2024-05（示例）", "zh-CN");
  page.heading(1, "客户反馈月报 · 2024 年 5 月（示例）");
  page.note("数据截至 2024-06-01 · 样例数据，由 tests/render/render_sample.cpp 生成");

  page.begin_section("概览");
  page.status_line(r::Status::alert, "预警", "CSAT 3.86，低于目标 4.00，连续两个月下降");
  page.status_line(r::Status::warn, "关注", "反馈量 702 条，环比 +11.4%");
  page.status_line(r::Status::ok, "达标", "首次响应 SLA 达成率 96.2%");
  r::Table kpi;
  kpi.columns = {{"指标"}, {"本月"}, {"上月"}, {"环比"}, {"目标"}, {"状态"}};
  kpi.rows = {{"反馈量", "702", "630", "+11.4%", "", {"关注", {}, r::Status::warn}},
              {"CSAT", "3.86", "3.95", "-2.3%", "4.00", {"预警", {}, r::Status::alert}},
              {"NPS", "21", "24", "-3", "20", {"达标", {}, r::Status::ok}},
              {"SLA 达成率", "96.2%", "95.1%", "+1.1%", "95.0%", {"达标", {}, r::Status::ok}}};
  page.table(kpi);
  page.end_section();

  page.begin_section("趋势与分布");
  page.begin_charts();
  page.chart(r::line_chart(trend()), "柱：反馈量（左轴）；线：CSAT（右轴，1-5）；虚线：事件");
  page.chart(r::bar_chart(channels()), "各渠道反馈条数及占比");
  page.chart(r::pareto_chart(pareto()), "前 8 项问题占全部问题的累计比例，虚线为 80%");
  page.chart(r::target_chart(targets()), "蓝色：达到目标；橙红：低于目标；竖线：目标值");
  page.end_charts();
  page.end_section();

  page.begin_section("渠道明细");
  r::Table wide;
  wide.caption = "各渠道指标（手机上可左右滑动）";
  for (const char* h : {"渠道", "条数", "占比", "CSAT", "态度", "速度", "专业", "解决", "负面占比", "紧急", "超时未结",
                        "平均处理时长（小时）"}) {
    wide.columns.push_back({h});
  }
  wide.rows = {{"电话", "231", "32.9%", "3.78", "4.21", "3.52", "4.01", "3.49", "28.1%", "12", "5", "18.5"},
               {"在线问卷", "164", "23.4%", "3.95", "4.40", "3.88", "4.10", "3.71", "19.5%", "3", "1", "26.0"},
               {"App 内反馈", "120", "17.1%", "3.80", "4.25", "3.61", "4.02", "3.55", "25.0%", "7", "2", "21.3"},
               {"电商评价", "98", "14.0%", "3.90", "4.30", "3.75", "4.05", "3.66", "22.4%", "2", "0", "30.2"}};
  page.table(wide);
  page.end_section();

  page.begin_section("客户原声");
  page.quotes({{"<script>alert('xss')</script> 等了三天还没发货，客服电话一直占线。", "2024-05-03 · 电话 · 1/5"},
               {"=HYPERLINK(\"http://evil.example/?q=1\",\"点我领券\")", "2024-05-07 · 电商评价 · 2/5"},
               {"退款申请提交后没有任何进度提示。\n第二次联系才有人处理。\n希望能在 App 里看到退款到账时间。",
                "2024-05-12 · App 内反馈 · 2/5"},
               {"订单号ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKLMNOPQRST"
                "UVWXYZ0123456789 一直显示处理中",
                "2024-05-20 · 在线问卷 · 3/5"}});
  page.end_section();
  return page.str();
}

r::XlsxSheet sheet(std::string name, std::vector<r::Column> columns) {
  r::XlsxSheet s;
  s.name = std::move(name);
  s.columns = std::move(columns);
  return s;
}

r::XlsxBook workbook() {
  r::XlsxBook book;
  book.title = "客户反馈月报 2024-05（示例）";
  book.author = "fbkit";
  book.created = 1717200000;  // 2024-06-01T00:00:00Z, the as-of date
  r::XlsxSheet t = sheet("趋势", {{"月份"}, {"反馈量", r::XlsxType::number}, {"CSAT", r::XlsxType::number, 2}});
  const r::LineChart lc = trend();
  for (std::size_t i = 0; i < lc.labels.size(); ++i) {
    t.rows.push_back({lc.labels[i], lc.primary.values[i], lc.secondary.values[i]});
  }
  t.charts = {{r::XlsxChartType::column, "反馈量", 0, {1}}, {r::XlsxChartType::line, "CSAT", 0, {2}}};
  r::XlsxSheet ch = sheet("渠道", {{"渠道"}, {"条数", r::XlsxType::number}, {"占比", r::XlsxType::percent, 1}});
  for (const auto& b : channels().bars) {
    ch.rows.push_back({b.label, b.value, b.value / 702.0});
  }
  ch.charts = {{r::XlsxChartType::pie, "渠道分布", 0, {1}}};
  r::XlsxSheet q = sheet("客户原声", {{"日期"}, {"原文"}});
  q.rows = {{std::string("2024-05-07"), std::string("=HYPERLINK(\"http://evil.example/?q=1\",\"点我领券\")")},
            {std::string("2024-05-03"), std::string("<script>alert('xss')</script>")}};
  book.sheets = {t, ch, q};
  return book;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: render_sample OUTDIR\n");
    return 2;
  }
  try {
    const std::string dir = argv[1];
    fbkit::write_file_atomic(dir + "/report.html", report_page());
    fbkit::write_file_atomic(dir + "/chart-trend.html", chart_page("trend", r::line_chart(trend())));
    fbkit::write_file_atomic(dir + "/chart-channels.html", chart_page("channels", r::bar_chart(channels())));
    fbkit::write_file_atomic(dir + "/chart-pareto.html", chart_page("pareto", r::pareto_chart(pareto())));
    fbkit::write_file_atomic(dir + "/chart-targets.html", chart_page("targets", r::target_chart(targets())));
    r::write_xlsx(workbook(), dir + "/report.xlsx");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "render_sample: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
