#include "stats/options.hpp"

#include <algorithm>
#include <optional>

#include "core/error.hpp"
#include "stats/period.hpp"
#include "stats/stats.hpp"

namespace fbkit::stats {

namespace {

std::optional<std::int64_t> bound(const char* option, const std::string& value, bool end_of_day) {
  if (value.empty()) {
    return std::nullopt;
  }
  const auto t = parse_bound(value, end_of_day);
  if (!t) {
    throw UsageError(std::string(option) + ": '" + value + "' is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)");
  }
  return t;
}

// --by, --period, --from, --to, --where, --metrics, --as-of (names and values
// given as labels resolved).
Query plan_query(const Options& o, const Labels& labels) {
  Query query;
  for (const std::string& b : split_list(o.by)) {
    query.by.push_back(labels.resolve_column(b, "--by"));
  }
  if (!o.period.empty()) {
    const auto kind = parse_period_kind(o.period);
    if (!kind) {
      throw UsageError("--period: unknown period '" + o.period + "' (day, week, month, quarter, year)");
    }
    query.period = *kind;
  }
  query.from = bound("--from", o.from, false);
  query.to = bound("--to", o.to, true);
  if (query.from && query.to && *query.from > *query.to) {
    throw UsageError("--from " + o.from + " is after --to " + o.to);
  }
  for (const std::string& w : o.where) {
    query.where.push_back(labels.resolve(parse_filter(w)));
  }
  if (!o.metrics.empty()) {
    query.metrics = parse_metric_list(labels.resolve_metrics(o.metrics));
  }
  const bool complaints =
      std::find(query.metrics.begin(), query.metrics.end(), Metric::complaints) != query.metrics.end();
  if (complaints && o.volumes.empty()) {
    throw UsageError("--metrics complaints: needs --volumes FILE (order volumes per period)");
  }
  if (!o.as_of.empty()) {
    query.as_of = *bound("--as-of", o.as_of, false);
  } else {
    query.as_of = local_now();
  }
  query.terms = o.view.terms_top > 0;
  return query;
}

// --partial and --merge against the options they fix or leave to the other step.
void check_shards(const Options& o, const Plan& p) {
  if (o.partial && o.merge) {
    throw UsageError("--partial and --merge exclude each other (merge the parts, then compute)");
  }
  if (o.partial) {
    if (o.as_of.empty()) {
      throw UsageError("--partial needs --as-of, so that every shard counts overdue items at the same time");
    }
    if (!p.alerts.empty() || o.view.compare || o.view.top > 0 || o.view.pareto || !o.rank.empty() ||
        !o.volumes.empty() || o.format != "csv" || o.precision >= 0 || o.no_ci) {
      throw UsageError(
          "--partial writes a state, not a table: give --format, --fail-on, --compare, --top, --pareto, "
          "--rank, --volumes, --precision and --no-ci to the --merge step");
    }
  }
  if (o.merge && (!p.query.by.empty() || !o.period.empty() || !o.from.empty() || !o.to.empty() || !o.where.empty() ||
                  !o.metrics.empty() || !o.as_of.empty())) {
    throw UsageError(
        "--merge: --by, --period, --from, --to, --where, --metrics and --as-of were fixed by the "
        "--partial step and cannot change here");
  }
}

}  // namespace

std::vector<std::string> split_list(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const std::string& item : items) {
    for (std::size_t i = 0; i <= item.size();) {
      const std::size_t j = std::min(item.find(',', i), item.size());
      if (j > i) {
        out.push_back(item.substr(i, j - i));
      }
      i = j + 1;
    }
  }
  return out;
}

Plan plan(const Options& o, const Labels& labels) {
  if (!o.lang.empty() && o.lang != "auto" && o.lang != "zh" && o.lang != "en") {
    throw UsageError("--lang: expected auto, zh or en, not '" + o.lang + "'");
  }
  const auto format = parse_format(o.format);
  if (!format) {
    throw UsageError("--format: unknown format '" + o.format + "' (csv, tsv, json, md, table, xtab)");
  }
  if (o.lang == "auto" && o.merge && shows_labels(*format)) {
    throw UsageError("--lang auto reads the rows' text, which partial states do not keep: with --merge, name zh or en");
  }
  Plan p;
  p.format = *format;
  p.query = plan_query(o, labels);
  for (const std::string& a : o.fail_on) {
    p.alerts.push_back(parse_alert(a));
    p.alerts.back().metric = labels.resolve_column(p.alerts.back().metric, "--fail-on '" + a + "'");
  }
  p.view = o.view;
  p.view.intervals = !o.no_ci;
  if (!o.fdr_family.empty()) {
    p.view.fdr_family = parse_fdr_family(o.fdr_family);
  }
  if (!o.rank.empty()) {
    const std::size_t colon = o.rank.rfind(':');
    p.view.rank = o.rank;
    if (colon != std::string::npos) {
      const std::string dir = o.rank.substr(colon + 1);
      if (dir != "asc" && dir != "desc") {
        throw UsageError("--rank '" + o.rank + "': the order after ':' is asc or desc");
      }
      p.view.rank = o.rank.substr(0, colon);
      p.view.rank_ascending = dir == "asc";
    }
    p.view.rank = labels.resolve_column(p.view.rank, "--rank");
  }
  if (!o.volumes.empty()) {
    p.view.volumes = o.volumes;
  }
  check_shards(o, p);
  return p;
}

}  // namespace fbkit::stats
