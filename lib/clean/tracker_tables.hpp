// The tracker's in-memory tables (internal to tracker.cpp): a set of 128-bit
// hashes and the references it names.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "clean/tracker.hpp"

namespace fbkit::clean {

// A slot of the duplicate table: the hash and the reference of its first row
// (24 bytes: a million distinct rows fit in 48 MiB).
struct Tracker::DupSlot {
  std::uint64_t lo = 0;
  std::uint64_t hi = 0;
  std::uint64_t ref = 0;
};

// A slot of the repeated-submission table: the hash, the time and the
// reference of the last kept row.
struct Tracker::TimedSlot {
  std::uint64_t lo = 0;
  std::uint64_t hi = 0;
  std::int64_t value = 0;
  std::uint64_t ref = 0;
};

// Zeroed memory for table slots, in one block from the system. Reserved
// tables take it in 2 MiB pages where the system offers them (transparent
// huge pages): a lookup in a table of a million rows then misses the TLB
// rarely. Parts of it are given back with release().
class SlotMemory {
public:
  static constexpr std::size_t kHuge = std::size_t{2} << 20;

  explicit SlotMemory(std::size_t bytes);
  ~SlotMemory();
  SlotMemory(const SlotMemory&) = delete;
  SlotMemory& operator=(const SlotMemory&) = delete;

  char* data() const { return m_data; }
  std::size_t bytes() const { return m_bytes; }
  // Gives the whole pages inside [p, p + n) back to the system (they read as
  // zeros if touched again).
  static void release(void* p, std::size_t n);

private:
  char* m_data = nullptr;
  std::size_t m_bytes = 0;
  void* m_map = nullptr;  // what was mapped (m_data aligned inside it)
  std::size_t m_map_bytes = 0;
};

// An open-addressing set of 128-bit hashes, each with what its Slot holds:
// 16 shards (by the hash's top bits), each a linear-probing table at most
// 85% full that grows by a quarter. Memory follows the rows closely (a
// doubling table is half empty just after it grows), and a growth copies one
// shard, not the whole table, so the budget is not overrun while it happens.
// reserve() sizes the shards for the rows expected, in one block of huge
// pages, so that they need not grow.
template <typename S>
class Tracker::Table {
public:
  using Slot = S;
  static constexpr std::size_t kShards = 16;
  static constexpr std::size_t kFirstSlots = 4096;  // per shard

  // Sizes an empty table for `rows` hashes at most 85% full, in one block of
  // whole huge pages, at most `max_bytes` (no effect on a used table, or for
  // fewer rows than the first shards hold).
  void reserve(std::size_t rows, std::uint64_t max_bytes) {
    const std::size_t huge = SlotMemory::kHuge;
    std::uint64_t bytes = ((rows / kShards * 20 / 17 + 1) * kShards * sizeof(Slot) + huge - 1) / huge * huge;
    if (bytes > max_bytes) {
      bytes = max_bytes / huge * huge;
    }
    const std::size_t n = static_cast<std::size_t>(bytes / kShards / sizeof(Slot));
    if (m_size > 0 || m_region || n <= kFirstSlots) {
      return;
    }
    m_region = std::make_unique<SlotMemory>(static_cast<std::size_t>(bytes));
    m_bytes += m_region->bytes();
    for (std::size_t k = 0; k < kShards; ++k) {
      release(m_shards[k]);
      m_shards[k].slots = reinterpret_cast<Slot*>(m_region->data()) + k * n;
      m_shards[k].n = n;
    }
  }

  // The slot of the hash; inserted when absent (*inserted is then true).
  Slot* find_or_insert(std::uint64_t lo, std::uint64_t hi, bool* inserted) {
    *inserted = false;
    if (lo == 0 && hi == 0) {
      lo = 1;  // (0, 0) marks an empty slot
    }
    Shard& sh = m_shards[hi >> 60];
    if (sh.n == 0) {
      resize(sh, kFirstSlots);
    }
    const std::size_t n = sh.n;
    std::size_t i = index(lo, n);
    for (;; i = i + 1 == n ? 0 : i + 1) {
      Slot& s = sh.slots[i];
      if (s.lo == lo && s.hi == hi) {
        return &s;
      }
      if (s.lo == 0 && s.hi == 0) {
        break;
      }
    }
    if (full(sh)) {
      resize(sh, grown(n));
      return find_or_insert(lo, hi, inserted);
    }
    Slot& s = sh.slots[i];
    s.lo = lo;
    s.hi = hi;
    ++sh.size;
    ++m_size;
    *inserted = true;
    return &s;
  }

  // Brings the hash's first slot into the cache ahead of find_or_insert.
  void prefetch(std::uint64_t lo, std::uint64_t hi) const {
    const Shard& sh = m_shards[hi >> 60];
    if (sh.n != 0) {
      __builtin_prefetch(&sh.slots[index(lo == 0 && hi == 0 ? 1 : lo, sh.n)]);
    }
  }

