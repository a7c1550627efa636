#include "report/detail.hpp"

#include <algorithm>

#include "core/schema.hpp"
#include "report/rows.hpp"
#include "stats/period.hpp"
#include "values/canonical.hpp"

namespace fbkit::report {

namespace {

constexpr std::size_t kMaxCell = 32767;  // Excel's limit of a cell's characters

}  // namespace

double excel_serial(std::int64_t seconds) {
  return 25569.0 + static_cast<double>(seconds) / 86400.0;  // 25569: 1970-01-01
}

DetailRows::DetailRows(const Period& period, bool enabled) : m_period(period), m_enabled(enabled) {}

void DetailRows::begin_input(const csv::Reader& reader) {
  if (!m_enabled) {
    return;
  }
  const std::vector<std::string>& header = reader.header();
  if (m_names.empty()) {
    // The canonical columns and classify's, in canonical order; provenance and others left out.
    const std::vector<std::string>& added = schema::classify_columns();
    for (const std::string& h : header) {
      if (schema::find(h) != nullptr || std::find(added.begin(), added.end(), h) != added.end()) {
        m_names.push_back(h);
      }
    }
    std::stable_sort(m_names.begin(), m_names.end(), [](const std::string& a, const std::string& b) {
      return schema::canonical_rank(a) < schema::canonical_rank(b);
    });
    for (const std::string& n : m_names) {
      const schema::Column* c = schema::find(n);
      const bool time = (c != nullptr && c->type == schema::Type::datetime) || n == "sla_due_at";
      const bool number = c != nullptr && (c->type == schema::Type::score || c->type == schema::Type::decimal ||
                                           c->type == schema::Type::number);
      m_time.push_back(time);
      m_number.push_back(number);
      m_table.columns.push_back({n,
                                 time     ? render::XlsxType::date
                                 : number ? render::XlsxType::number
                                          : render::XlsxType::text,
                                 number ? 2 : 0, render::in_xlsx});
    }
  }
  m_from.clear();
  for (const std::string& n : m_names) {
    const auto c = reader.column(n);
    m_from.push_back(c ? static_cast<std::ptrdiff_t>(*c) : -1);
  }
  const auto r = reader.column("received_at");
  m_received = r ? static_cast<std::ptrdiff_t>(*r) : -1;
}

void DetailRows::add(const csv::Reader&, const csv::Record& rec) {
  if (!m_enabled || m_received < 0) {
    return;
  }
  const auto when = stats::parse_seconds(rec[static_cast<std::size_t>(m_received)]);
  if (!when || *when < m_period.from || *when > m_period.to) {
    return;
  }
  std::vector<render::Cell> row;
  row.reserve(m_names.size());
  for (std::size_t i = 0; i < m_names.size(); ++i) {
    const std::string_view v = m_from[i] < 0 ? std::string_view() : rec[static_cast<std::size_t>(m_from[i])];
    double d = 0;
    if (v.empty()) {
      row.emplace_back(render::XlsxValue{});
    } else if (const auto t = m_time[i] ? stats::parse_seconds(v) : std::nullopt) {
      row.emplace_back(render::XlsxValue{excel_serial(*t)});
    } else if (m_number[i] && values::parse_decimal(v, d)) {
      row.emplace_back(render::XlsxValue{d});
    } else {
      // Masked as every customer text the report shows (rows.hpp), also when clean was skipped.
      row.emplace_back(shown_text(v, kMaxCell));
    }
  }
  m_table.rows.push_back(std::move(row));
}

render::Table DetailRows::take() {
  m_table.shown = render::in_xlsx;
  return std::move(m_table);
}

}  // namespace fbkit::report
