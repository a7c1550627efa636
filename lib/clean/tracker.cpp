#include "clean/tracker.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <new>
#include <queue>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "clean/tracker_tables.hpp"
#include "core/error.hpp"

namespace fbkit::clean {

namespace {

constexpr std::size_t kParts = 64;

std::size_t part_of(const XXH128_hash_t& h) {
  return static_cast<std::size_t>(h.high64 >> 58);
}

// The high half of a hash as resolve()'s tables take it: the bits that chose
// the partition (the same in all of a partition's hashes) moved to the
// bottom, so that the table's shards, chosen by the top bits, share the rows
// (with the hash as it is, a partition went to one shard, which grew step by
// step while the others stayed empty). A bijection: equal stays equal.
static_assert(kParts == 64, "in_part() moves the 6 bits of part_of()");
std::uint64_t in_part(std::uint64_t hi) {
  return hi << 6 | hi >> 58;
}

}  // namespace

// ---------------------------------------------------------------- spilling

// The partition files. facts: by the compared-column hash, the remembered
// rows (tag 0: lo hi ref) and then each deferred row (tag 1: ordinal lo hi
// flags [rlo rhi when] ref). repeats: by the (customer, text) hash, the
// remembered kept rows (tag 0: lo hi when ref) and then the deferred rows
// that are neither duplicates nor removed otherwise (tag 1: ordinal lo hi when
// ref). Answers (ordinal kind seconds ref): one file per partition, each in
// ordinal order.
struct Tracker::Spill {
  std::array<std::unique_ptr<SpillFile>, kParts> facts;
  std::array<std::unique_ptr<SpillFile>, kParts> repeats;
  // The records of each file, so that resolve() sizes its tables once (a
  // table grown step by step from empty took a fresh block, page faults
  // included, at every step, in every partition).
  std::array<std::uint64_t, kParts> fact_records{};
  std::array<std::uint64_t, kParts> repeat_records{};
  std::uint64_t bytes = 0;

  // The file for one more record (called once per record put).
  SpillFile& fact(std::size_t p) {
    if (!facts[p]) {
      facts[p] = std::make_unique<SpillFile>();
    }
    ++fact_records[p];
    return *facts[p];
  }
  SpillFile& repeat(std::size_t p) {
    if (!repeats[p]) {
      repeats[p] = std::make_unique<SpillFile>();
    }
    ++repeat_records[p];
    return *repeats[p];
  }
};

namespace {

constexpr std::uint8_t kSeed = 0;
constexpr std::uint8_t kRow = 1;
constexpr std::uint8_t kLocal = 1;
constexpr std::uint8_t kHasRepeat = 2;

struct Answer {
  std::uint64_t ordinal = 0;
  std::uint8_t kind = 0;
  std::int64_t seconds = 0;
  std::string ref;
};

// A row of a repeat partition: tag 1, ordinal, the (customer, text) hash, time, reference.
void put_repeat_row(SpillFile& f, std::uint64_t ordinal, std::uint64_t lo, std::uint64_t hi, std::int64_t when,
                    std::string_view ref) {
  f.put(&kRow, 1);
  f.put_u64(ordinal);
  f.put_u64(lo);
  f.put_u64(hi);
  f.put(&when, sizeof when);
  f.put_str(ref);
}

void put_answer(SpillFile& f, std::uint64_t ordinal, Seen::Kind kind, std::int64_t seconds, std::string_view ref) {
  f.put_u64(ordinal);
  const auto k = static_cast<std::uint8_t>(kind);
  f.put(&k, 1);
  f.put(&seconds, sizeof seconds);
  f.put_str(ref);
}

bool get_answer(SpillFile& f, Answer& a) {
  if (!f.get_u64(a.ordinal)) {
    return false;
  }
  if (!f.get(&a.kind, 1) || !f.get(&a.seconds, sizeof a.seconds) || !f.get_str(a.ref)) {
    throw IoError("the duplicate-detection spill file in " + SpillFile::directory() + " ends inside a record");
  }
  return true;
}

// The answer files merged by ordinal.
class MergedAnswers : public Tracker::Answers {
public:
  explicit MergedAnswers(std::vector<std::unique_ptr<SpillFile>> files) : m_files(std::move(files)) {
    m_heads.resize(m_files.size());
    for (std::size_t i = 0; i < m_files.size(); ++i) {
      m_files[i]->rewind();
      advance(i);
    }
  }

