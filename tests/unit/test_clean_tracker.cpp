#include <doctest/doctest.h>
#include <xxhash.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "clean/too_fast.hpp"
#include "clean/tracker.hpp"
#include "core/error.hpp"

using fbkit::clean::RowKeys;
using fbkit::clean::Seen;
using fbkit::clean::SpillFile;
using fbkit::clean::Tracker;

namespace {

struct Row {
  XXH128_hash_t dup;
  bool local;
  bool has_repeat;
  XXH128_hash_t repeat;
  std::int64_t when;
  std::string ref;
};

// Rows drawn from small key spaces so that duplicates and repeats are common;
// times in a few days so that some repeats fall inside the window and some not.
std::vector<Row> random_rows(std::mt19937_64& rng, std::size_t n, std::uint64_t distinct) {
  std::vector<Row> rows(n);
  for (std::size_t i = 0; i < n; ++i) {
    Row& r = rows[i];
    const std::uint64_t d = rng() % distinct;
    r.dup = XXH3_128bits(&d, sizeof d);
    if (d == 7) {
      r.dup = {0, 0};  // the hash the tables use as "empty"
    }
    r.local = rng() % 10 == 0;
    r.has_repeat = rng() % 4 != 0;
    const std::uint64_t k = rng() % (distinct / 2 + 1);
    r.repeat = XXH3_128bits(&k, sizeof k);
    r.when = static_cast<std::int64_t>(rng() % (5 * 86400));
    r.ref = std::to_string(i);
    r.ref.insert(0, 1, 'F');  // not "F" + ...: a false -Wrestrict of GCC 12 at -O2
  }
  return rows;
}

std::vector<Seen> run(const std::vector<Row>& rows, bool duplicates, std::int64_t window, std::uint64_t budget,
                      std::uint64_t* deferred = nullptr, std::int64_t* distinct = nullptr, std::uint64_t reserve = 0) {
  Tracker t(duplicates, window, budget);
  if (reserve > 0) {
    t.reserve(reserve);
    CHECK(t.memory_bytes() <= budget);
  }
  std::vector<Seen> out(rows.size());
  std::vector<std::size_t> waiting;  // row index of each deferred ordinal
  for (std::size_t i = 0; i < rows.size(); ++i) {
    RowKeys k;
    k.dup = rows[i].dup;
    k.local_removed = rows[i].local;
    k.has_repeat_key = rows[i].has_repeat;
    k.repeat = rows[i].repeat;
    k.when = rows[i].when;
    k.ref = rows[i].ref;
    if (auto s = t.see(k)) {
      out[i] = *s;
    } else {
      waiting.push_back(i);
    }
  }
  CHECK(t.deferred() == waiting.size());
  auto answers = t.resolve();
  for (std::size_t o = 0; o < waiting.size(); ++o) {
    out[waiting[o]] = answers->next(o);
  }
  if (deferred != nullptr) {
    *deferred = t.deferred();
  }
  if (distinct != nullptr) {
    *distinct = t.distinct();
  }
  return out;
}

void check_same(const std::vector<Seen>& a, const std::vector<Seen>& b) {
  REQUIRE(a.size() == b.size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].kind != b[i].kind || a[i].ref != b[i].ref || a[i].seconds != b[i].seconds) {
      if (differ++ == 0) {
        INFO("row " << i << ": kinds " << int(a[i].kind) << "/" << int(b[i].kind) << ", refs " << a[i].ref << "/"
                    << b[i].ref);
        CHECK(false);
      }
    }
  }
  CHECK(differ == 0);
}

}  // namespace

TEST_CASE("a spilling tracker answers exactly as one that keeps everything in memory") {
  std::mt19937_64 rng(20261129);
  constexpr std::uint64_t kAll = std::uint64_t{1} << 40;
  const std::int64_t day = 86400;
  for (const bool duplicates : {true, false}) {
    for (const std::int64_t window : {day, std::int64_t{-1}, std::int64_t{0}}) {
      if (!duplicates && window < 0) {
        continue;
      }
      for (const std::uint64_t distinct : {std::uint64_t{50}, std::uint64_t{60000}}) {
        const std::vector<Row> rows = random_rows(rng, 120000, distinct);
        std::uint64_t kept_deferred = 1;
        std::int64_t kept_distinct = 0;
        const std::vector<Seen> memory = run(rows, duplicates, window, kAll, &kept_deferred, &kept_distinct);
        CHECK(kept_deferred == 0);
        std::size_t found = 0;
        for (const Seen& s : memory) {
          found += s.kind != Seen::first ? 1 : 0;
        }
        CHECK((found > 0 || (!duplicates && window == 0)));
        // 0: on disk from the first row; 2.3 MiB: the first repeat key does not
        // fit; 5 MiB: the switch comes when a table would double, mid-input.
        for (const std::uint64_t budget : {std::uint64_t{0}, std::uint64_t{2300} << 10, std::uint64_t{5} << 20}) {
          INFO("duplicates " << duplicates << ", window " << window << ", distinct " << distinct << ", budget "
                             << budget);
          std::uint64_t deferred = 0;
          std::int64_t seen_distinct = 0;
          check_same(memory, run(rows, duplicates, window, budget, &deferred, &seen_distinct));
          CHECK(seen_distinct == kept_distinct);
          if (budget == 0) {
            CHECK(deferred == rows.size());
          }
        }
      }
    }
  }
}

