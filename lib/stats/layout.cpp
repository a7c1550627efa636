// Fixes what is aggregated from the query and the first input's header.
#include <fmt/core.h>

#include <algorithm>

#include "core/schema.hpp"
#include "core/strings.hpp"
#include "stats/aggregate.hpp"
#include "stats/state.hpp"

namespace fbkit::stats {

bool Layout::has(Metric m) const {
  return std::find(metrics.begin(), metrics.end(), m) != metrics.end();
}

std::vector<std::string> Layout::key_columns() const {
  std::vector<std::string> out = query.by;
  if (query.period != PeriodKind::none) {
    out.emplace_back("period");
  }
  return out;
}

std::string Layout::describe() const {
  std::string out = "by";
  for (const std::string& b : query.by) {
    out += '\t' + escape_text(b);
  }
  out += fmt::format("\nperiod\t{}\n", period_kind_name(query.period));
  out += "from\t" + (query.from ? std::to_string(*query.from) : std::string("-")) + "\n";
  out += "to\t" + (query.to ? std::to_string(*query.to) : std::string("-")) + "\n";
  for (const Filter& f : query.where) {
    out += "where\t" + escape_text(f.text) + "\n";
  }
  out += fmt::format("as_of\t{}\nterms\t{}\nmetrics", query.as_of, query.terms ? 1 : 0);
  for (const Metric m : metrics) {
    out += '\t';
    out += metric_name(m);
  }
  out += "\nscores";
  for (const std::string& s : scores) {
    out += '\t' + escape_text(s);
  }
  out += fmt::format("\ncategory\t{}\nfcr", has_category ? 1 : 0);
  for (const std::string& s : fcr_column) {
    out += '\t' + escape_text(s);
  }
  out += '\n';
  return out;
}

namespace {

// The --by columns must differ and not be called "period" when --period adds that column.
void check_by(const Query& query) {
  for (std::size_t i = 0; i < query.by.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (query.by[i] == query.by[j]) {
        throw UsageError("--by: column '" + query.by[i] + "' named twice");
      }
    }
    if (query.by[i] == "period" && query.period != PeriodKind::none) {
      throw UsageError("--by: 'period' is the name of the --period column; rename the input column");
    }
  }
}

// The columns metric m needs that the input lacks ("" when it has them).
template <typename Index>
std::string metric_needs(Metric m, const Layout& layout, const Index& index) {
  const bool overall = index("score_overall") >= 0;
  const bool status = index("status") >= 0;
  const bool resolved = index("resolved_at") >= 0;
  const bool followup = index("followup_score") >= 0 || index("followup_text") >= 0 || index("contact_method") >= 0;
  switch (m) {
    case Metric::mean:
      return layout.scores.empty() ? "a score_<name> column" : "";
    case Metric::dist:
    case Metric::csat:
    case Metric::low:
      return overall ? "" : "column score_overall";
    case Metric::nps:
      return index("nps_score") >= 0 ? "" : "column nps_score";
    case Metric::closure:
    case Metric::open:
      return status ? "" : "column status";
    case Metric::overdue:
      return status && index("due_at") >= 0 ? "" : "columns status and due_at";
    case Metric::resolution:
      return index("received_at") >= 0 && resolved ? "" : "columns received_at and resolved_at";
    case Metric::sla:
      return resolved && (index("sla_due_at") >= 0 || index("due_at") >= 0)
                 ? ""
                 : "column resolved_at and sla_due_at or due_at";
    case Metric::revisit:
      return (status || resolved) && followup
                 ? ""
                 : "column status or resolved_at, and followup_score, followup_text or contact_method";
    case Metric::second:
      return index("followup_score") >= 0 || index("followup_text") >= 0 ? ""
                                                                         : "column followup_score or followup_text";
    case Metric::fcr:
      return layout.fcr_column.empty() ? "a first-contact column (stats.yaml fcr.columns)" : "";
    default:
      return "";
  }
}

}  // namespace

Layout make_layout(const Query& query, const Settings& settings, const std::vector<std::string>& header,
                   const std::string& name) {
  const auto index = [&](std::string_view column) {
    const auto it = std::find(header.begin(), header.end(), column);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
  };
  Layout layout;
  layout.query = query;
  check_by(query);
  if (index("score_overall") >= 0) {
    layout.scores.emplace_back("score_overall");
  }
  for (const std::string& h : header) {
    if (h != "score_overall" && schema::is_score(h) &&
        std::find(layout.scores.begin(), layout.scores.end(), h) == layout.scores.end()) {
      layout.scores.push_back(h);
    }
  }
  for (const std::string& c : settings.fcr_columns) {
    if (layout.fcr_column.empty() && index(c) >= 0) {
      layout.fcr_column.push_back(c);
    }
  }
  layout.has_category = index("category") >= 0;
  for (std::size_t i = 0; i < kMetricCount; ++i) {
    const auto m = static_cast<Metric>(i);
    const bool asked = std::find(query.metrics.begin(), query.metrics.end(), m) != query.metrics.end();
    const std::string need = metric_needs(m, layout, index);
    if (asked && !need.empty()) {
      throw UsageError(fmt::format("--metrics {}: needs {}, which {} lacks", metric_name(m), need, name));
    }
    const bool by_default = m != Metric::dist && need.empty();
    if (asked || (query.metrics.empty() && by_default) || m == Metric::complaints) {
      layout.metrics.push_back(m);
    }
  }
  return layout;
}

}  // namespace fbkit::stats
