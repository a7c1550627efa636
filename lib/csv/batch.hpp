// Rows in batches, for commands that work on rows in parallel and write them in
// order: one serial stage reads and parses (errors name file and line in input
// order), a parallel stage does the row work, a serial stage writes. The rows
// of a batch are copied out of the reader so that the reader can go on.
#pragma once

#include <tbb/parallel_pipeline.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "core/io.hpp"
#include "csv/reader.hpp"

namespace fbkit::csv {

// The rows of one batch, all from one input: a run of whole records cut from
// the input by BatchReader::fill (serial), parsed by parse() (on any thread).
struct RowBatch {
  std::size_t input = 0;  // index of the input they come from
  std::size_t rows = 0;
  std::size_t width = 0;        // fields per row
  std::string raw;              // the records' bytes as read (doubled quotes collapsed by parse())
  std::string name;             // the input's name, for messages
  std::int64_t first_line = 0;  // the line raw starts on
  std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;  // offset in raw, length, per field
  std::vector<std::int64_t> lines;                             // physical line each row starts on
  // Per row: 1 when its fields lie in raw joined by the delimiter (one byte
  // each) and hold no byte a writer must quote (delimiter, quote, CR, LF,
  // NUL): the bytes of plain_row() are then the row exactly as a Writer would
  // encode it.
  std::vector<std::uint8_t> plain;
  char delimiter = ',';

  // Parses raw into rows; throws DataError (FILE:LINE:COL) like csv::Reader.
  void parse();
  std::string_view field(std::size_t row, std::size_t col) const {
    const auto [off, len] = spans[row * width + col];
    return std::string_view(raw).substr(off, len);
  }
  // The fields of a row as views into raw.
  void fields(std::size_t row, std::vector<std::string_view>& out) const;
  // The encoded bytes of a plain row (without the record end).
  std::string_view plain_row(std::size_t row) const;
  // Column `col` of every record, read from raw in one pass instead of
  // parse(): when the batch has no CR or NUL, its quoted fields are well
  // formed, none of `col`'s values holds a doubled quote, and every record has
  // `width` fields, `out` gets one view into raw per record (blank lines are
  // no record, as for the Reader), `rows` is set and the answer is true; the
  // values are then exactly parse()'s. Otherwise false, with `out` and `rows`
  // to be ignored: parse() the batch instead (it raises its error).
  bool column_views(std::size_t col, std::vector<std::string_view>& out);
};

// Cuts a sequence of inputs with one header layout into batches of whole
// records. Only the record ends are found here (quotes counted, so a line
// break inside a quoted field is no end): the parsing is RowBatch::parse(),
// which runs in parallel.
class BatchReader {
public:
  // `first`: the first input's reader with its header read (ownership taken,
  // with its source). Later inputs must have the same header, else DataError
  // "the header differs from the first input's; <verb> one layout at a time".
  BatchReader(const std::vector<std::string>& inputs, const std::vector<std::string>& names,
              std::unique_ptr<ByteSource> first_source, std::unique_ptr<Reader> first, std::string verb,
              char delimiter = ',');
  ~BatchReader();
  // Fills `b` with the next whole records of one input, about `bytes` of
  // them (more when one record is longer); false when every input is read.
  bool fill(RowBatch& b, std::size_t bytes = std::size_t{1} << 20);
  const std::vector<std::string>& header() const { return m_header; }

private:
  void start(std::unique_ptr<ByteSource> source, std::unique_ptr<Reader> reader);

  const std::vector<std::string>& m_inputs;
  const std::vector<std::string>& m_names;
  std::string m_verb;
  char m_delimiter;
  std::vector<std::string> m_header;
  std::size_t m_input = 0;
  std::unique_ptr<ByteSource> m_source;
  bool m_source_done = true;
  std::string m_carry;           // the bytes after the last cut (a record begins there)
  std::int64_t m_line = 1;       // the line m_carry starts on
  std::exception_ptr m_pending;  // an error raised after the batch before it
};

// Runs batches through parse() and `work` (any thread, in parallel) and
// `sink` (one at a time, in input order). Batch derives from RowBatch;
// `tokens` batches are in flight at most (memory: tokens x the batch size);
// 0 means two per hardware thread, at least 4.
// An error in a batch is raised when its turn to be sunk comes, so the rows
// before it are sunk first and the error is the first in input order.
template <typename Batch, typename Work, typename Sink>
void run_batches(BatchReader& reader, Work&& work, Sink&& sink, std::size_t batch_bytes = std::size_t{1} << 20,
                 std::size_t tokens = 0) {
  if (tokens == 0) {
    tokens = std::max<std::size_t>(4, 2 * std::thread::hardware_concurrency());
  }
  struct Slot {
    Batch batch;
    std::exception_ptr error;
  };
  std::vector<std::unique_ptr<Slot>> slots;
  std::vector<Slot*> free_list;
  std::mutex free_mutex;
  bool failed = false;  // the input stage raised an error (serial: no lock needed)
  for (std::size_t i = 0; i < tokens; ++i) {
    slots.push_back(std::make_unique<Slot>());
    free_list.push_back(slots.back().get());
  }
  const auto give_back = [&](Slot* s) {
    const std::lock_guard<std::mutex> lock(free_mutex);
    free_list.push_back(s);
  };
  tbb::parallel_pipeline(
      tokens, tbb::make_filter<void, Slot*>(tbb::filter_mode::serial_in_order, [&](tbb::flow_control& fc) -> Slot* {
                if (failed) {
                  fc.stop();
                  return nullptr;
                }
                Slot* s = nullptr;
                {
                  const std::lock_guard<std::mutex> lock(free_mutex);
                  s = free_list.back();
                  free_list.pop_back();
                }
                s->error = nullptr;
                try {
                  if (!reader.fill(s->batch, batch_bytes)) {
                    give_back(s);
                    fc.stop();
                    return nullptr;
                  }
                } catch (...) {
                  // Raised in its turn, after the batches read before.
                  s->error = std::current_exception();
                  failed = true;
                }
                return s;
              }) & tbb::make_filter<Slot*, Slot*>(tbb::filter_mode::parallel, [&](Slot* s) {
                if (s->error) {
                  return s;
                }
                try {
                  s->batch.parse();
                  work(s->batch);
                } catch (...) {
                  s->error = std::current_exception();
                }
                return s;
              }) & tbb::make_filter<Slot*, void>(tbb::filter_mode::serial_in_order, [&](Slot* s) {
                if (s->error) {
                  std::rethrow_exception(s->error);
                }
                sink(s->batch);
                give_back(s);
              }));
}

}  // namespace fbkit::csv
