#include <doctest/doctest.h>

#include "classify/adapt.hpp"

using fbkit::classify::AdaptReport;

TEST_CASE("classify::AdaptReport::message says too few sure rows of a label") {
  AdaptReport r;
  r.answered = 3;
  r.positive = 2;
  r.negative = 1;
  CHECK(r.message() ==
        "fbkit classify --adapt: the model was sure of 2 positive and 1 negative rows of 3 (at least 10 of each "
        "needed): the model is used as it is");
}

TEST_CASE("classify::AdaptReport::message counts the sure rows left out when those kept are too few of a label") {
  // An input sorted by sentiment: the 200,000 sure rows kept are all positive, the negative ones come later.
  AdaptReport r;
  r.answered = 900000;
  r.positive = 200000;
  r.left_out = 450000;
  CHECK(r.message() ==
        "fbkit classify --adapt: the first 200000 rows the model was sure of, of 900000 it answered for, were 200000 "
        "positive and 0 negative (at least 10 of each needed; 450000 more sure rows left out, at most 200000 are "
        "kept): the model is used as it is");
}

TEST_CASE("classify::AdaptReport::message of a trained model counts the rows left out") {
  AdaptReport r;
  r.answered = 948161;
  r.positive = 145964;
  r.negative = 54036;
  r.left_out = 553570;
  r.epoch = 5;
  CHECK(r.message() ==
        "fbkit classify --adapt: trained on 200000 rows the model was sure of (145964 positive, 54036 negative) of "
        "the 948161 it answered for, 5 epochs; 553570 more sure rows left out (at most 200000)");
}
