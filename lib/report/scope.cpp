#include "report/scope.hpp"

#include <fmt/core.h>

#include <memory>
#include <set>

#include "config/config.hpp"
#include "core/error.hpp"
#include "core/strings.hpp"
#include "report/context.hpp"
#include "report/layout.hpp"
#include "stats/settings.hpp"

namespace fbkit::report {

std::vector<stats::Filter> parse_where(const std::vector<std::string>& where) {
  std::vector<stats::Filter> out;
  out.reserve(where.size());
  for (const std::string& w : where) {
    out.push_back(stats::parse_filter(w));
  }
  return out;
}

void resolve_names(const stats::Labels& labels, std::vector<std::string>& where, std::string& by) {
  for (std::string& w : where) {
    w = stats::filter_text(labels.resolve(stats::parse_filter(w)));
  }
  if (!by.empty()) {
    by = labels.resolve_column(by, "--by");
  }
}

void scope_queries(std::vector<Query>& queries, const std::vector<std::string>& where) {
  for (Query& q : queries) {
    q.scope = where;
  }
}

void warn_where(const Options& options, const stats::Aggregator& scoped) {
  if (options.warn) {
    for (const std::string& w : scoped.watch().where_warnings(options.where.size())) {
      options.warn(w);
    }
  }
}

ScopedRows::ScopedRows(const std::vector<std::string>& where, std::vector<stats::RecordVisitor*> rows)
    : m_filters(parse_where(where)), m_rows(std::move(rows)) {}

void ScopedRows::begin_input(const csv::Reader& reader) {
  m_columns.clear();
  for (const stats::Filter& f : m_filters) {
    const auto c = reader.column(f.column);
    m_columns.push_back(c ? static_cast<std::ptrdiff_t>(*c) : -1);
  }
  for (stats::RecordVisitor* r : m_rows) {
    r->begin_input(reader);
  }
}

void ScopedRows::add(const csv::Reader& reader, const csv::Record& record) {
  for (std::size_t i = 0; i < m_filters.size(); ++i) {
    if (m_columns[i] < 0 || !stats::holds(m_filters[i], record[static_cast<std::size_t>(m_columns[i])])) {
      return;
    }
  }
  for (stats::RecordVisitor* r : m_rows) {
    r->add(reader, record);
  }
}

std::vector<std::string> by_values(const Options& options, const std::string& column,
                                   std::vector<std::string>& warnings) {
  const config::Store store(options.config_dir);
  std::unique_ptr<StdinSpool> spool;
  const Context ctx = open_inputs(options.inputs, stats::load_settings(store.get("stats.yaml")), spool);
  if (!ctx.has(column)) {
    throw UsageError("--by: no column '" + column + "' in " + input_name(ctx.named.front()));
  }
  const Period period = periods_of(options.period, choose_as_of(options.as_of), 1).current;
  const std::vector<stats::Filter> filters = parse_where(options.where);
  std::set<std::string> values;
  stats::ValueWatch watch(filters, {});
  for (const std::string& path : ctx.inputs) {
    FileSource src(path);
    csv::Reader reader(src);
    watch.bind(reader.read_header());
    const auto c = reader.column(column);
    const auto r = reader.column("received_at");
    std::vector<std::optional<std::size_t>> fc;
    for (const stats::Filter& f : filters) {
      fc.push_back(reader.column(f.column));
    }
    csv::Record rec;
    while (c && r && reader.next(rec)) {
      watch.add(rec);
      const auto when = stats::parse_seconds(rec[*r]);
      bool in = when && *when >= period.from && *when <= period.to && !rec[*c].empty();
      for (std::size_t i = 0; in && i < filters.size(); ++i) {
        in = fc[i] && stats::holds(filters[i], rec[*fc[i]]);
      }
      if (in) {
        values.emplace(rec[*c]);
      }
    }
  }
  const std::vector<std::string> unmatched = watch.where_warnings();
  warnings.insert(warnings.end(), unmatched.begin(), unmatched.end());
  std::vector<std::string> out;
  for (const std::string& v : values) {
    if (v.find(',') != std::string::npos || v.front() == ' ' || v.back() == ' ') {
      warnings.push_back(
          fmt::format("--by {}: '{}' cannot be named by --where (a comma or spaces at an end): no report", column, v));
    } else {
      out.push_back(v);
    }
  }
  return out;
}

namespace {

// Where the extension of a file name starts (its dot), npos for none: a dot in a
// folder's name or leading the file's name (.md, a hidden file) starts none.
std::size_t extension_dot(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  const std::size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash) ||
      dot == (slash == std::string::npos ? 0 : slash + 1)) {
    return std::string::npos;
  }
  return dot;
}

}  // namespace

std::string by_path(const std::string& output, const std::string& value) {
  std::string safe;
  for (const char ch : value) {
    const auto u = static_cast<unsigned char>(ch);
    safe += ch == '/' || ch == '\\' || u < 0x20 || u == 0x7f || (safe.empty() && ch == '.') ? '_' : ch;
  }
  const std::size_t dot = extension_dot(output);
  if (dot == std::string::npos) {
    return output + "." + safe;
  }
  return output.substr(0, dot) + "." + safe + output.substr(dot);
}

bool is_format(std::string_view name) {
  return name == "html" || name == "md" || name == "json" || name == "xlsx";
}

std::string output_format(const std::string& format, const std::string& output) {
  if (!format.empty()) {
    std::string f = ascii_lower(format);  // --format MD as .MD
    if (!is_format(f)) {
      throw UsageError("--format: expected html, md, json or xlsx, not '" + format + "'");
    }
    return f;
  }
  const std::size_t dot = extension_dot(output);
  if (dot == std::string::npos) {
    return "html";  // also "-", standard output
  }
  const std::string ext = ascii_lower(std::string_view(output).substr(dot + 1));
  if (ext == "md" || ext == "markdown") {
    return "md";
  }
  return ext == "json" || ext == "xlsx" ? ext : "html";
}

void write_report(const Built& built, const std::string& format, ByteSink& out) {
  const Json& model = built.model;
  if (format == "xlsx") {
    render::write_xlsx(to_xlsx(model, &built.detail), out);
    return;
  }
  const std::string text = format == "html" ? to_html(model)
                           : format == "md" ? to_markdown(model)
                                            : model.dump(2) + "\n";
  out.write(text.data(), text.size());
}

std::string missed_targets(const std::vector<std::string>& breaches) {
  std::string line = std::to_string(breaches.size()) + (breaches.size() == 1 ? " target" : " targets") + " missed: ";
  for (std::size_t i = 0; i < breaches.size(); ++i) {
    line += (i == 0 ? "" : "; ") + breaches[i];
  }
  return line;
}

}  // namespace fbkit::report
