// Overdue items one by one, with the definition of the `overdue` metric: the
// count of stats and the list of the oldest that the report shows are the same
// items.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fbkit::stats {

// The due time of an item that is overdue at `as_of`: status not_started or
// in_progress and a due_at (canonical datetime) before as_of; nullopt otherwise.
std::optional<std::int64_t> overdue_due(std::string_view status, std::string_view due_at, std::int64_t as_of);

// One overdue item as read from its row.
struct OverdueItem {
  std::int64_t due = 0;
  std::string feedback_id, department, received_at, text;
};

// The `limit` oldest overdue items (earliest due first, equal due times in the
// order they were added) and how many were added.
class OldestOverdue {
public:
  explicit OldestOverdue(std::size_t limit) : m_limit(limit) {}
  void add(OverdueItem item);
  std::int64_t count() const { return m_count; }
  const std::vector<OverdueItem>& oldest() const { return m_items; }

private:
  std::size_t m_limit;
  std::int64_t m_count = 0;
  std::vector<OverdueItem> m_items;
};

}  // namespace fbkit::stats
