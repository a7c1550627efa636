#include <doctest/doctest.h>

#include "core/error.hpp"
#include "stats/options.hpp"

using fbkit::UsageError;
using fbkit::stats::Options;
using fbkit::stats::plan;

TEST_CASE("stats::plan turns the options as typed into a query and a view") {
  Options o;
  o.by = {"channel,agent_id", "category"};
  o.period = "month";
  o.rank = "csat:asc";
  o.as_of = "2025-03-01";
  o.no_ci = true;
  o.format = "md";
  const auto p = plan(o);
  CHECK(p.query.by == std::vector<std::string>{"channel", "agent_id", "category"});
  CHECK(p.view.rank == "csat");
  CHECK(p.view.rank_ascending);
  CHECK_FALSE(p.view.intervals);
  CHECK(p.format == fbkit::stats::Format::md);
  CHECK(p.query.as_of == 1740787200);
}

TEST_CASE("stats::plan refuses bad options and combinations, naming the option") {
  const auto refuses = [](Options o, const std::string& message) {
    CHECK_THROWS_WITH_AS(plan(o), message.c_str(), UsageError);
  };
  Options o;
  o.lang = "fr";
  refuses(o, "--lang: expected auto, zh or en, not 'fr'");
  o = {};
  o.lang = "auto";
  o.merge = true;
  o.format = "table";
  refuses(o, "--lang auto reads the rows' text, which partial states do not keep: with --merge, name zh or en");
  o.format = "csv";  // csv shows no labels: auto is not used
  CHECK_NOTHROW(plan(o));
  o = {};
  o.rank = "csat:up";
  refuses(o, "--rank 'csat:up': the order after ':' is asc or desc");
  o = {};
  o.partial = o.merge = true;
  refuses(o, "--partial and --merge exclude each other (merge the parts, then compute)");
  o = {};
  o.partial = true;
  refuses(o, "--partial needs --as-of, so that every shard counts overdue items at the same time");
  o = {};
  o.merge = true;
  o.by = {"channel"};
  refuses(o,
          "--merge: --by, --period, --from, --to, --where, --metrics and --as-of were fixed by the --partial step and "
          "cannot change here");
  o = {};
  o.from = "2025-02-01";
  o.to = "2025-01-01";
  refuses(o, "--from 2025-02-01 is after --to 2025-01-01");
}
