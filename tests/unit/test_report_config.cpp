#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "report/config.hpp"
#include "stats/labels.hpp"

namespace fs = std::filesystem;
using namespace fbkit;

namespace {

// A --config directory holding one report.yaml.
struct ConfigDir {
  fs::path path;
  explicit ConfigDir(const std::string& report_yaml) {
    char tmpl[] = "/tmp/fbkit-test-XXXXXX";
    path = ::mkdtemp(tmpl);
    std::ofstream(path / "report.yaml") << report_yaml;
  }
  ~ConfigDir() { fs::remove_all(path); }
  config::Store store() const { return config::Store(path.string()); }
};

void check_same(const report::Config& a, const report::Config& b) {
  CHECK(a.csat_target == b.csat_target);
  CHECK(a.dimension_target == b.dimension_target);
  CHECK(a.resolution_target_hours == b.resolution_target_hours);
  CHECK(a.overdue_target == b.overdue_target);
  CHECK(a.revisit_target == b.revisit_target);
  CHECK(a.top_issues == b.top_issues);
  CHECK(a.examples == b.examples);
  CHECK(a.trend_periods == b.trend_periods);
  CHECK(a.trend_issues == b.trend_issues);
  CHECK(a.oldest_overdue == b.oldest_overdue);
  CHECK(a.vague_listed == b.vague_listed);
  CHECK(a.agents_min_n == b.agents_min_n);
  CHECK(a.agents_listed == b.agents_listed);
  CHECK(a.improvement_days == b.improvement_days);
  CHECK(a.not_problems == b.not_problems);
  CHECK(a.actions.size() == b.actions.size());
  CHECK(a.labels == b.labels);
}

}  // namespace

TEST_CASE("report::load_config: the built-in report.yaml equals itself overlaid with an empty file") {
  const report::Config builtin = report::load_config(config::Store(), "zh");
  CHECK(builtin.top_issues == 5);
  CHECK(builtin.not_problems == std::vector<std::string>{"praise", "other", "suggestion"});
  CHECK(builtin.label("blank") == "(未填)");
  const ConfigDir empty("");
  check_same(report::load_config(empty.store(), "zh"), builtin);
}

TEST_CASE("report::load_config: a user's report.yaml changes only the keys it names") {
  // Before, the file replaced the built-in one: not_problems fell back to a C++
  // list without `suggestion`, and a file without labels was an error.
  const ConfigDir dir("sections:\n  top_issues: 2\nactions:\n  logistics_delay:\n    days: 10\n");
  const report::Config c = report::load_config(dir.store(), "en");
  CHECK(c.top_issues == 2);
  CHECK(c.examples == 3);
  CHECK(c.not_problems == std::vector<std::string>{"praise", "other", "suggestion"});
  CHECK(c.actions.at("logistics_delay").days == 10);
  CHECK(c.actions.at("logistics_delay").action.rfind("Review late orders", 0) == 0);
  CHECK(c.label("blank") == "(blank)");
}

TEST_CASE("report::load_config: a mistake in the user's file names its place") {
  const ConfigDir dir("sections:\n  top_issues: 0\n");
  CHECK_THROWS_WITH_AS(report::load_config(dir.store(), "zh"), doctest::Contains("report.yaml:2:15"),
                       fbkit::ConfigError);
}

TEST_CASE("report and stats --lang zh use the same words for the same columns") {
  const report::Config c = report::load_config(config::Store(), "zh");
  const stats::Labels l = stats::Labels::load(config::Store());
  // report.yaml's key -> the stats column it heads.
  for (const auto& pair :
       std::vector<std::pair<std::string, std::string>>{{"channel", "channel"},
                                                        {"issue", "issue"},
                                                        {"status", "status"},
                                                        {"agent", "agent_id"},
                                                        {"department", "department"},
                                                        {"share", "share"},
                                                        {"csat_short", "csat"},
                                                        {"nps", "nps"},
                                                        {"closure_rate", "closure_rate"},
                                                        {"sla_rate", "sla_rate"},
                                                        {"revisit_rate", "revisit_rate"},
                                                        {"second_sat", "second_sat"},
                                                        {"median_resolution", "resolution_hours_median"},
                                                        {"open", "open"},
                                                        {"overdue", "overdue"},
                                                        {"complaints_per_1000", "complaints_per_1000"},
                                                        {"rank", "rank"},
                                                        {"small_n", "low_n"},
                                                        {"significant", "significant"},
                                                        {"change", "change"},
                                                        {"metric", "metric"}}) {
    const std::string& key = pair.first;  // not a structured binding: clang 14 cannot capture one (CHECK_MESSAGE)
    CHECK_MESSAGE(c.label(key) == l.column(pair.second, "zh"), key);
  }
}
