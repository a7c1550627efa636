#include "report/query.hpp"

#include <cmath>

namespace fbkit::report {

namespace {

std::string joined(const std::vector<std::string>& list) {
  std::string out;
  for (const std::string& s : list) {
    out += out.empty() ? "" : ",";
    out += s;
  }
  return out;
}

stats::Query stats_query(const Query& q, std::int64_t as_of) {
  stats::Query sq;
  sq.by = q.by;
  sq.period = q.period;
  sq.from = q.from;
  sq.to = q.to;
  sq.metrics = q.metrics;
  sq.as_of = as_of;
  for (const std::string& w : q.scope) {
    sq.where.push_back(stats::parse_filter(w));
  }
  if (!q.where.empty()) {
    sq.where.push_back(stats::parse_filter(q.where));
  }
  for (const std::string& w : q.and_where) {
    sq.where.push_back(stats::parse_filter(w));
  }
  return sq;
}

}  // namespace

Json query_args(const Query& q, std::int64_t as_of) {
  Json args = Json::array();
  auto add = [&](const char* option, const std::string& value) {
    args.push_back(option);
    args.push_back(value);
  };
  if (!q.by.empty()) {
    add("--by", joined(q.by));
  }
  if (q.period != stats::PeriodKind::none) {
    add("--period", std::string(stats::period_kind_name(q.period)));
  }
  if (q.from) {
    add("--from", stats::format_seconds(*q.from));
  }
  if (q.to) {
    add("--to", stats::format_seconds(*q.to));
  }
  for (const std::string& w : q.scope) {
    add("--where", w);
  }
  if (!q.where.empty()) {
    add("--where", q.where);
  }
  for (const std::string& w : q.and_where) {
    add("--where", w);
  }
  if (!q.metrics.empty()) {
    std::vector<std::string> names;
    for (const stats::Metric m : q.metrics) {
      names.emplace_back(stats::metric_name(m));
    }
    add("--metrics", joined(names));
  }
  add("--as-of", stats::format_seconds(as_of));
  if (q.compare) {
    args.push_back("--compare");
  }
  if (q.family_per_period) {
    add("--fdr-family", "period");
  }
  if (!q.rank.empty()) {
    add("--rank", q.rank);
  }
  if (q.min_n >= 0) {
    add("--min-n", std::to_string(q.min_n));
  }
  if (!q.volumes.empty()) {
    add("--volumes", q.volumes);
  }
  return args;
}

namespace {

// Each query's --volumes, read and checked before its answer is computed.
std::vector<std::optional<stats::Volumes>> volumes_of(const std::vector<Query>& queries, std::int64_t as_of) {
  std::vector<std::optional<stats::Volumes>> volumes(queries.size());
  for (std::size_t i = 0; i < queries.size(); ++i) {
    if (!queries[i].volumes.empty()) {
      volumes[i] = stats::load_volumes(queries[i].volumes, stats_query(queries[i], as_of));
    }
  }
  return volumes;
}

std::vector<Answer> compute_all(const Context& ctx, const std::vector<Query>& queries,
                                std::vector<stats::Aggregator> aggs,
                                const std::vector<std::optional<stats::Volumes>>& volumes) {
  std::vector<Answer> out;
  for (std::size_t i = 0; i < queries.size(); ++i) {
    const Query& q = queries[i];
    stats::View v;
    v.compare = q.compare;
    if (q.family_per_period) {
      v.fdr_family = stats::FdrFamily::period;
    }
    v.rank = q.rank;
    v.min_n = q.min_n;
    const stats::Result r = stats::compute(aggs[i], v, volumes[i] ? &*volumes[i] : nullptr);
    Json block = Json::object();
    block["args"] = query_args(q, ctx.as_of);
    block["metrics"] = table_json(r.metrics);
    if (r.changes) {
      block["changes"] = table_json(*r.changes);
    }
    out.push_back(Answer{std::move(aggs[i]), std::move(block)});
  }
  return out;
}

}  // namespace

std::vector<Answer> run_queries(const Context& ctx, const std::vector<Query>& queries, stats::RecordVisitor* rows) {
  std::vector<stats::Query> sq;
  for (const Query& q : queries) {
    sq.push_back(stats_query(q, ctx.as_of));
  }
  const auto volumes = volumes_of(queries, ctx.as_of);  // before the inputs: a bad file stops the run first
  return compute_all(ctx, queries, stats::aggregate_each(sq, ctx.settings, ctx.inputs, rows), volumes);
}

std::vector<stats::Aggregator> new_aggregators(const Context& ctx, const std::vector<Query>& queries) {
  std::vector<stats::Aggregator> aggs;
  aggs.reserve(queries.size());
  for (const Query& q : queries) {
    aggs.emplace_back(stats_query(q, ctx.as_of), ctx.settings);
  }
  return aggs;
}

std::vector<Answer> answers_of(const Context& ctx, const std::vector<Query>& queries,
                               std::vector<stats::Aggregator> aggs) {
  return compute_all(ctx, queries, std::move(aggs), volumes_of(queries, ctx.as_of));
}

Json cell_json(const stats::Cell& c) {
  if (const auto* i = std::get_if<std::int64_t>(&c)) {
    return *i;
  }
  if (const auto* v = std::get_if<double>(&c)) {
    return *v;
  }
  if (const auto* s = std::get_if<std::string>(&c)) {
    return *s;
  }
  if (const auto* b = std::get_if<bool>(&c)) {
    return *b;
  }
  return nullptr;
}

Json table_json(const stats::Table& t) {
  Json rows = Json::array();
  for (const auto& row : t.rows) {
    Json r = Json::object();
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      r[t.columns[c].name] = cell_json(row[c]);
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

const Json* find_row(const Json& rows, const std::string& column, const std::string& value) {
  for (const Json& r : rows) {
    if (r.contains(column) && r[column].is_string() && r[column].get<std::string>() == value) {
      return &r;
    }
  }
  return nullptr;
}

double number(const Json* row, const std::string& column) {
  if (row == nullptr || !row->contains(column) || !(*row)[column].is_number()) {
    return std::nan("");
  }
  return (*row)[column].get<double>();
}

Json value_or_null(const Json* row, const std::string& column) {
  return row != nullptr && row->contains(column) ? (*row)[column] : Json(nullptr);
}

const Json* find_change(const Json& changes, const std::string& metric, const std::string& basis,
                        const std::string& period) {
  for (const Json& r : changes) {
    if (r.value("metric", "") == metric && r.value("basis", "") == basis && r.value("period", "") == period) {
      return &r;
    }
  }
  return nullptr;
}

}  // namespace fbkit::report
