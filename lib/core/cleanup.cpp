#include "core/cleanup.hpp"

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

namespace fbkit {

namespace {

// Everything the handler reads is in static storage and published by an
// atomic flag, so it needs no lock and no allocation (async-signal-safe).
constexpr int kSlots = 64;
struct Slot {
  std::atomic<int> state{0};  // 0 free, 1 being filled, 2 live
  char path[PATH_MAX];
};
Slot g_slots[kSlots];

constexpr int kSignals[] = {SIGHUP, SIGINT, SIGPIPE, SIGTERM};

std::atomic<bool> g_deferring{false};
std::atomic<int> g_pending{0};

[[noreturn]] void clean_up_and_die(int sig) {
  for (Slot& s : g_slots) {
    if (s.state.load(std::memory_order_acquire) == 2) {
      ::unlink(s.path);
    }
  }
  // Die of the signal itself, so the parent sees WIFSIGNALED (a shell: 128+N).
  ::signal(sig, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  ::raise(sig);
  ::_exit(128 + sig);
}

void on_signal(int sig) {
  if (g_deferring.load(std::memory_order_acquire)) {
    g_pending.store(sig, std::memory_order_release);
    return;
  }
  clean_up_and_die(sig);
}

sigset_t handled_set() {
  sigset_t set;
  sigemptyset(&set);
  for (const int sig : kSignals) {
    sigaddset(&set, sig);
  }
  return set;
}

}  // namespace

void install_signal_cleanup() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sa.sa_mask = handled_set();  // one handler at a time
  for (const int sig : kSignals) {
    struct sigaction old {};
    // A signal the caller's parent ignores (nohup, `trap '' INT`) stays ignored.
    if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) {
      continue;
    }
    ::sigaction(sig, &sa, nullptr);
  }
}

int register_temp_file(const char* path) {
  if (std::strlen(path) >= PATH_MAX) {
    return -1;
  }
  for (int i = 0; i < kSlots; ++i) {
    int expected = 0;
    if (g_slots[i].state.compare_exchange_strong(expected, 1, std::memory_order_acquire)) {
      std::strcpy(g_slots[i].path, path);
      g_slots[i].state.store(2, std::memory_order_release);
      return i;
    }
  }
  return -1;
}

void unregister_temp_file(int slot) {
  if (slot >= 0 && slot < kSlots) {
    g_slots[slot].state.store(0, std::memory_order_release);
  }
}

DeferSignals::DeferSignals() {
  g_deferring.store(true, std::memory_order_release);
}

DeferSignals::~DeferSignals() {
  g_deferring.store(false, std::memory_order_release);
  if (const int sig = g_pending.exchange(0)) {
    clean_up_and_die(sig);
  }
}

}  // namespace fbkit
