// Where pass 2 of clean sends each row: the output, or the removed file with
// its reason. A batch's rows are encoded for the output in the parallel stage
// (encode_rows), so that the serial stage copies a kept row's bytes as they are.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "clean/clean.hpp"
#include "clean/layout.hpp"
#include "clean/row.hpp"
#include "csv/writer.hpp"

namespace fbkit::clean {

// Encodes every row of the batch as the output holds it when the row is kept
// (b.encoded; row i ends at b.encoded_end[i]). `options`: the output's, with
// `continues` set. Runs on any thread.
void encode_rows(Batch& b, const Layout& layout, const csv::WriterOptions& options, bool copy);

struct Emitter {
  Summary& summary;
  const Layout& layout;
  const std::vector<std::string>& names;
  csv::Writer& writer;
  csv::Writer* removed;
  std::size_t examples = 0;

  // A row: kept (reason none) or removed, from its fields (a row the tracker
  // answered after spilling; the others are kept through kept()).
  void operator()(Reason reason, const std::string& why, std::size_t input, std::int64_t line,
                  const std::vector<std::string_view>& fields, std::string_view flags);
  // The kept rows [from, to) of a batch encode_rows has encoded.
  void kept(const Batch& b, std::size_t from, std::size_t to);

private:
  void count_flags(std::string_view flags);
  void write_fields(const std::vector<std::string_view>& fields, std::string_view plain);
  void example(Reason reason, const std::string& why, std::size_t input, std::int64_t line,
               const std::vector<std::string_view>& fields);
};

}  // namespace fbkit::clean
