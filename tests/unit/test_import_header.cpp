#include <doctest/doctest.h>

#include "import/header.hpp"

using fbkit::import::combine_header;
using fbkit::import::detect_layout;
using fbkit::import::HeaderLayout;
using fbkit::import::HeaderOptions;
using fbkit::import::is_import_id_row;
using fbkit::import::is_total_row;
using Rows = std::vector<std::vector<std::string>>;

TEST_CASE("import::detect_layout: the header is the first row of an ordinary file") {
  const Rows rows = {{"id", "time", "text", "score"},
                     {"a1", "2025-10-01 10:00", "slow delivery", "2"},
                     {"a2", "2025-10-02 11:00", "fine", "5"}};
  const HeaderLayout l = detect_layout(rows, {});
  CHECK(l.title_rows == 0);
  CHECK(l.header_rows == 1);
  // A text-only file, and a narrow one, are left alone.
  CHECK(detect_layout(Rows{{"id", "text"}, {"a", "good"}, {"b", "bad"}}, {}).title_rows == 0);
  CHECK(detect_layout(Rows{{"text"}, {"good"}, {"bad"}}, {}).header_rows == 1);
  // A header with a blank name over data is not a title row.
  CHECK(detect_layout(Rows{{"id", "", "", ""}, {"1", "2", "3", "4"}}, {}).title_rows == 0);
}

TEST_CASE("import::detect_layout: title rows above the header (merged cells, a date line, a blank row)") {
  const Rows rows = {{"2025年10月门店客户反馈汇总表"},
                     {"导出时间：2025-11-01", "", "", ""},
                     {"", "", "", ""},
                     {"序号", "提交时间", "反馈内容", "评分"},
                     {"1", "2025-10-01 10:00", "排队太久", "2"}};
  CHECK(detect_layout(rows, {}).title_rows == 3);
  // xlsx reading repeats a merged title over the cells it spans.
  const Rows merged = {{"2025年10月门店客户反馈汇总表", "2025年10月门店客户反馈汇总表", "2025年10月门店客户反馈汇总表"},
                       {"序号", "提交时间", "反馈内容"},
                       {"1", "2025-10-01 10:00", "排队太久了"}};
  CHECK(detect_layout(merged, {}).title_rows == 1);
  HeaderOptions forced;
  forced.header_row = 2;
  CHECK(detect_layout(rows, forced).title_rows == 1);
  HeaderOptions skip;
  skip.skip_rows = 0;
  CHECK(detect_layout(rows, skip).title_rows == 0);
}

TEST_CASE("import::detect_layout: Qualtrics' three header rows and its legacy two, SurveyMonkey's two") {
  const Rows qualtrics = {{"StartDate", "EndDate", "Q1", "Q2"},
                          {"Start Date", "End Date", "How satisfied?", "Why?"},
                          {R"({"ImportId":"startDate"})", R"({"ImportId":"endDate"})", R"({"ImportId":"QID1"})",
                           R"({"ImportId":"QID2_TEXT"})"},
                          {"2017-07-18 08:28:09", "2017-07-18 08:28:48", "2", "Hello"}};
  CHECK(detect_layout(qualtrics, {}).header_rows == 3);
  CHECK(is_import_id_row(qualtrics[2]));
  CHECK_FALSE(is_import_id_row(qualtrics[1]));
  const Rows legacy = {{"V1", "V8", "V9", "Q1", "Q2"},
                       {"ResponseID", "StartDate", "EndDate", "This is a multiple choice question.", "Free text"},
                       {"R_2YPOQ602ER1jkf1", "2017-07-18 08:28:09", "2017-07-18 08:28:48", "2", "Hello World!"}};
  CHECK(detect_layout(legacy, {}).header_rows == 2);
  const Rows monkey = {{"Respondent ID", "Start Date", "How satisfied?", "", "Comments"},
                       {"", "", "Very", "Not at all", "Open-Ended Response"},
                       {"114", "10/01/2025", "Very", "", "ok"}};
  CHECK(detect_layout(monkey, {}).header_rows == 2);
}

TEST_CASE("import::combine_header joins the header's rows into one name per column") {
  const Rows qualtrics = {{"StartDate", "Q1", "Q2 - Topics"},
                          {"Anfangsdatum", "How satisfied?", "Q2 - Topics"},
                          {R"({"ImportId":"startDate"})", R"({"ImportId":"QID1"})", R"({"ImportId":"QID2"})"}};
  CHECK(combine_header(qualtrics) ==
        std::vector<std::string>{"StartDate - Anfangsdatum", "Q1 - How satisfied?", "Q2 - Topics"});
  const Rows monkey = {{"Respondent ID", "How satisfied?", "", "Comments"},
                       {"", "Very", "Not at all", "Open-Ended Response"}};
  CHECK(combine_header(monkey) ==
        std::vector<std::string>{"Respondent ID", "How satisfied? - Very", "How satisfied? - Not at all", "Comments"});
}

TEST_CASE("import::is_total_row: a total word first, numbers after") {
  CHECK(is_total_row({"合计", "", "", "128", "4.2"}));
  CHECK(is_total_row({"", "总计：", "300"}));
  CHECK(is_total_row({"Total", "12", "85%"}));
  CHECK(is_total_row({"平均"}));
  CHECK_FALSE(is_total_row({"Total", "the total was wrong", "1"}));
  CHECK_FALSE(is_total_row({"a1", "合计", "1"}));
  CHECK_FALSE(is_total_row({"", "", "", "Total", "1"}));
  CHECK_FALSE(is_total_row({}));
}