  Seen next(std::uint64_t ordinal) override {
    Seen s;
    while (!m_queue.empty() && m_queue.top().first < ordinal) {  // answers not asked for
      const std::size_t i = m_queue.top().second;
      m_queue.pop();
      advance(i);
    }
    if (m_queue.empty() || m_queue.top().first != ordinal) {
      return s;
    }
    const std::size_t i = m_queue.top().second;
    m_queue.pop();
    s.kind = static_cast<Seen::Kind>(m_heads[i].kind);
    s.seconds = m_heads[i].seconds;
    s.ref = std::move(m_heads[i].ref);
    advance(i);
    return s;
  }

private:
  void advance(std::size_t i) {
    if (get_answer(*m_files[i], m_heads[i])) {
      m_queue.emplace(m_heads[i].ordinal, i);
    } else {
      m_files[i].reset();
    }
  }

  using Head = std::pair<std::uint64_t, std::size_t>;
  std::vector<std::unique_ptr<SpillFile>> m_files;
  std::vector<Answer> m_heads;
  std::priority_queue<Head, std::vector<Head>, std::greater<>> m_queue;
};

// No row was deferred.
class NoAnswers : public Tracker::Answers {
public:
  Seen next(std::uint64_t) override { return {}; }
};

[[noreturn]] void truncated_spill() {
  throw IoError("the duplicate-detection spill file in " + SpillFile::directory() + " ends inside a record");
}

std::int64_t distance(std::int64_t a, std::int64_t b) {
  return a > b ? a - b : b - a;
}

}  // namespace

// ---------------------------------------------------------------- Tracker

Tracker::Tracker(bool duplicates, std::int64_t window_seconds, std::uint64_t memory_bytes)
    : m_duplicates(duplicates),
      m_window(window_seconds),
      m_budget(memory_bytes),
      m_dups(std::make_unique<Table<DupSlot>>()),
      m_repeats(std::make_unique<Table<TimedSlot>>()),
      m_refs(std::make_unique<Refs>()) {
#if defined(__GLIBC__)
  // The tables' shards are large blocks that are freed as they grow: a fixed
  // mmap threshold gives them back to the system at once. (glibc raises the
  // threshold after the first such free, and the freed shards then stay in
  // the heap, uncounted by the budget: up to 10 MiB more at the peak.)
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}

Tracker::~Tracker() = default;

std::uint64_t Tracker::memory_bytes() const {
  return m_dups->bytes() + m_repeats->bytes() + m_refs->bytes();
}

void Tracker::reserve(std::uint64_t rows) {
  if (m_spill) {
    return;
  }
  // Five sixths of the budget at most, shared by the tables in use as their
  // slots' sizes; the references take the rest.
  const std::uint64_t dup = m_duplicates ? sizeof(DupSlot) : 0;
  const std::uint64_t timed = m_window >= 0 ? sizeof(TimedSlot) : 0;
  if (dup + timed == 0) {
    return;
  }
  const std::uint64_t share = m_budget / 6 * 5 / (dup + timed);
  if (dup > 0) {
    m_dups->reserve(static_cast<std::size_t>(rows), share * dup);
  }
  if (timed > 0) {
    m_repeats->reserve(static_cast<std::size_t>(rows), share * timed);
  }
}

void Tracker::prefetch(const XXH128_hash_t& dup, const XXH128_hash_t* repeat) const {
  if (m_spill) {
    return;
  }
  if (m_duplicates) {
    m_dups->prefetch(dup.low64, dup.high64);
  }
  if (m_window >= 0 && repeat != nullptr) {
    m_repeats->prefetch(repeat->low64, repeat->high64);
  }
}

std::optional<Seen> Tracker::see(const RowKeys& k) {
  if (m_spill) {
    defer(k);
    return std::nullopt;
  }
  const bool repeat = m_window >= 0 && k.has_repeat_key && !k.local_removed;
  std::uint64_t grow = m_refs->grow_bytes(2 * k.ref.size());
  grow += m_duplicates ? m_dups->grow_bytes(k.dup.high64) : 0;
  grow += repeat ? m_repeats->grow_bytes(k.repeat.high64) : 0;
  if (grow > 0 && memory_bytes() + grow > m_budget) {
    start_spilling();
    defer(k);
    return std::nullopt;
  }
  return see_in_memory(k);
}

std::optional<Seen> Tracker::see_in_memory(const RowKeys& k) {
  Seen seen;
  std::optional<std::uint64_t> ref;  // k.ref in m_refs, stored once for both tables
  if (m_duplicates) {
    bool inserted = false;
    DupSlot* s = m_dups->find_or_insert(k.dup.low64, k.dup.high64, &inserted);
    if (inserted) {
      s->ref = m_refs->put(k.ref);
      ref = s->ref;
      ++m_distinct;
    } else {
      seen.kind = Seen::duplicate;
      seen.ref = m_refs->get(s->ref);
      return seen;
    }
  }
  if (m_window >= 0 && k.has_repeat_key && !k.local_removed) {
    bool inserted = false;
    TimedSlot* s = m_repeats->find_or_insert(k.repeat.low64, k.repeat.high64, &inserted);
    if (!inserted && distance(k.when, s->value) <= m_window) {
      seen.kind = Seen::repeated;
      seen.ref = m_refs->get(s->ref);
      seen.seconds = distance(k.when, s->value);
      return seen;
    }
    s->value = k.when;
    s->ref = ref ? *ref : m_refs->put(k.ref);
  }
  return seen;
}

void Tracker::start_spilling() {
  m_spill = std::make_unique<Spill>();
  m_dups->for_each([&](const DupSlot& s) {
    SpillFile& f = m_spill->fact(static_cast<std::size_t>(s.hi >> 58));
    f.put(&kSeed, 1);
    f.put_u64(s.lo);
    f.put_u64(s.hi);
    f.put_str(m_refs->get(s.ref));
  });
  m_repeats->for_each([&](const TimedSlot& s) {
    SpillFile& f = m_spill->repeat(static_cast<std::size_t>(s.hi >> 58));
    f.put(&kSeed, 1);
    f.put_u64(s.lo);
    f.put_u64(s.hi);
    f.put(&s.value, sizeof s.value);
    f.put_str(m_refs->get(s.ref));
  });
  m_dups = std::make_unique<Table<DupSlot>>();
  m_repeats = std::make_unique<Table<TimedSlot>>();
  m_refs = std::make_unique<Refs>();
}

void Tracker::defer(const RowKeys& k) {
  const std::uint64_t ordinal = m_deferred++;
  const bool repeat = m_window >= 0 && k.has_repeat_key && !k.local_removed;
  if (!m_duplicates) {
    if (repeat) {  // straight to the repeat partitions: no duplicate can stop it
      put_repeat_row(m_spill->repeat(part_of(k.repeat)), ordinal, k.repeat.low64, k.repeat.high64, k.when, k.ref);
    }
    return;
  }
  SpillFile& f = m_spill->fact(part_of(k.dup));
  f.put(&kRow, 1);
  f.put_u64(ordinal);
  f.put_u64(k.dup.low64);
  f.put_u64(k.dup.high64);
  const std::uint8_t flags = (k.local_removed ? kLocal : 0) | (repeat ? kHasRepeat : 0);
  f.put(&flags, 1);
  if (repeat) {
    f.put_u64(k.repeat.low64);
    f.put_u64(k.repeat.high64);
    f.put(&k.when, sizeof k.when);
  }
  f.put_str(k.ref);
}

std::unique_ptr<SpillFile> Tracker::resolve_duplicates(std::size_t p, Table<DupSlot>& table, Refs& refs,
                                                       std::uint64_t& bytes) {
  SpillFile& in = *m_spill->facts[p];
  bytes += in.size();
  in.rewind();
  table.clear();
  table.reserve(m_spill->fact_records[p], m_budget);
  refs.clear();
  auto out = std::make_unique<SpillFile>();
  std::string ref;
  std::uint8_t tag = 0;
  while (in.get(&tag, 1)) {
    std::uint64_t lo = 0, hi = 0, ordinal = 0;
    if (tag == kSeed) {
      if (!in.get_u64(lo) || !in.get_u64(hi) || !in.get_str(ref)) {
        truncated_spill();
      }
      bool inserted = false;
      table.find_or_insert(lo, in_part(hi), &inserted)->ref = refs.put(ref);
      continue;
    }
    std::uint8_t flags = 0;
    std::uint64_t rlo = 0, rhi = 0;
    std::int64_t when = 0;
    if (!in.get_u64(ordinal) || !in.get_u64(lo) || !in.get_u64(hi) || !in.get(&flags, 1)) {
      truncated_spill();
    }
    if ((flags & kHasRepeat) != 0 && (!in.get_u64(rlo) || !in.get_u64(rhi) || !in.get(&when, sizeof when))) {
      truncated_spill();
    }
    if (!in.get_str(ref)) {
      truncated_spill();
    }
    bool inserted = false;
    DupSlot* s = table.find_or_insert(lo, in_part(hi), &inserted);
    if (!inserted) {
      put_answer(*out, ordinal, Seen::duplicate, 0, refs.get(s->ref));
      continue;
    }
    s->ref = refs.put(ref);
    ++m_distinct;
    if ((flags & kHasRepeat) != 0) {
      put_repeat_row(m_spill->repeat(static_cast<std::size_t>(rhi >> 58)), ordinal, rlo, rhi, when, ref);
    }
  }
  m_spill->facts[p].reset();
  bytes += out->size();
  return out;
}

struct Tracker::RepeatEntry {
  std::uint64_t ordinal, lo, hi;
  std::int64_t when;
  std::uint64_t ref;
};

std::unique_ptr<SpillFile> Tracker::resolve_repeats(std::size_t p, Table<TimedSlot>& table, Refs& refs,
                                                    std::vector<RepeatEntry>& rows, std::uint64_t& bytes) {
  using Entry = RepeatEntry;
  SpillFile& in = *m_spill->repeats[p];
  bytes += in.size();
  in.rewind();
  table.clear();
  table.reserve(m_spill->repeat_records[p], m_budget);
  refs.clear();
  rows.clear();
  rows.reserve(m_spill->repeat_records[p]);
  std::string ref;
  std::uint8_t tag = 0;
  while (in.get(&tag, 1)) {
    Entry e{};
    if (tag == kRow && !in.get_u64(e.ordinal)) {
      truncated_spill();
    }
    if (!in.get_u64(e.lo) || !in.get_u64(e.hi) || !in.get(&e.when, sizeof e.when) || !in.get_str(ref)) {
      truncated_spill();
    }
    e.ref = refs.put(ref);
    if (tag == kSeed) {
      bool inserted = false;
      TimedSlot* s = table.find_or_insert(e.lo, in_part(e.hi), &inserted);
      s->value = e.when;
      s->ref = e.ref;
    } else {
      rows.push_back(e);
    }
  }
  m_spill->repeats[p].reset();
  std::sort(rows.begin(), rows.end(), [](const Entry& a, const Entry& b) { return a.ordinal < b.ordinal; });
  auto out = std::make_unique<SpillFile>();
  for (const Entry& e : rows) {
    bool inserted = false;
    TimedSlot* s = table.find_or_insert(e.lo, in_part(e.hi), &inserted);
    if (!inserted && distance(e.when, s->value) <= m_window) {
      put_answer(*out, e.ordinal, Seen::repeated, distance(e.when, s->value), refs.get(s->ref));
      continue;
    }
    s->value = e.when;
    s->ref = e.ref;
  }
  bytes += out->size();
  return out;
}

std::unique_ptr<Tracker::Answers> Tracker::resolve() {
  if (!m_spill) {
    return std::make_unique<NoAnswers>();
  }
  std::vector<std::unique_ptr<SpillFile>> answers;
  std::uint64_t bytes = 0;
  // Duplicates, one partition at a time; the survivors go on to the repeat partitions.
  {
    Table<DupSlot> table;
    Refs refs;
    for (std::size_t p = 0; p < kParts; ++p) {
      if (m_spill->facts[p]) {
        answers.push_back(resolve_duplicates(p, table, refs, bytes));
      }
    }
  }
  // Repeated submissions: a partition's rows arrive grouped by duplicate
  // partition, so they are put back in input order first.
  Table<TimedSlot> table;
  Refs refs;
  std::vector<RepeatEntry> rows;
  for (std::size_t p = 0; p < kParts; ++p) {
    if (m_spill->repeats[p]) {
      answers.push_back(resolve_repeats(p, table, refs, rows, bytes));
    }
  }
  m_spill.reset();
  m_spilled_bytes = bytes;
  return std::make_unique<MergedAnswers>(std::move(answers));
}

}  // namespace fbkit::clean
