#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "core/error.hpp"
#include "stats/labels.hpp"
#include "stats/options.hpp"

namespace fs = std::filesystem;
using fbkit::UsageError;
using fbkit::stats::Labels;

namespace {

// A --config directory holding one labels.yaml.
struct LabelsDir {
  fs::path path;
  explicit LabelsDir(const std::string& yaml) {
    char tmpl[] = "/tmp/fbkit-test-XXXXXX";
    path = ::mkdtemp(tmpl);
    std::ofstream(path / "labels.yaml") << yaml;
  }
  ~LabelsDir() { fs::remove_all(path); }
  Labels load() const { return Labels::load(fbkit::config::Store(path.string())); }
};

const Labels& builtin() {
  static const Labels labels = Labels::load(fbkit::config::Store());
  return labels;
}

}  // namespace

TEST_CASE("stats::Labels names columns in zh and en, composing stem and suffix") {
  const Labels& l = builtin();
  CHECK(l.column("channel", "zh") == "渠道");
  CHECK(l.column("csat", "zh") == "满意度");
  CHECK(l.column("csat_lo", "zh") == "满意度下限");
  CHECK(l.column("csat_lo", "en") == "CSAT low");
  CHECK(l.column("score_overall_mean_hi", "zh") == "总体满意度均分上限");
  CHECK(l.column("score_speed_n", "zh") == "响应速度样本量");
  CHECK(l.column("score_overall_1", "zh") == "总体满意度1分占比");
  CHECK(l.column("my_column", "zh") == "my_column");  // no label: the name
  CHECK(l.column("csat", "") == "csat");
}

TEST_CASE("stats::Labels resolves labels back to names, codes and metric families") {
  const Labels& l = builtin();
  CHECK(l.resolve_column("渠道", "--by") == "channel");
  CHECK(l.resolve_column("Channel", "--by") == "channel");
  CHECK(l.resolve_column("channel", "--by") == "channel");
  CHECK(l.resolve_column("满意度下限", "--rank") == "csat_lo");
  CHECK(l.resolve_column("总体满意度均分下限", "--rank") == "score_overall_mean_lo");
  CHECK(l.resolve_column("NPS high", "--rank") == "nps_hi");
  CHECK(l.resolve_column("无此列", "--by") == "无此列");  // unknown: as typed, for the usual error
  CHECK(l.resolve_value("channel", "电话", "--where") == "phone");
  CHECK(l.resolve_value("channel", "E-mail", "--where") == "email");
  CHECK(l.resolve_value("channel", "phone", "--where") == "phone");
  CHECK(l.resolve_value("channel", "传真", "--where") == "传真");
  CHECK(l.resolve_metrics("满意度,nps,,净推荐值") == "csat,nps,,nps");
  CHECK(l.resolve_metric("Closure rate", "--metrics") == "closure");
}

TEST_CASE("stats::Labels resolves a --where condition and writes it back canonically") {
  const Labels& l = builtin();
  using fbkit::stats::filter_text;
  using fbkit::stats::parse_filter;
  CHECK(filter_text(l.resolve(parse_filter("渠道=电话,APP"))) == "channel=phone,app");
  CHECK(filter_text(l.resolve(parse_filter("状态!=已关闭"))) == "status!=closed");
  CHECK(filter_text(l.resolve(parse_filter("总体满意度:le:2|情感=负面"))) == "score_overall<=2|sentiment=negative");
  CHECK(filter_text(l.resolve(parse_filter("反馈时间>=2025-10-01"))) == "received_at>=2025-10-01");
  for (const char* text : {"channel=phone", "a!=x,y", "n<3", "n>=1.5", "d>2025-01-01T10:00:00", "a=1|b<2"}) {
    CHECK(filter_text(parse_filter(text)) == text);
  }
}

TEST_CASE("stats::Labels: a label of two columns or two values is a usage error naming both") {
  const LabelsDir dir("columns:\n  owner: {zh: 坐席}\nchannel:\n  store: {zh: 电话}\n");
  const Labels l = dir.load();
  CHECK_THROWS_WITH_AS(l.resolve_column("坐席", "--by"),
                       "--by: '坐席' names several columns: agent_id, owner (name one)", UsageError);
  CHECK_THROWS_WITH_AS(l.resolve_value("channel", "电话", "--where 'channel=电话'"),
                       "--where 'channel=电话': '电话' names several values of channel: phone, store (name one)",
                       UsageError);
  CHECK(l.resolve_column("agent_id", "--by") == "agent_id");  // a name is never ambiguous
}

TEST_CASE("stats::Labels: the built-in labels name each thing once") {
  const Labels& l = builtin();
  std::set<std::string> zh;
  for (const char* c :
       {"feedback_id", "received_at",        "channel", "customer_id", "customer_type", "agent_id",     "product",
        "department",  "nps_score",          "status",  "category",    "issue",         "urgency",      "sentiment",
        "value_tier",  "route_department",   "period",  "n",           "share",         "csat",         "low_rate",
        "nps",         "closure_rate",       "open",    "overdue",     "sla_rate",      "revisit_rate", "second_sat",
        "fcr_rate",    "complaints_per_1000"}) {
    const std::string label = l.column(c, "zh");
    CHECK_MESSAGE(label != c, c);
    CHECK_MESSAGE(zh.insert(label).second, label);
    CHECK(l.resolve_column(label, "--by") == c);
    CHECK(l.resolve_column(l.column(c, "en"), "--by") == c);
  }
  for (const auto& column_codes : l.values("zh")) {  // no structured bindings: clang 14 cannot capture them
    std::set<std::string> seen;
    for (const auto& code_label : column_codes.second) {
      const std::string& label = code_label.second;
      CHECK_MESSAGE(seen.insert(label).second, (column_codes.first + ": " + label));
    }
  }
}

TEST_CASE("stats::plan reads labels as the names they stand for") {
  fbkit::stats::Options o;
  o.by = {"渠道,坐席"};
  o.where = {"渠道=电话"};
  o.metrics = "满意度";
  o.rank = "满意度下限:asc";
  o.fail_on = {"满意度<0.8"};
  o.as_of = "2025-03-01";
  const auto p = fbkit::stats::plan(o, builtin());
  CHECK(p.query.by == std::vector<std::string>{"channel", "agent_id"});
  CHECK(p.query.where.at(0).column == "channel");
  CHECK(p.query.where.at(0).values == std::vector<std::string>{"phone"});
  CHECK(p.query.where.at(0).text == "渠道=电话");  // messages quote what was typed
  CHECK(p.query.metrics == std::vector<fbkit::stats::Metric>{fbkit::stats::Metric::csat});
  CHECK(p.view.rank == "csat_lo");
  CHECK(p.alerts.at(0).metric == "csat");
}
