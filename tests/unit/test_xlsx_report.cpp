// The report's workbook read back with the project's xlsx reader: the detail
// sheet of the period's rows and the rate tables the html says in lines.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "core/io.hpp"
#include "render/xlsx.hpp"
#include "report/report.hpp"
#include "xlsx/reader.hpp"

namespace {

const char* kRows =
    "feedback_id,received_at,channel,score_overall,nps_score,status,due_at,text,issue,route_department,source_file\n"
    "s1,2025-09-30T23:00:00,app,5,9,completed,2025-10-01T00:00:00,上个月的,praise,门店,a.csv\n"
    "o1,2025-10-03T14:05:00,app,2,3,in_progress,2025-10-05T00:00:00,物流太慢,logistics_delay,物流部,a.csv\n"
    "o2,2025-10-31T23:59:59,phone,4,10,completed,2025-11-02T00:00:00,\"=HYPERLINK(\"\"http://x\"\",\"\"点\"\")\","
    "other,客服部,a.csv\n"
    "n1,2025-11-01T08:00:00,phone,1,0,not_started,,下个月的,other,客服部,a.csv\n";

std::vector<std::vector<std::string>> sheet(const std::string& path, const std::string& name) {
  fbkit::xlsx::Options o;
  o.sheet = name;
  fbkit::xlsx::SheetReader reader(path, o);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> cells;
  std::int64_t n = 0;
  while (reader.next(cells, n)) {
    rows.push_back(cells);
  }
  return rows;
}

}  // namespace

TEST_CASE("report xlsx: a detail sheet of the period's rows, dates as Excel dates; CSAT and NPS tables") {
  char dir[] = "/tmp/fbkit-xlsx-report-XXXXXX";
  REQUIRE(mkdtemp(dir) != nullptr);
  const std::string csv = std::string(dir) + "/in.csv", book = std::string(dir) + "/r.xlsx";
  fbkit::write_file_atomic(csv, kRows);
  fbkit::report::Options options;
  options.inputs = {csv};
  options.period = "2025-10";
  options.as_of = "2025-11-01";
  options.detail = true;
  const fbkit::report::Built built = fbkit::report::build(options);
  fbkit::render::write_xlsx(fbkit::report::to_xlsx(built.model, &built.detail), book);

  const auto detail = sheet(book, "明细");
  REQUIRE(detail.size() == 3);  // the header and October's two rows
  CHECK(detail[0] == std::vector<std::string>{"feedback_id", "received_at", "channel", "score_overall", "nps_score",
                                              "status", "due_at", "text", "issue", "route_department"});
  // The reader shows a number with a date format as its date: a real Excel date.
  CHECK(detail[1][0] == "o1");
  CHECK(detail[1][1] == "2025-10-03T14:05:00");
  CHECK(detail[1][3] == "2");
  CHECK(detail[1][6] == "2025-10-05T00:00:00");
  CHECK(detail[2][1] == "2025-10-31T23:59:59");
  CHECK(detail[2][7] == "=HYPERLINK(\"http://x\",\"点\")");  // text, never a formula

  const auto rates = sheet(book, "满意度");
  REQUIRE(rates.size() >= 3);
  CHECK(rates[0][0] == "满意度");
  CHECK(rates[1][0] == "满意度(4-5分占比)");
  CHECK(rates[1][1] == "50%");  // a fraction with a percent format (the reader drops the zero decimal)
  const auto nps = sheet(book, "满意度 (2)");
  REQUIRE(nps.size() == 2);
  CHECK(nps[1][0] == "净推荐值");
  CHECK(nps[1][1] == "0");  // one promoter, one detractor: 0 points
  const auto closure = sheet(book, "跟进闭环");
  REQUIRE(closure.size() >= 2);
  CHECK(closure[1][0] == "结案率");
  CHECK(closure[1][1] == "50.0%");
  std::remove(csv.c_str());
  std::remove(book.c_str());
  rmdir(dir);
}
