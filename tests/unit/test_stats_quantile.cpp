#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>

#include "stats/quantile.hpp"

using namespace fbkit::stats;

TEST_CASE("stats::QuantileSketch is exact up to its bound") {
  QuantileSketch q;
  for (const std::int64_t v : {7, 1, 3, 9}) {
    q.add(v);
  }
  CHECK(q.exact());
  CHECK(q.median() == 5.0);  // (3 + 7) / 2
  q.add(100);
  CHECK(q.median() == 7.0);
}

TEST_CASE("stats::QuantileSketch merged equals one pass, beyond the bound too") {
  // Values 1..9000 (well beyond kExactMax), split into 3 parts in a scrambled order.
  QuantileSketch whole, a, b, c;
  for (std::int64_t i = 0; i < 9000; ++i) {
    const std::int64_t v = (i * 7919) % 9000 + 1;
    whole.add(v);
    (i % 3 == 0 ? a : i % 3 == 1 ? b : c).add(v);
  }
  QuantileSketch merged;
  merged.merge(c);
  merged.merge(a);
  merged.merge(b);
  CHECK(!whole.exact());
  CHECK(merged.serialize() == whole.serialize());
  CHECK(merged.median() == whole.median());
  // The true median is 4500.5: within the documented relative error.
  CHECK(std::fabs(whole.median() - 4500.5) / 4500.5 <= QuantileSketch::kRelativeError + 1e-9);
  QuantileSketch back;
  REQUIRE(back.deserialize(whole.serialize()));
  CHECK(back.median() == whole.median());
  CHECK(back.count() == 9000);
  CHECK(!back.deserialize("x 1 2"));
}
