#include <doctest/doctest.h>

#include "config/config.hpp"
#include "core/io.hpp"
#include "stats/compute.hpp"
#include "stats/format.hpp"
#include "stats/state.hpp"
#include "stats/stats.hpp"

using namespace fbkit;
using namespace fbkit::stats;

namespace {

Settings settings() {
  return load_settings(config::Store().get("stats.yaml"));
}

const char* kHeader = "received_at,channel,score_overall,status,due_at,resolved_at\n";

std::string rows_a() {
  return std::string(kHeader) +
         "2025-01-02T10:00:00,phone,5,completed,2025-01-03T00:00:00,2025-01-02T12:00:00\n"
         "2025-01-03T10:00:00,phone,2,in_progress,2025-01-04T00:00:00,\n";
}
std::string rows_b() {
  return std::string(kHeader) +
         "2025-02-01T10:00:00,app,4,closed,2025-02-02T00:00:00,2025-02-03T10:00:00\n"
         "2025-02-01T11:00:00,phone,,not_started,,\n";
}

Aggregator run(const Query& q, const std::vector<std::string>& texts) {
  Aggregator agg(q, settings());
  for (const std::string& t : texts) {
    StringSource src(t, "t.csv");
    agg.add_input(src);
  }
  return agg;
}

}  // namespace

TEST_CASE("stats::Aggregator merged through partial states equals one pass") {
  Query q;
  q.by = {"channel"};
  q.period = PeriodKind::month;
  q.as_of = *parse_bound("2025-03-01", false);
  const Aggregator whole = run(q, {rows_a(), rows_b()});
  const Aggregator a = run(q, {rows_a()});
  const Aggregator b = run(q, {rows_b()});
  StringSink sa, sb, sw;
  write_state(a, sa);
  write_state(b, sb);
  write_state(whole, sw);
  const std::string pa = "/tmp/fbkit-test-stats-a.part", pb = "/tmp/fbkit-test-stats-b.part";
  write_file_atomic(pa, sa.str());
  write_file_atomic(pb, sb.str());
  const Aggregator merged = merge_parts(settings(), {pb, pa});
  StringSink sm;
  write_state(merged, sm);
  CHECK(sm.str() == sw.str());
  View v;
  CHECK(render_string(compute(merged, v).metrics, Format::csv) ==
        render_string(compute(whole, v).metrics, Format::csv));

  Query other = q;
  other.period = PeriodKind::week;
  StringSink so;
  write_state(run(other, {rows_a()}), so);
  write_file_atomic(pb, so.str());
  CHECK_THROWS_WITH_AS(merge_parts(settings(), {pa, pb}), doctest::Contains("computed with other options"),
                       ConfigError);
  write_file_atomic(pb, "not a state\n");
  CHECK_THROWS_WITH_AS(merge_parts(settings(), {pb}), doctest::Contains(":1: not a partial state"), DataError);
}

TEST_CASE("stats::metrics_table computes closure, open, overdue and resolution per group") {
  Query q;
  q.by = {"channel"};
  q.as_of = *parse_bound("2025-03-01", false);
  q.metrics = {Metric::closure, Metric::open, Metric::overdue, Metric::resolution};
  View v;
  v.intervals = false;
  const Table t = compute(run(q, {rows_a(), rows_b()}), v).metrics;
  // app: 1 row, closed, resolved after 48h. phone: 3 rows, 1 completed (2h), 2 open, 1 overdue (the other has no
  // due_at).
  CHECK(render_string(t, Format::csv) ==
        "channel,n,closure_rate,open,overdue,resolution_n,resolution_hours_mean,resolution_hours_median\n"
        "app,1,1.000000,0,0,1,48.000000,48.000000\n"
        "phone,3,0.333333,2,1,1,2.000000,2.000000\n");
}

TEST_CASE("stats::render aligns double-width text and escapes markdown and json") {
  Table t;
  t.name = "metrics";
  t.columns = {make_column("issue", ColumnType::text, true), make_column("n", ColumnType::integer),
               make_column("csat", ColumnType::number), make_column("low_n", ColumnType::boolean)};
  t.rows = {{std::string("物流慢"), std::int64_t{12}, 0.5, true}, {std::string("a|b"), std::int64_t{3}, Cell(), false}};
  CHECK(render_string(t, Format::table) ==
        "issue    n    csat  low_n\n"
        "------  --  ------  -----\n"
        "物流慢  12  0.5000  yes\n"
        "a|b      3\n");
  CHECK(
      render_string(t, Format::md) ==
      "| issue | n | csat | low\\_n |\n| --- | ---: | ---: | --- |\n| 物流慢 | 12 | 0.5000 | yes |\n| a\\|b | 3 |  |  "
      "|\n");
  CHECK(render_string(t, Format::json, {2}) ==
        "{\"table\":\"metrics\",\"columns\":[{\"name\":\"issue\",\"type\":\"text\",\"key\":true},{\"name\":\"n\","
        "\"type\":\"integer\"},{\"name\":\"csat\",\"type\":\"number\"},{\"name\":\"low_n\",\"type\":\"boolean\"}],"
        "\"rows\":[\n{\"issue\":\"物流慢\",\"n\":12,\"csat\":0.50,\"low_n\":true},\n"
        "{\"issue\":\"a|b\",\"n\":3,\"csat\":null,\"low_n\":false}]}\n");
  CHECK(render_string(t, Format::csv) == "issue,n,csat,low_n\n物流慢,12,0.500000,true\na|b,3,,false\n");
}
