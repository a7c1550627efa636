#include "core/cleanup.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

namespace fbkit {

namespace {

// Everything the handler reads is in static storage and published by an
// atomic flag, so it needs no lock and no allocation (async-signal-safe).
constexpr int kSlots = 64;
struct Slot {
  std::atomic<int> state{0};  // 0 free, 1 being filled, 2 a live file, 3 a live folder
  char path[PATH_MAX];
};
Slot g_slots[kSlots];

constexpr int kSignals[] = {SIGHUP, SIGINT, SIGPIPE, SIGTERM};

std::atomic<bool> g_deferring{false};
std::atomic<int> g_pending{0};

// Empties a flat folder and removes it with system calls alone (no opendir:
// it allocates), from a signal handler. Entries removed while the listing is
// read may make it skip some: read it again from the start, a bounded number
// of times, until nothing is left.
void remove_flat_dir(const char* path) {
  const int fd = ::open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return;
  }
  alignas(dirent64) static char buf[8192];
  for (int pass = 0; pass < 64; ++pass) {
    bool removed = false;
    ::lseek(fd, 0, SEEK_SET);
    for (;;) {
      const long n = ::syscall(SYS_getdents64, fd, buf, sizeof buf);
      if (n <= 0) {
        break;
      }
      for (long at = 0; at < n;) {
        const auto* d = reinterpret_cast<const dirent64*>(buf + at);  // NOLINT: the kernel's record layout
        at += d->d_reclen;
        if (std::strcmp(d->d_name, ".") != 0 && std::strcmp(d->d_name, "..") != 0) {
          removed = ::unlinkat(fd, d->d_name, 0) == 0 || removed;
        }
      }
    }
    if (!removed) {
      break;
    }
  }
  ::close(fd);
  ::rmdir(path);
}

[[noreturn]] void clean_up_and_die(int sig) {
  for (Slot& s : g_slots) {
    if (s.state.load(std::memory_order_acquire) == 2) {
      ::unlink(s.path);
    }
  }
  for (Slot& s : g_slots) {  // the folders once the files in them are gone
    if (s.state.load(std::memory_order_acquire) == 3) {
      remove_flat_dir(s.path);
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

namespace {

int register_slot(const char* path, int live) {
  if (std::strlen(path) >= PATH_MAX) {
    return -1;
  }
  for (int i = 0; i < kSlots; ++i) {
    int expected = 0;
    if (g_slots[i].state.compare_exchange_strong(expected, 1, std::memory_order_acquire)) {
      std::strcpy(g_slots[i].path, path);
      g_slots[i].state.store(live, std::memory_order_release);
      return i;
    }
  }
  return -1;
}

}  // namespace

int register_temp_file(const char* path) {
  return register_slot(path, 2);
}

int register_temp_dir(const char* path) {
  return register_slot(path, 3);
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
