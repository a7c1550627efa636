// The row-local stage of clean: what a worker thread makes of one row
// (normalization, masking, aliases, scores, flags, the test/spam/survey rules,
// the hashes the decider needs), in batches.
#pragma once

#include <xxhash.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clean/layout.hpp"
#include "clean/row_rules.hpp"
#include "core/io.hpp"
#include "csv/batch.hpp"
#include "csv/writer.hpp"
#include "text/pii.hpp"

namespace fbkit::clean {

// Why a row is removed; the order of docs/clean.md (the first reason wins).
enum class Reason { none, duplicate, test, spam, straight_lining, contradiction, repeated, too_fast };

// The reason's name in the removed file and the summary.
const char* reason_name(Reason r);

// What the parallel stage learns about one row.
struct RowOut {
  std::vector<std::string_view> fields;  // into the batch's arena or `owned`
  std::vector<std::string> owned;
  std::string flags;
  Reason local = Reason::none;  // test, spam, straight_lining, contradiction
  std::string detail;
  XXH128_hash_t dup{};
  bool has_repeat_key = false;
  XXH128_hash_t repeat{};
  std::int64_t when = 0;
  std::optional<double> duration;  // set only on a satisfaction survey answer
  std::int64_t line = 0;
  // The row as read when it needed no quotes (its fields one delimiter
  // apart), else empty: the fields no step changed still point into it, and
  // are copied from it as they are.
  std::string_view plain;
};

// Counts the parallel stage keeps per batch, added up in order.
struct Counters {
  text::PiiCounts masked;
  std::array<std::int64_t, 5> steps{};  // entities, zero_width, nfkc, t2s, whitespace
  std::int64_t aliases = 0;
  std::int64_t pseudonymized = 0;     // customer_id values replaced by a pseudonym
  std::int64_t timed_not_survey = 0;  // rows with a duration that are not satisfaction survey answers
};

// Rows travel through the pipeline in batches of about this many bytes.
constexpr std::size_t kBatchBytes = std::size_t{256} << 10;
struct Batch : csv::RowBatch {
  std::vector<RowOut> out;
  Counters counters;
  // The rows as the output holds them when kept (clean/emit.hpp).
  StringSink bytes;
  std::unique_ptr<csv::Writer> writer;
  std::vector<std::size_t> encoded_end;
};

// The row-local work: normalization, masking, aliases, scores, flags, the
// test/spam/survey rules and the hashes. Runs on any thread.
class RowWorker {
public:
  RowWorker(const Compiled& c, const Layout& layout);
  ~RowWorker();
  RowWorker(const RowWorker&) = delete;
  RowWorker& operator=(const RowWorker&) = delete;
  // Fills b.out for every row of the batch, and b.counters.
  void run(Batch& b) const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace fbkit::clean