  // Empties the table; its slots' memory stays, zeroed (no page to fault in again).
  void clear() {
    for (Shard& sh : m_shards) {
      if (sh.n > 0) {
        std::memset(static_cast<void*>(sh.slots), 0, sh.n * sizeof(Slot));
      }
      sh.size = 0;
    }
    m_size = 0;
  }

  std::size_t size() const { return m_size; }
  std::uint64_t bytes() const { return m_bytes; }
  // The bytes inserting the hash may allocate (its shard's growth), else 0.
  std::uint64_t grow_bytes(std::uint64_t hi) const {
    const Shard& sh = m_shards[hi >> 60];
    if (sh.n == 0) {
      return kFirstSlots * sizeof(Slot);
    }
    return full(sh) ? grown(sh.n) * sizeof(Slot) : 0;
  }
  template <typename F>
  void for_each(F&& f) const {
    for (const Shard& sh : m_shards) {
      for (std::size_t i = 0; i < sh.n; ++i) {
        if (sh.slots[i].lo != 0 || sh.slots[i].hi != 0) {
          f(sh.slots[i]);
        }
      }
    }
  }

private:
  // A shard's slots: its own block, or a part of the reserved region.
  struct Shard {
    Slot* slots = nullptr;
    std::size_t n = 0;
    std::size_t size = 0;
    std::unique_ptr<Slot[]> own;
  };

  // Slot i of n for the hash: its top 32 bits scaled to n (n < 2^32).
  static std::size_t index(std::uint64_t lo, std::size_t n) { return static_cast<std::size_t>(((lo >> 32) * n) >> 32); }
  static bool full(const Shard& sh) { return (sh.size + 1) * 20 > sh.n * 17; }
  static std::size_t grown(std::size_t n) { return n + n / 4; }

  // Gives a shard's slots back (a part of the region: its whole pages).
  void release(Shard& sh) {
    if (sh.own) {
      sh.own.reset();
    } else if (sh.n > 0) {
      SlotMemory::release(sh.slots, sh.n * sizeof(Slot));
    }
    m_bytes -= sh.n * sizeof(Slot);
    sh.slots = nullptr;
    sh.n = 0;
  }

  void resize(Shard& sh, std::size_t n) {
    auto fresh = std::make_unique<Slot[]>(n);
    for (std::size_t k = 0; k < sh.n; ++k) {
      const Slot& s = sh.slots[k];
      if (s.lo != 0 || s.hi != 0) {
        std::size_t i = index(s.lo, n);
        while (fresh[i].lo != 0 || fresh[i].hi != 0) {
          i = i + 1 == n ? 0 : i + 1;
        }
        fresh[i] = s;
      }
    }
    release(sh);
    sh.own = std::move(fresh);
    sh.slots = sh.own.get();
    sh.n = n;
    m_bytes += n * sizeof(Slot);
  }

  std::array<Shard, kShards> m_shards;
  std::unique_ptr<SlotMemory> m_region;
  std::size_t m_size = 0;
  std::uint64_t m_bytes = 0;
};

// The references (feedback_ids) the tables name, in fixed-size chunks: no
// doubling, so no copy and no peak of twice the size.
class Tracker::Refs {
public:
  static constexpr std::size_t kChunk = std::size_t{256} << 10;

  std::uint64_t put(std::string_view s) {
    s = s.substr(0, 0xFFFF);
    if (m_chunks.empty() || m_used + s.size() > kChunk) {
      if (m_chunks.empty() || ++m_current == m_chunks.size()) {
        m_chunks.push_back(std::make_unique<char[]>(kChunk));
        m_current = m_chunks.size() - 1;
      }
      m_used = 0;
    }
    const std::uint64_t at = m_current * kChunk + m_used;
    std::memcpy(m_chunks[m_current].get() + m_used, s.data(), s.size());
    m_used += s.size();
    return (at << 16) | s.size();
  }
  std::string_view get(std::uint64_t packed) const {
    const std::uint64_t at = packed >> 16;
    return {m_chunks[at / kChunk].get() + at % kChunk, static_cast<std::size_t>(packed & 0xFFFF)};
  }
  std::uint64_t bytes() const { return m_chunks.size() * kChunk; }
  // The bytes storing `n` more bytes may allocate.
  std::uint64_t grow_bytes(std::size_t n) const {
    const bool next = m_chunks.empty() || m_used + std::min<std::size_t>(n, 0xFFFF) > kChunk;
    return next && (m_chunks.empty() || m_current + 1 == m_chunks.size()) ? kChunk : 0;
  }
  // Forgets every reference; the chunks stay, to be filled again.
  void clear() {
    m_current = 0;
    m_used = 0;
  }

private:
  std::vector<std::unique_ptr<char[]>> m_chunks;
  std::size_t m_current = 0;  // the chunk being filled
  std::size_t m_used = 0;
};

}  // namespace fbkit::clean
