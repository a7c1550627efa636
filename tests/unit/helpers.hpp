// Small helpers shared by the unit tests.
#pragma once

#include <string>
#include <vector>

#include "core/io.hpp"
#include "csv/reader.hpp"

namespace fbkit::test {

// Every record of `text` as owned strings (header included), read strictly.
inline std::vector<std::vector<std::string>> read_all(const std::string& text, csv::ReaderOptions opt = {}) {
  StringSource src(text, "t.csv");
  csv::Reader reader(src, opt);
  std::vector<std::vector<std::string>> rows;
  csv::Record rec;
  while (reader.next(rec)) {
    rows.emplace_back(rec.fields.begin(), rec.fields.end());
  }
  return rows;
}

using Rows = std::vector<std::vector<std::string>>;

}  // namespace fbkit::test
