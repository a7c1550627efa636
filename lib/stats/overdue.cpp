#include "stats/overdue.hpp"

#include <algorithm>

#include "stats/period.hpp"

namespace fbkit::stats {

std::optional<std::int64_t> overdue_due(std::string_view status, std::string_view due_at, std::int64_t as_of) {
  if (status != "not_started" && status != "in_progress") {
    return std::nullopt;
  }
  const auto due = parse_seconds(due_at);
  if (!due || *due >= as_of) {
    return std::nullopt;
  }
  return due;
}

void OldestOverdue::add(OverdueItem item) {
  ++m_count;
  if (m_items.size() == m_limit && (m_limit == 0 || item.due >= m_items.back().due)) {
    return;  // not among the oldest
  }
  const auto at = std::upper_bound(m_items.begin(), m_items.end(), item.due,
                                   [](std::int64_t due, const OverdueItem& x) { return due < x.due; });
  m_items.insert(at, std::move(item));
  if (m_items.size() > m_limit) {
    m_items.pop_back();
  }
}

}  // namespace fbkit::stats
