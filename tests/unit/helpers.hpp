// Small helpers shared by the unit tests.
#pragma once

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "core/io.hpp"
#include "csv/reader.hpp"
#include "csv/writer.hpp"

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

// The rows as csv::Writer writes them.
inline std::string write_rows(const Rows& rows, const csv::WriterOptions& opt = {}) {
  StringSink sink;
  csv::Writer w(sink, opt);
  for (const auto& r : rows) {
    w.record(r);
  }
  w.finish();
  return sink.str();
}

// Hands out its bytes at most `step` at a time, to cross every buffer boundary.
class Chunked : public ByteSource {
public:
  Chunked(std::string data, std::size_t step, std::string name = "in.csv")
      : m_data(std::move(data)), m_step(step), m_name(std::move(name)) {}
  std::size_t read(char* buf, std::size_t n) override {
    const std::size_t k = std::min({n, m_step, m_data.size() - m_pos});
    std::memcpy(buf, m_data.data() + m_pos, k);
    m_pos += k;
    return k;
  }
  const std::string& name() const override { return m_name; }

private:
  std::string m_data;
  std::size_t m_step;
  std::size_t m_pos = 0;
  std::string m_name;
};

}  // namespace fbkit::test
