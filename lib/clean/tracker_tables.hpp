// The tracker's in-memory tables (internal to tracker.cpp): a set of 128-bit
// hashes and the references it names.
#pragma once

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

// An open-addressing set of 128-bit hashes, each with what its Slot holds,
// at most three-quarters full.
template <typename S>
class Tracker::Table {
public:
  using Slot = S;
  static constexpr std::size_t kFirstSlots = std::size_t{1} << 16;

  // Brings the hash's first slot into the cache ahead of find_or_insert.
  void prefetch(std::uint64_t lo) const {
    if (!m_slots.empty()) {
      __builtin_prefetch(&m_slots[static_cast<std::size_t>(lo == 0 ? 1 : lo) & m_mask]);
    }
  }

  // The slot of the hash; inserted when absent (*inserted is then true).
  Slot* find_or_insert(std::uint64_t lo, std::uint64_t hi, bool* inserted) {
    *inserted = false;
    if (lo == 0 && hi == 0) {
      lo = 1;  // (0, 0) marks an empty slot
    }
    if (m_slots.empty()) {
      rehash(kFirstSlots);
    }
    std::size_t i = static_cast<std::size_t>(lo) & m_mask;
    for (;; i = (i + 1) & m_mask) {
      Slot& s = m_slots[i];
      if (s.lo == lo && s.hi == hi) {
        return &s;
      }
      if (s.lo == 0 && s.hi == 0) {
        break;
      }
    }
    if ((m_size + 1) * 4 > m_slots.size() * 3) {
      rehash(m_slots.size() * 2);
      return find_or_insert(lo, hi, inserted);
    }
    Slot& s = m_slots[i];
    s.lo = lo;
    s.hi = hi;
    ++m_size;
    *inserted = true;
    return &s;
  }

  std::size_t size() const { return m_size; }
  std::uint64_t bytes() const { return m_slots.size() * sizeof(Slot); }
  // The bytes one more insert may allocate (a doubling), else 0.
  std::uint64_t grow_bytes() const {
    if (m_slots.empty()) {
      return kFirstSlots * sizeof(Slot);
    }
    return (m_size + 1) * 4 > m_slots.size() * 3 ? 2 * bytes() : 0;
  }
  template <typename F>
  void for_each(F&& f) const {
    for (const Slot& s : m_slots) {
      if (s.lo != 0 || s.hi != 0) {
        f(s);
      }
    }
  }

private:
  void rehash(std::size_t n) {
    std::vector<Slot> old;
    old.swap(m_slots);
    m_slots.assign(n, Slot{});
    m_mask = n - 1;
    for (const Slot& s : old) {
      if (s.lo != 0 || s.hi != 0) {
        std::size_t i = static_cast<std::size_t>(s.lo) & m_mask;
        while (m_slots[i].lo != 0 || m_slots[i].hi != 0) {
          i = (i + 1) & m_mask;
        }
        m_slots[i] = s;
      }
    }
  }

  std::vector<Slot> m_slots;
  std::size_t m_mask = 0;
  std::size_t m_size = 0;
};

// The references (feedback_ids) the tables name, in fixed-size chunks: no
// doubling, so no copy and no peak of twice the size.
class Tracker::Refs {
public:
  static constexpr std::size_t kChunk = std::size_t{256} << 10;

  std::uint64_t put(std::string_view s) {
    s = s.substr(0, 0xFFFF);
    if (m_chunks.empty() || m_used + s.size() > kChunk) {
      m_chunks.push_back(std::make_unique<char[]>(kChunk));
      m_used = 0;
    }
    const std::uint64_t at = (m_chunks.size() - 1) * kChunk + m_used;
    std::memcpy(m_chunks.back().get() + m_used, s.data(), s.size());
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
    return m_chunks.empty() || m_used + std::min<std::size_t>(n, 0xFFFF) > kChunk ? kChunk : 0;
  }

private:
  std::vector<std::unique_ptr<char[]>> m_chunks;
  std::size_t m_used = 0;
};

}  // namespace fbkit::clean