TEST_CASE("tables sized ahead for the rows expected answer as the growing ones, within the budget") {
  std::mt19937_64 rng(20261204);
  constexpr std::uint64_t kAll = std::uint64_t{1} << 40;
  const std::vector<Row> rows = random_rows(rng, 150000, 200000);
  for (const bool duplicates : {true, false}) {
    for (const std::int64_t window : {std::int64_t{86400}, std::int64_t{-1}}) {
      if (!duplicates && window < 0) {
        continue;
      }
      std::int64_t kept_distinct = 0;
      const std::vector<Seen> memory = run(rows, duplicates, window, kAll, nullptr, &kept_distinct);
      // Too few (the shards grow out of the block), enough, far too many (the
      // budget caps the block); with room, and with budgets that spill.
      std::uint64_t spilled = 0;
      for (const std::uint64_t reserve : {std::uint64_t{20000}, std::uint64_t{160000}, std::uint64_t{1} << 30}) {
        for (const std::uint64_t budget : {kAll, std::uint64_t{8} << 20, std::uint64_t{2} << 20}) {
          if (reserve > rows.size() * 2 && budget == kAll) {
            continue;  // (gigabytes)
          }
          INFO("duplicates " << duplicates << ", window " << window << ", reserve " << reserve << ", budget "
                             << budget);
          std::uint64_t deferred = 0;
          std::int64_t seen_distinct = 0;
          check_same(memory, run(rows, duplicates, window, budget, &deferred, &seen_distinct, reserve));
          CHECK(seen_distinct == kept_distinct);
          CHECK((budget != kAll || deferred == 0));
          spilled += deferred > 0 ? 1 : 0;
        }
      }
      CHECK(spilled >= 3);
    }
  }
}

TEST_CASE("the switch to disk comes mid-input when a table would outgrow the budget") {
  std::mt19937_64 rng(7);
  const std::vector<Row> rows = random_rows(rng, 200000, 1000000);
  std::uint64_t deferred = 0;
  (void)run(rows, true, 86400, std::uint64_t{5} << 20, &deferred);
  CHECK(deferred > 0);
  CHECK(deferred < rows.size());
  Tracker t(true, 86400, std::uint64_t{5} << 20);
  CHECK(t.memory_bytes() == 0);
}

TEST_CASE("spill files give back what was put, and say where a record is cut") {
  SpillFile f;
  std::string big(100000, 'x');
  for (std::uint64_t i = 0; i < 5000; ++i) {
    f.put_u64(i);
    f.put_str(i % 1000 == 0 ? big : std::to_string(i));
  }
  f.rewind();
  std::uint64_t v = 0;
  std::string s;
  for (std::uint64_t i = 0; i < 5000; ++i) {
    REQUIRE(f.get_u64(v));
    REQUIRE(f.get_str(s));
    CHECK(v == i);
    CHECK(s == (i % 1000 == 0 ? big : std::to_string(i)));
  }
  CHECK_FALSE(f.get_u64(v));

  SpillFile cut;
  cut.put("abc", 3);
  cut.rewind();
  CHECK_THROWS_AS(cut.get_u64(v), fbkit::IoError);
}

TEST_CASE("the too_fast threshold from a file of durations is the in-memory one") {
  using fbkit::clean::Durations;
  using fbkit::clean::too_fast_threshold;
  std::mt19937_64 rng(42);
  int on_disk = 0;
  for (int set = 0; set < 300; ++set) {
    const std::size_t n = 1 + rng() % 3000;
    std::vector<double> d(n);
    const int kind = set % 3;
    for (double& x : d) {
      // seconds with ties; fractions; a long tail of slow answers
      x = kind == 0   ? static_cast<double>(rng() % 400)
          : kind == 1 ? static_cast<double>(rng() % 100000) / 97.0
                      : std::exp(static_cast<double>(rng() % 1000) / 110.0);
    }
    const double floor = static_cast<double>(rng() % 60);
    const double fraction = static_cast<double>(1 + rng() % 9) / 10.0;
    const auto expected = too_fast_threshold(d, floor, fraction, floor);
    Durations small(1 + rng() % 64);
    for (const double x : d) {
      small.add(x);
    }
    on_disk += small.on_disk() ? 1 : 0;
    INFO("set " << set << ", n " << n << ", floor " << floor << ", fraction " << fraction);
    const auto got = small.threshold(floor, fraction);
    CHECK(got.first == expected.first);
    CHECK(got.second == expected.second);
  }
  CHECK(on_disk > 250);
}
