#include "core/progress.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <mutex>

namespace fbkit::progress {

namespace detail {
std::atomic<bool> g_counting{false};
}  // namespace detail

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::int64_t kRedrawNs = 250'000'000;  // four times a second at most

std::atomic<std::uint64_t> g_rows{0};
std::atomic<std::uint64_t> g_bytes{0};
std::atomic<std::uint64_t> g_total{0};
std::atomic<std::int64_t> g_next_draw_ns{0};
std::atomic<bool> g_draw{false};
std::atomic<bool> g_shown{false};
std::mutex g_mutex;  // one drawer at a time
std::string g_label;
Clock::time_point g_started;

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - g_started).count();
}

// 1234567 -> "1,234,567"
std::string grouped(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      out += ',';
    }
    out += digits[i];
  }
  return out;
}

// "12,345 rows, 3.2 MB of 10.0 MB (32%), 7.8 MB/s, ETA 0:02" while running;
// "... in 0.41 s, 7.8 MB/s" at the end.
std::string figures(bool final) {
  const double seconds = static_cast<double>(now_ns()) / 1e9;
  const double mb = static_cast<double>(g_bytes.load()) / 1e6;
  const double total = static_cast<double>(g_total.load()) / 1e6;
  const double rate = seconds > 0 ? mb / seconds : 0;
  std::string out = fmt::format("{} rows, {:.1f} MB", grouped(g_rows.load()), mb);
  if (final) {
    return out + fmt::format(" in {:.2f} s, {:.1f} MB/s", seconds, rate);
  }
  if (total > 0 && mb <= total) {
    out += fmt::format(" of {:.1f} MB ({:.0f}%)", total, 100 * mb / total);
  }
  out += fmt::format(", {:.1f} MB/s", rate);
  if (total > 0 && mb <= total && rate > 0) {
    const long eta = std::lround((total - mb) / rate);
    out += fmt::format(", ETA {}:{:02}", eta / 60, eta % 60);
  }
  return out;
}

void write_stderr(const std::string& s) {
  // Best effort: a meter that cannot be drawn is no error.
  for (std::size_t done = 0; done < s.size();) {
    const ssize_t n = ::write(STDERR_FILENO, s.data() + done, s.size() - done);
    if (n <= 0) {
      return;
    }
    done += static_cast<std::size_t>(n);
  }
}

void draw_locked() {
  write_stderr("\r" + g_label + ": " + figures(false) + "\033[K");
  g_shown = true;
}

void maybe_draw() {
  if (!g_draw.load(std::memory_order_relaxed)) {
    return;
  }
  const std::int64_t now = now_ns();
  std::int64_t next = g_next_draw_ns.load(std::memory_order_relaxed);
  if (now < next || !g_next_draw_ns.compare_exchange_strong(next, now + kRedrawNs)) {
    return;
  }
  const std::unique_lock<std::mutex> lock(g_mutex, std::try_to_lock);
  if (lock.owns_lock()) {
    draw_locked();
  }
}

}  // namespace

namespace detail {

void add_rows(std::uint64_t n) {
  g_rows.fetch_add(n, std::memory_order_relaxed);
  maybe_draw();
}

void add_bytes(std::uint64_t n) {
  g_bytes.fetch_add(n, std::memory_order_relaxed);
  maybe_draw();
}

}  // namespace detail

void add_input_size(std::uint64_t bytes) {
  g_total.fetch_add(bytes, std::memory_order_relaxed);
}

void start(std::string label, bool draw) {
  const std::lock_guard<std::mutex> lock(g_mutex);
  g_label = std::move(label);
  g_started = Clock::now();
  g_next_draw_ns = kRedrawNs;  // a run shorter than this shows no meter until it ends
  g_draw = draw;
  detail::g_counting = true;
}

void clear() {
  const std::lock_guard<std::mutex> lock(g_mutex);
  if (g_shown) {
    write_stderr("\r\033[K");
    g_shown = false;
  }
}

std::string stop() {
  const std::lock_guard<std::mutex> lock(g_mutex);
  if (!detail::g_counting) {
    return std::string();
  }
  detail::g_counting = false;
  if (g_draw) {
    draw_locked();  // the last figures, then the line is left clean for the messages that follow
    write_stderr("\r\033[K");
    g_shown = false;
    g_draw = false;
  }
  return figures(true);
}

}  // namespace fbkit::progress
