#include <doctest/doctest.h>

#include <string>

#include "core/error.hpp"
#include "report/scope.hpp"

namespace rp = fbkit::report;

TEST_CASE("report::by_path puts the value before the output's extension, made safe for a file name") {
  CHECK(rp::by_path("report.html", "售后服务部") == "report.售后服务部.html");
  CHECK(rp::by_path("out/r.2025-10.xlsx", "物流部") == "out/r.2025-10.物流部.xlsx");
  CHECK(rp::by_path("out.d/report", "A") == "out.d/report.A");
  CHECK(rp::by_path(".hidden", "A") == ".hidden.A");
  CHECK(rp::by_path("r.md", "a/b\\c") == "r.a_b_c.md");
  CHECK(rp::by_path("r.md", "..") == "r._..md");
  CHECK(rp::by_path("r.md", "x\ny") == "r.x_y.md");
}

TEST_CASE("report::parse_where takes stats --where's syntax") {
  CHECK(rp::parse_where({"department=售后服务部", "score_overall:le:2"}).size() == 2);
  CHECK_THROWS_AS(rp::parse_where({"department"}), fbkit::UsageError);
}
