// A report of some rows (--where COL=V, stats' syntax and meaning) and one
// report per value of a column (--by COL): the filters every query and the
// row scan share, the values a --by run reports, and the file of each.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/io.hpp"
#include "report/query.hpp"
#include "report/report.hpp"
#include "stats/batch.hpp"
#include "stats/labels.hpp"
#include "stats/spec.hpp"

namespace fbkit::report {

// Parses every --where condition (stats::parse_filter); UsageError for a bad one.
std::vector<stats::Filter> parse_where(const std::vector<std::string>& where);

// --where and --by with their column names and values given as labels
// (stats::Labels: 渠道=电话 -> channel=phone) rewritten to the canonical ones;
// UsageError for a bad or ambiguous condition.
void resolve_names(const stats::Labels& labels, std::vector<std::string>& where, std::string& by);

// Adds the report's --where conditions to every query (and to its stats arguments).
void scope_queries(std::vector<Query>& queries, const std::vector<std::string>& where);

// Hands options.warn each --where value no row of the inputs has, naming the
// values its column has (stats::ValueWatch of a query carrying the conditions first).
void warn_where(const Options& options, const stats::Aggregator& scoped);

// Hands on to each of `rows` only the records that pass every condition.
class ScopedRows final : public stats::RecordVisitor {
public:
  ScopedRows(const std::vector<std::string>& where, std::vector<stats::RecordVisitor*> rows);
  void begin_input(const csv::Reader& reader) override;
  void add(const csv::Reader& reader, const csv::Record& record) override;

private:
  std::vector<stats::Filter> m_filters;
  std::vector<std::ptrdiff_t> m_columns;  // per filter, in the current input (-1: absent, never passes)
  std::vector<stats::RecordVisitor*> m_rows;
};

// --by: the values of `column` among the rows of the period the report would
// choose (the --where conditions applied), sorted, blank left out. Reads the
// inputs (files, not standard input) once more. A value a --where condition
// cannot name (a comma, spaces at an end) gets no report but a warning, and
// so does a --where value no row has (with the values its column has).
// UsageError when the inputs have no such column.
std::vector<std::string> by_values(const Options& options, const std::string& column,
                                   std::vector<std::string>& warnings);

// The file of one --by report: the value before the output's extension
// (report.html -> report.售后服务部.html; no extension: appended). A value's
// '/', '\', control characters and a leading '.' become '_'.
std::string by_path(const std::string& output, const std::string& value);

// Whether `name` is a form of the report: html, md, json or xlsx.
bool is_format(std::string_view name);

// The form of the report: `format` when given (html, md, json or xlsx in any
// case, else UsageError), else the one `output`'s extension asks for (as
// by_path() finds it): md for .md and .markdown, json for .json, xlsx for .xlsx
// (any case), else html (also for "-", standard output).
std::string output_format(const std::string& format, const std::string& output);

// The report in a form: html, md, json or xlsx.
void write_report(const Built& built, const std::string& format, ByteSink& out);

// "2 targets missed: csat 70.2% < 90.0%; ..." for the alert line of fbkit
// report and fbkit run; breaches: Built::breaches, not empty.
std::string missed_targets(const std::vector<std::string>& breaches);

}  // namespace fbkit::report
