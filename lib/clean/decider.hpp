// The decisions of clean that need the rows before (duplicate, repeated,
// too_fast), and the spill record of a row whose decision waits for the end
// of the input.
#pragma once

#include <fmt/core.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clean/layout.hpp"
#include "clean/row.hpp"
#include "clean/tracker.hpp"

namespace fbkit::clean {

// The decisions that need the rows before: duplicate, repeated, too_fast.
// Runs in input order on one thread at a time. Once the tracker spills, a
// row's decision waits for the end of the input (decide() gives nullopt) and
// finish() makes it from the tracker's answer and what the caller kept.
class Decider {
public:
  Decider(const Rules& rules, const Layout& layout)
      : m_layout(layout),
        m_tracker(rules.duplicates,
                  rules.repeated ? static_cast<std::int64_t>(std::llround(rules.repeated_window_hours * 3600)) : -1,
                  rules.memory_bytes) {}

  void set_too_fast(std::optional<double> below) { m_too_fast_below = below; }
  Tracker& tracker() { return m_tracker; }

  // Brings the tracker's slots for a row about to be decided into the cache.
  void prefetch(const RowOut& r) const { m_tracker.prefetch(r.dup, r.has_repeat_key ? &r.repeat : nullptr); }

  // The row's reason (none: kept) and its detail, or nullopt when deferred;
  // `name` is the input's, for rows without a feedback_id.
  std::optional<Reason> decide(const RowOut& r, const std::string& name, std::string& detail) {
    RowKeys k;
    k.dup = r.dup;
    k.local_removed = r.local != Reason::none;
    k.has_repeat_key = r.has_repeat_key;
    k.repeat = r.repeat;
    k.when = r.when;
    if (m_layout.id >= 0 && !r.fields[static_cast<std::size_t>(m_layout.id)].empty()) {
      k.ref = r.fields[static_cast<std::size_t>(m_layout.id)];
    } else {
      m_where = fmt::format("{}:{}", name, r.line);
      k.ref = m_where;
    }
    const std::optional<Seen> seen = m_tracker.see(k);
    if (!seen) {
      return std::nullopt;
    }
    return finish(*seen, r.local, r.detail, r.duration, detail);
  }

  // The reason of a row from the tracker's answer and its own rules' verdict.
  Reason finish(const Seen& seen, Reason local, const std::string& local_detail, std::optional<double> duration,
                std::string& detail) const {
    if (seen.kind == Seen::duplicate) {
      detail = fmt::format("same as {}", seen.ref);
      return Reason::duplicate;
    }
    if (local != Reason::none) {
      detail = local_detail;
      return local;
    }
    if (seen.kind == Seen::repeated) {
      detail = fmt::format("same customer and text as {}, {} h apart", seen.ref,
                           format_number(static_cast<double>(seen.seconds) / 3600));
      return Reason::repeated;
    }
    if (m_too_fast_below && duration && *duration < *m_too_fast_below) {
      detail = fmt::format("{} s, below {} s", format_number(*duration), format_number(*m_too_fast_below));
      return Reason::too_fast;
    }
    return Reason::none;
  }

private:
  const Layout& m_layout;
  Tracker m_tracker;
  std::string m_where;
  std::optional<double> m_too_fast_below;
};

// A row whose decision waits for the tracker's answers, as kept in a spill file.
struct Deferred {
  std::uint32_t input = 0;
  std::int64_t line = 0;
  Reason local = Reason::none;
  std::string detail;
  std::optional<double> duration;
  std::string flags;
  std::vector<std::string> fields;
  std::vector<std::string_view> views;

  // Appends the row to `f`, tagged with the index of its input.
  static void write(SpillFile& f, std::size_t input, const RowOut& r);
  // The next row of `f` into this; false at the end of the file. Throws IoError
  // when the file ends inside a record.
  bool read(SpillFile& f);
};

}  // namespace fbkit::clean
