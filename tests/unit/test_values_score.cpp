#include <doctest/doctest.h>

#include "values/parse.hpp"

using fbkit::values::parse_nps;
using fbkit::values::parse_score;

static std::string score(std::string_view s) {
  const auto r = parse_score(s);
  return r.value ? std::to_string(*r.value) : r.blank ? "BLANK" : "ERROR: " + r.error;
}

TEST_CASE("values::parse_score reads numbers, stars, fractions and words") {
  CHECK(score("4") == "4");
  CHECK(score("4分") == "4");
  CHECK(score(" 4 分 ") == "4");
  CHECK(score("4.0") == "4");
  CHECK(score("★★★★") == "4");
  CHECK(score("★★★★☆") == "4");
  CHECK(score("5/5") == "5");
  CHECK(score("4 / 5") == "4");
  CHECK(score("非常满意") == "5");
  CHECK(score("满意") == "4");
  CHECK(score("比较满意") == "4");
  CHECK(score("一般") == "3");
  CHECK(score("不满意") == "2");
  CHECK(score("非常不满意") == "1");
  CHECK(score("Very Satisfied") == "5");
  CHECK(score("dissatisfied") == "2");
  CHECK(score("-") == "BLANK");
}

TEST_CASE("values::parse_score says why a value is not a 1-5 score") {
  CHECK(score("6") == "ERROR: score 6 is outside 1-5");
  CHECK(score("0") == "ERROR: score 0 is outside 1-5");
  CHECK(score("4.5") == "ERROR: score 4.5 is not a whole number");
  CHECK(score("8/10") == "ERROR: not a 1-5 score");
  CHECK(score("abc") == "ERROR: not a score");
  CHECK(score("★★★★★★") == "ERROR: score 6 is outside 1-5");
  CHECK(score("1e309") == "ERROR: not a score");
}

TEST_CASE("values::parse_nps reads 0-10 answers") {
  CHECK(*parse_nps("9").value == 9);
  CHECK(*parse_nps("0").value == 0);
  CHECK(*parse_nps("10分").value == 10);
  CHECK(parse_nps("11").error == "score 11 is outside 0-10");
}
