// The memory of `fbkit clean`: which rows came before. A row is a duplicate
// when an earlier row had the same hash of its compared columns; a repeated
// submission when the last kept row with the same (customer, text) hash is at
// most the window away in time.
//
// Both are kept in memory (open-addressing tables of 128-bit hashes) until the
// tables would outgrow the memory budget (remove.memory_mib). From then on the
// tracker spills: what it remembers and every later row's hashes go to 64
// partition files in $TMPDIR (unlinked at once: a killed run leaves nothing),
// split by hash, and the later rows' answers wait for the end of the input.
// resolve() then answers them partition by partition, each small enough to
// hold, and hands the answers back in row order. The answers are exactly the
// ones the tables would have given: one hash's rows all land in one partition,
// in input order.
#pragma once

#include <xxhash.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fbkit::clean {

// What the tracker needs to know of a row.
struct RowKeys {
  XXH128_hash_t dup{};         // the compared columns (duplicates on)
  bool local_removed = false;  // removed by test, spam or a survey rule: never a kept row
  bool has_repeat_key = false;
  XXH128_hash_t repeat{};  // customer and text
  std::int64_t when = 0;   // received_at, seconds
  std::string_view ref;    // how the row is named to others: feedback_id or file:line
};

// The answer for one row.
struct Seen {
  enum Kind : std::uint8_t { first, duplicate, repeated } kind = first;
  std::string ref;           // the earlier row (duplicate, repeated)
  std::int64_t seconds = 0;  // how far apart (repeated)
};

// An unlinked temporary file written, then read back, in order.
class SpillFile {
public:
  SpillFile();
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  void put(const void* data, std::size_t n);
  void put_u64(std::uint64_t v) { put(&v, sizeof v); }
  void put_str(std::string_view s);
  // Ends writing; reads start at the beginning.
  void rewind();
  // false at the end of the file (only between values).
  bool get(void* data, std::size_t n);
  bool get_u64(std::uint64_t& v) { return get(&v, sizeof v); }
  bool get_str(std::string& s);
  std::uint64_t size() const { return m_size; }
  // Where spill files go: $TMPDIR, else /tmp.
  static std::string directory();

private:
  void flush();
  int m_fd = -1;
  std::vector<char> m_buf;
  std::size_t m_pos = 0;  // in m_buf: end of what is buffered (writing), next byte (reading)
  std::size_t m_end = 0;  // reading: end of the valid bytes in m_buf
  std::uint64_t m_size = 0;
  std::uint64_t m_read_at = 0;
  bool m_reading = false;
};

class Tracker {
public:
  // window_seconds < 0: repeated submissions are not looked for.
  Tracker(bool duplicates, std::int64_t window_seconds, std::uint64_t memory_bytes);
  ~Tracker();
  Tracker(const Tracker&) = delete;
  Tracker& operator=(const Tracker&) = delete;

  // The row's answer, or nullopt once spilling: then the row is deferred and
  // its answer is the next one resolve()'s reader gives for its ordinal
  // (deferred rows are numbered from 0 in input order).
  std::optional<Seen> see(const RowKeys& k);

  // Sizes the empty tables for about `rows` rows, as far as the memory budget
  // allows (an estimate: they still grow, or spill, as needed). Saves the
  // growth steps, and takes the tables' memory in huge pages.
  void reserve(std::uint64_t rows);

  // Prefetches the table slots of a row's hashes (repeat: none without a repeat key).
  void prefetch(const XXH128_hash_t& dup, const XXH128_hash_t* repeat) const;

  bool spilling() const { return m_spill != nullptr; }
  std::uint64_t deferred() const { return m_deferred; }
  std::uint64_t spilled_bytes() const { return m_spilled_bytes; }
  // Distinct compared-column hashes remembered (after resolve(), all of them).
  std::int64_t distinct() const { return m_distinct; }
  // The bytes the in-memory tables hold now.
  std::uint64_t memory_bytes() const;

  // Answers the deferred rows; call once, after the last row. next(ordinal)
  // gives a deferred row's answer (`first` for most); ordinals must be asked
  // for in increasing order, and may be skipped.
  class Answers {
  public:
    virtual ~Answers() = default;
    virtual Seen next(std::uint64_t ordinal) = 0;
  };
  std::unique_ptr<Answers> resolve();

  struct DupSlot;
  struct TimedSlot;
  template <typename S>
  class Table;
  class Refs;
  struct Spill;

private:
  void start_spilling();
  std::optional<Seen> see_in_memory(const RowKeys& k);
  void defer(const RowKeys& k);
  // resolve()'s passes over spill partition p: its answers (bytes: the spill bytes read and written, added up).
  // The table, references and rows given are emptied first and reused from
  // partition to partition: their memory is taken from the system once.
  struct RepeatEntry;
  std::unique_ptr<SpillFile> resolve_duplicates(std::size_t p, Table<DupSlot>& table, Refs& refs, std::uint64_t& bytes);
  std::unique_ptr<SpillFile> resolve_repeats(std::size_t p, Table<TimedSlot>& table, Refs& refs,
                                             std::vector<RepeatEntry>& rows, std::uint64_t& bytes);

  bool m_duplicates;
  std::int64_t m_window;
  std::uint64_t m_budget;
  std::unique_ptr<Table<DupSlot>> m_dups;
  std::unique_ptr<Table<TimedSlot>> m_repeats;
  std::unique_ptr<Refs> m_refs;
  std::unique_ptr<Spill> m_spill;
  std::uint64_t m_deferred = 0;
  std::uint64_t m_spilled_bytes = 0;
  std::int64_t m_distinct = 0;
};

}  // namespace fbkit::clean
