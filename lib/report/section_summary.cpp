// summary: the executive summary, 3-6 sentences written from the numbers by
// rules (volume, CSAT and its tested change, the issue whose share rose most,
// overdue, urgent), each with the stats rows it was written from. A change
// that is not significant is said so, an untested one is not called a change,
// and a rule whose columns are absent writes nothing.
#include <fmt/core.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <string>

#include "report/sections.hpp"
#include "stats/period.hpp"

namespace fbkit::report {

namespace {

// The sentences being written, in the report's language.
struct Writer {
  bool zh;
  Json sentences = Json::array();

  // zh_text or en_text, with the same arguments.
  template <typename... Args>
  void add(const char* rule, Json sources, const char* zh_text, const char* en_text, const Args&... args) {
    std::string text = fmt::format(fmt::runtime(zh ? zh_text : en_text), args...);
    sentences.push_back({{"rule", rule}, {"text", std::move(text)}, {"sources", std::move(sources)}});
  }
};

Json source(const char* block, const char* table, Json where, Json values) {
  return {{"block", block}, {"table", table}, {"where", std::move(where)}, {"values", std::move(values)}};
}

std::string pct(double v) {
  return fmt::format("{:.1f}%", v * 100);
}

// "q = 0.012" (the precision of the tables' verdicts).
std::string q_text(double q) {
  return fmt::format("q = {:.3f}", q);
}

std::string pts(double v) {
  return fmt::format("{:.1f}", std::fabs(v) * 100);
}

void volume(const Frame& f, const Json& trend, Writer& w) {
  const std::string& key = f.periods.current.key;
  const Json* cur = find_row(trend["metrics"], "period", key);
  const std::int64_t n = cur != nullptr ? (*cur)["n"].get<std::int64_t>() : 0;
  Json sources = Json::array();
  if (cur != nullptr) {
    sources.push_back(source("trend", "metrics", {{"period", key}}, {{"n", n}}));
  }
  std::string text = fmt::format(fmt::runtime(w.zh ? "{} 共收到反馈 {} 条" : "{}: {} feedback items"), key, n);
  if (const Json* prev = find_row(trend["metrics"], "period", f.periods.previous); prev != nullptr) {
    const std::int64_t p = (*prev)["n"].get<std::int64_t>();
    sources.push_back(source("trend", "metrics", {{"period", f.periods.previous}}, {{"n", p}}));
    text += fmt::format(fmt::runtime(w.zh ? "，上期 {} 条（{:+.1f}%）" : ", {} the period before ({:+.1f}%)"), p,
                        static_cast<double>(n - p) / static_cast<double>(p) * 100);
  } else {
    text += w.zh ? "，上期无数据" : ", no data for the period before";
  }
  const auto year_ago = stats::year_ago_period(f.periods.current.kind, key);
  if (const Json* y = year_ago ? find_row(trend["metrics"], "period", *year_ago) : nullptr; y != nullptr) {
    sources.push_back(source("trend", "metrics", {{"period", *year_ago}}, {{"n", (*y)["n"]}}));
    text += fmt::format(fmt::runtime(w.zh ? "，去年同期 {} 条" : ", {} a year before"), (*y)["n"].get<std::int64_t>());
  }
  w.sentences.push_back({{"rule", "volume"}, {"text", text + (w.zh ? "。" : ".")}, {"sources", std::move(sources)}});
}

void csat(const Frame& f, const Json& trend, Writer& w) {
  const std::string& key = f.periods.current.key;
  const Json* cur = find_row(trend["metrics"], "period", key);
  const double v = number(cur, "csat");
  if (!f.ctx.has("score_overall") || std::isnan(v)) {
    return;
  }
  const Json n = (*cur)["score_overall_n"];
  Json sources = Json::array({source("trend", "metrics", {{"period", key}}, {{"csat", v}, {"score_overall_n", n}})});
  const Json* c = find_change(trend["changes"], "csat", "prev", key);
  if (c == nullptr || !(*c)["base_value"].is_number()) {
    w.add("csat", sources, "满意度 {}（n = {}），上期没有可比的评分。",
          "CSAT {} (n = {}); no scores the period before to compare with.", pct(v), n.dump());
    return;
  }
  sources.push_back(source("trend", "changes", {{"metric", "csat"}, {"basis", "prev"}, {"period", key}},
                           {{"base_value", (*c)["base_value"]},
                            {"change", (*c)["change"]},
                            {"p_value", (*c)["p_value"]},
                            {"q_value", (*c)["q_value"]},
                            {"significant", (*c)["significant"]},
                            {"test_note", (*c)["test_note"]}}));
  const std::string prev = pct((*c)["base_value"].get<double>());
  if (!(*c)["p_value"].is_number()) {  // untested: too few answers or events, no variance
    w.add("csat", sources, "满意度 {}（n = {}），回答太少，未检验与上期 {} 的差别。",
          "CSAT {} (n = {}); too few answers to test the difference from {} the period before.", pct(v), n.dump(),
          prev);
    return;
  }
  const double q = (*c)["q_value"].get<double>();
  if ((*c)["significant"] == true) {
    const double change = (*c)["change"].get<double>();
    const char* dir = w.zh ? (change > 0 ? "上升" : "下降") : (change > 0 ? "up" : "down");
    w.add("csat", sources, "满意度 {v}（n = {n}），较上期 {prev} {dir} {pts} 个百分点（显著，{q}）。",
          "CSAT {v} (n = {n}), {dir} {pts} points from {prev} the period before (significant, {q}).",
          fmt::arg("v", pct(v)), fmt::arg("n", n.dump()), fmt::arg("prev", prev), fmt::arg("dir", dir),
          fmt::arg("pts", pts(change)), fmt::arg("q", q_text(q)));
  } else {
    w.add("csat", sources, "满意度 {}（n = {}），与上期 {} 相比无显著变化（{}）。",
          "CSAT {} (n = {}), no significant change from {} the period before ({}).", pct(v), n.dump(), prev, q_text(q));
  }
}

// Rows of each issue in the period `period` (empty issues left out).
std::map<std::string, std::int64_t> issue_counts(const Json& issues, const std::string& period) {
  std::map<std::string, std::int64_t> out;
  for (const Json& r : issues["metrics"]) {
    if (r["period"] == period) {
      out[r["issue"].get<std::string>()] = r["n"].get<std::int64_t>();
    }
  }
  return out;
}

void issue_rise(const Frame& f, const Json& issues, Writer& w) {
  const std::map<std::string, Json> changes = share_change_cells(issues["metrics"], "issue", f.periods);
  if (changes.empty()) {
    return;  // no rows in one of the two periods: nothing to compare
  }
  const std::vector<std::string>& skip = f.cfg.not_problems;
  const auto skipped = [&](const std::string& s) { return std::find(skip.begin(), skip.end(), s) != skip.end(); };
  const std::string* top = nullptr;
  for (const auto& [is, c] : changes) {
    const auto cat = f.names.issue_category.find(is);
    if (is.empty() || skipped(is) || (cat != f.names.issue_category.end() && skipped(cat->second))) {
      continue;
    }
    if (c["significant"] == true && c["change"].get<double>() > 0 &&
        (top == nullptr || c["change"].get<double>() > changes.at(*top)["change"].get<double>())) {
      top = &is;
    }
  }
  if (top == nullptr) {
    w.add("issue",
          Json::array({source("issues", "share_changes", {{"period", f.periods.current.key}}, Json::object())}),
          "与上期相比，没有哪个问题的占比显著上升。", "No issue's share rose significantly from the period before.");
    return;
  }
  const Json& c = changes.at(*top);
  const std::int64_t n = issue_counts(issues, f.periods.current.key)[*top];
  const std::int64_t p = issue_counts(issues, f.periods.previous)[*top];
  Json sources = Json::array();
  sources.push_back(source("issues", "metrics", {{"period", f.periods.current.key}, {"issue", *top}}, {{"n", n}}));
  if (p > 0) {
    sources.push_back(source("issues", "metrics", {{"period", f.periods.previous}, {"issue", *top}}, {{"n", p}}));
  }
  sources.push_back(source("issues", "share_changes", {{"period", f.periods.current.key}, {"issue", *top}}, c));
  w.add("issue", sources, "上升最多的问题是「{}」：本期 {} 件，上期 {} 件，占比上升 {} 个百分点（显著，{}）。",
        "The issue that rose most is {}: {} items, {} the period before; its share rose {} points (significant, {}).",
        f.names.issue(*top), n, p, pts(c["change"].get<double>()), q_text(c["q_value"].get<double>()));
}

void overdue(const Frame& f, const Json& trend, Writer& w) {
  const std::string& key = f.periods.current.key;
  const Json* cur = find_row(trend["metrics"], "period", key);
  if (!f.ctx.has("status") || !f.ctx.has("due_at") || cur == nullptr || !(*cur)["overdue"].is_number()) {
    return;
  }
  const std::int64_t k = (*cur)["overdue"].get<std::int64_t>();
  const std::string as_of = stats::format_seconds(f.ctx.as_of).substr(0, 10);
  Json sources = Json::array({source("trend", "metrics", {{"period", key}}, {{"overdue", k}})});
  if (k > 0) {
    w.add("overdue", sources, "本期收到的反馈中有 {} 件逾期未结（截至 {}）。",
          "{} of the period's items are open past their due date (as of {}).", k, as_of);
  } else {
    w.add("overdue", sources, "本期收到的反馈没有逾期未结的（截至 {}）。",
          "None of the period's items is open past its due date (as of {}).", as_of);
  }
}

// `dated`: the period's urgent items; else the data's (no period to name).
void urgent(const Json& urgency, bool dated, Writer& w) {
  const Json* r = find_row(urgency["metrics"], "urgency", "urgent");
  if (r == nullptr) {
    return;
  }
  const std::int64_t k = (*r)["n"].get<std::int64_t>();
  Json sources = Json::array({source("urgency", "metrics", {{"urgency", "urgent"}}, {{"n", k}})});
  if (dated) {
    w.add("urgent", std::move(sources), "本期有 {} 件紧急反馈（如监管、媒体、安全风险），需优先处理。",
          "{} urgent items this period (such as regulator, media or safety threats) to handle first.", k);
  } else {
    w.add("urgent", std::move(sources), "其中 {} 件紧急反馈（如监管、媒体、安全风险），需优先处理。",
          "{} of them are urgent (such as regulator, media or safety threats), to handle first.", k);
  }
}

// Data without dates (one "period" of every row): what it holds, its CSAT, its most named
// problem and its urgent items, with no period before to compare with.
void undated(const Frame& f, const SummaryInput& in, Writer& w) {
  const Json* all = f.current_row(in.trend["metrics"]);
  const std::int64_t n = all != nullptr ? (*all)["n"].get<std::int64_t>() : 0;
  w.add("volume", Json::array({source("trend", "metrics", Json::object(), {{"n", n}})}),
        "本数据共 {} 条反馈（没有时间列，不分期比较）。",
        "This data holds {} feedback items (no time column, so nothing to compare with).", n);
  const double v = number(all, "csat");
  if (f.ctx.has("score_overall") && !std::isnan(v)) {
    const Json sn = (*all)["score_overall_n"];
    w.add("csat", Json::array({source("trend", "metrics", Json::object(), {{"csat", v}, {"score_overall_n", sn}})}),
          "满意度 {}（n = {}）。", "CSAT {} (n = {}).", pct(v), sn.dump());
  }
  if (in.problems != nullptr && !(*in.problems)["issues"].empty()) {
    const Json& top = (*in.problems)["issues"][0];
    w.add("issue", Json::array({source("issues", "metrics", {{"issue", top["issue"]}}, {{"n", top["n"]}})}),
          "提到最多的问题是「{}」：{} 件，占表达问题的反馈的 {}。",
          "The problem named most is {}: {} items, {} of the rows that express a problem.",
          top["label"].get<std::string>(), top["n"].get<std::int64_t>(), pct(top["share"].get<double>()));
  }
  if (in.urgency != nullptr) {
    urgent(*in.urgency, false, w);
  }
}

}  // namespace

Json summary_section(const Frame& f, const std::string& lang, const SummaryInput& in) {
  Writer w{lang == "zh"};
  if (!f.periods.timed) {
    undated(f, in, w);
    return {{"sentences", std::move(w.sentences)}};
  }
  volume(f, in.trend, w);
  csat(f, in.trend, w);
  if (in.issues != nullptr) {
    issue_rise(f, *in.issues, w);
  }
  overdue(f, in.trend, w);
  if (in.urgency != nullptr) {
    urgent(*in.urgency, true, w);
  }
  return {{"sentences", std::move(w.sentences)}};
}

}  // namespace fbkit::report
