// The progress meter of a run: rows and bytes read, shown on standard error
// while a command works when the front-end turned it on (standard error a
// terminal), and summed up by --verbose. Process-wide, because every reader
// of every command feeds it; off, it costs a relaxed load per 1,024 rows and
// per block read.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace fbkit::progress {

namespace detail {
extern std::atomic<bool> g_counting;
void add_rows(std::uint64_t n);
void add_bytes(std::uint64_t n);
}  // namespace detail

// Starts counting for the command named `label` ("fbkit import"); with `draw`,
// the meter is redrawn on file descriptor 2 at most four times a second.
void start(std::string label, bool draw);
// Erases the meter's line if it is shown (before a message is written).
void clear();
// Stops counting: a shown meter is drawn a last time and erased. Returns the
// final figures ("12,345 rows, 3.2 MB in 0.41 s, 7.8 MB/s"), or "" if not started.
std::string stop();

// A file of `bytes` is about to be read: the total the ETA is measured against.
void add_input_size(std::uint64_t bytes);
// Bytes read from an input (FileSource), rows parsed (csv::Reader, in batches).
inline void add_bytes(std::uint64_t n) {
  if (detail::g_counting.load(std::memory_order_relaxed)) {
    detail::add_bytes(n);
  }
}
inline void add_rows(std::uint64_t n) {
  if (detail::g_counting.load(std::memory_order_relaxed)) {
    detail::add_rows(n);
  }
}

}  // namespace fbkit::progress
