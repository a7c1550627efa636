#include <doctest/doctest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "config/config.hpp"
#include "core/io.hpp"
#include "stats/batch.hpp"
#include "stats/mathstat.hpp"
#include "stats/overdue.hpp"
#include "stats/tests.hpp"

using namespace fbkit;
using namespace fbkit::stats;

namespace {

Settings settings() {
  return load_settings(config::Store().get("stats.yaml"));
}

// A CSV in a temporary file, removed at the end of the test.
struct TempCsv {
  std::string path;
  explicit TempCsv(const std::string& text) {
    char tmpl[] = "/tmp/fbkit-test-XXXXXX";
    const int fd = ::mkstemp(tmpl);
    ::close(fd);
    path = tmpl;
    std::ofstream(path) << text;
  }
  ~TempCsv() { std::filesystem::remove(path); }
};

Aggregator one(const Query& q, const std::string& text) {
  Aggregator agg(q, settings());
  StringSource src(text, "t.csv");
  agg.add_input(src);
  return agg;
}

}  // namespace

TEST_CASE("stats::share_changes: shares now and before, a z-test per group, BH across groups") {
  const auto c = share_changes({{"app", 30}, {"phone", 70}}, {{"app", 60}, {"web", 40}});
  REQUIRE(c.size() == 2);
  CHECK(c.at("app").previous_share == doctest::Approx(0.6));
  CHECK(c.at("app").change == doctest::Approx(-0.3));
  CHECK(c.at("app").p_value == two_proportion_z(30, 100, 60, 100).p_value);
  CHECK(c.at("phone").previous_share == 0);  // absent before: 0 rows
  const std::vector<double> q =
      benjamini_hochberg({two_proportion_z(30, 100, 60, 100).p_value, two_proportion_z(70, 100, 0, 100).p_value});
  CHECK(c.at("app").q_value == q[0]);
  CHECK(c.at("phone").q_value == q[1]);
  CHECK(c.at("phone").significant);
  CHECK(share_changes({{"app", 1}}, {}).empty());
}

TEST_CASE("stats::csat_test: the z-test of two aggregates' CSAT from their counts") {
  Query q;
  q.metrics = {Metric::csat};
  const Aggregator before = one(q, "received_at,score_overall\n2025-01-01,5\n2025-01-02,1\n2025-01-03,2\n");
  const Aggregator after =
      one(q, "received_at,score_overall\n2025-02-01,5\n2025-02-02,4\n2025-02-03,2\n2025-02-04,5\n");
  const auto t = csat_test(after, before);
  REQUIRE(t);
  CHECK(t->p_value == two_proportion_z(3, 4, 1, 3).p_value);
  const Aggregator empty = one(q, "received_at,score_overall\n2025-02-01,\n");
  CHECK_FALSE(csat_test(after, empty));
}

TEST_CASE("stats::overdue_due and OldestOverdue keep the oldest items in order") {
  const std::int64_t as_of = *parse_seconds("2025-03-01T00:00:00");
  CHECK(overdue_due("in_progress", "2025-02-01T00:00:00", as_of));
  CHECK_FALSE(overdue_due("completed", "2025-02-01T00:00:00", as_of));
  CHECK_FALSE(overdue_due("not_started", "2025-03-01T00:00:00", as_of));  // due exactly now: not yet
  CHECK_FALSE(overdue_due("not_started", "", as_of));
  OldestOverdue list(2);
  list.add({30, "c", "", "", ""});
  list.add({10, "a", "", "", ""});
  list.add({30, "d", "", "", ""});
  list.add({10, "b", "", "", ""});
  CHECK(list.count() == 4);
  REQUIRE(list.oldest().size() == 2);
  CHECK(list.oldest()[0].feedback_id == "a");
  CHECK(list.oldest()[1].feedback_id == "b");
  OldestOverdue none(0);
  none.add({1, "x", "", "", ""});
  CHECK(none.count() == 1);
  CHECK(none.oldest().empty());
}

TEST_CASE("stats::aggregate_each: several queries from one reading equal one reading each") {
  const TempCsv csv(
      "received_at,channel,score_overall\n2025-01-02T10:00:00,phone,5\n2025-01-03T10:00:00,app,2\n"
      "2025-02-01T10:00:00,app,4\n");
  Query by_channel;
  by_channel.by = {"channel"};
  Query by_month;
  by_month.period = PeriodKind::month;
  struct Count : RecordVisitor {
    int inputs = 0, rows = 0;
    void begin_input(const csv::Reader&) override { ++inputs; }
    void add(const csv::Reader&, const csv::Record&) override { ++rows; }
  } count;
  const std::vector<Aggregator> aggs = aggregate_each({by_channel, by_month}, settings(), {csv.path}, &count);
  CHECK(count.inputs == 1);
  CHECK(count.rows == 3);
  REQUIRE(aggs.size() == 2);
  View v;
  CHECK(compute(aggs[0], v, nullptr).metrics.rows ==
        compute(aggregate(by_channel, settings(), {csv.path}), v).metrics.rows);
  CHECK(compute(aggs[1], v, nullptr).metrics.rows ==
        compute(aggregate(by_month, settings(), {csv.path}), v).metrics.rows);
  Query bad;
  bad.by = {"nowhere"};
  CHECK_THROWS_AS(aggregate_each({by_channel, bad}, settings(), {csv.path}, nullptr), UsageError);
}
