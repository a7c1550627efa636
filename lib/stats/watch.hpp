// The warnings of a filter or grouping that finds nothing to work on: a
// --where value no row has in its column (a typo: channel=phne, or a label
// the column does not use), named with the values the column does have; a
// --by column blank in every row. Watching stops once every value was seen,
// so a run whose conditions all match pays for a few rows only.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "csv/reader.hpp"
#include "stats/spec.hpp"

namespace fbkit::stats {

class ValueWatch {
public:
  ValueWatch() = default;
  // The =/!= values of `where` (each alternative of A|B too), and the `by` columns.
  ValueWatch(const std::vector<Filter>& where, const std::vector<std::string>& by);
  // Binds an input's header (a column it lacks is not watched in it).
  void bind(const std::vector<std::string>& header);
  // Looks at one record of the bound input (every record, before any filter).
  void add(const csv::Record& record);
  // One line per --where condition among the first `conditions` with a value
  // no row had: "--where 'channel=phne': no row has channel 'phne'; channel
  // has: app (120), phone (80)" (at most 10 values, the most frequent first).
  // Nothing when no row was looked at.
  std::vector<std::string> where_warnings(std::size_t conditions = SIZE_MAX) const;
  // One line per --by column blank in every row looked at.
  std::vector<std::string> by_warnings() const;
  // Both.
  std::vector<std::string> warnings() const;

private:
  struct Watch {
    std::size_t condition = 0;  // index in --where
    std::string text, column;
    std::vector<std::string> values;
    std::vector<bool> seen;
    std::map<std::string, std::int64_t> counts;  // of the column's values, while watching
    bool more = false;                           // values beyond kDistinct were not counted
    bool bound = false;                          // some input had the column
    int at = -1;                                 // in the bound input
  };
  struct By {
    std::string column;
    bool filled = false;
    int at = -1;
  };
  std::vector<Watch> m_watches;
  std::vector<By> m_by;
  std::size_t m_open = 0;  // watches and --by columns still looking
  std::int64_t m_rows = 0;
};

}  // namespace fbkit::stats
