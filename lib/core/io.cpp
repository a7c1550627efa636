#include "core/io.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <stdexcept>
#include <vector>

#include "core/cleanup.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "core/stdin_peek.hpp"

namespace fbkit {

namespace {

std::string dir_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) {
    return ".";
  }
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Twelve hex digits naming the running kernel: the boot id, shared by every
// PID namespace and container on this kernel (a hostname is not: containers
// may share one, and a host may run several kernels' worth of them).
const std::string& kernel_tag() {
  static const std::string tag = [] {
    std::string id;
    if (FILE* f = std::fopen("/proc/sys/kernel/random/boot_id", "re")) {
      for (int c; (c = std::fgetc(f)) != EOF && id.size() < 12;) {
        if (std::isxdigit(c) != 0) {
          id += static_cast<char>(std::tolower(c));
        }
      }
      std::fclose(f);
    }
    if (id.size() == 12) {
      return id;
    }
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    std::uint64_t h = 1469598103934665603ULL;  // FNV-1a of the host name
    for (const char* p = host; *p != '\0'; ++p) {
      h = (h ^ static_cast<unsigned char>(*p)) * 1099511628211ULL;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%012llx", static_cast<unsigned long long>(h & 0xFFFFFFFFFFFFULL));
    return std::string(buf);
  }();
  return tag;
}

// A temporary file of another kernel (another machine on a network file
// system, or this one before a reboot) whose lock is free is removed only
// after a day without a change: where locks are local to each machine (NFS
// mounted nolock or local_lock), a free lock does not prove its writer dead.
constexpr std::time_t kForeignTempAge = 24 * 60 * 60;

// Removes the temporary files of `path` that no live writer holds locked.
void remove_stale_temps(const std::string& path) {
  const std::string dir = dir_of(path);
  const std::string prefix = base_of(temp_prefix_for(path));
  const std::string ours = prefix + kernel_tag() + "-";
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) {
    return;
  }
  const int dfd = ::dirfd(d);
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name.compare(0, prefix.size(), prefix) != 0) {
      continue;
    }
    // Opened for writing: NFS emulates flock with fcntl locks, and an
    // exclusive one needs a writable descriptor.
    const int fd = ::openat(dfd, name.c_str(), O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
      continue;  // gone, or another user's: left alone
    }
    struct stat st {};
    struct stat now {};
    // A writer holds its lock from creation to rename; a free lock means the
    // writer is gone (or has not taken it yet: it then sees its file unlinked
    // and makes another, see create_temp).
    const bool stale = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && ::flock(fd, LOCK_EX | LOCK_NB) == 0 &&
                       (name.compare(0, ours.size(), ours) == 0 || std::time(nullptr) - st.st_mtime > kForeignTempAge);
    if (stale && ::fstatat(dfd, name.c_str(), &now, AT_SYMLINK_NOFOLLOW) == 0 && now.st_dev == st.st_dev &&
        now.st_ino == st.st_ino) {
      ::unlinkat(dfd, name.c_str(), 0);
    }
    ::close(fd);
  }
  ::closedir(d);
}

// Creates a temporary file for `target`, mode 0600, locked, registered with
// the signal handler. Returns its descriptor; `tmp` and `slot` are set.
int create_temp(const std::string& target, const std::string& shown, std::string& tmp, int& slot) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    tmp = temp_name_for(target);
    // Registered before it exists, so a signal never leaves it behind; the
    // name is unique (kernel, pid, 64 random bits), so never another's file.
    slot = register_temp_file(tmp.c_str());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      const int err = errno;
      unregister_temp_file(slot);
      slot = -1;
      if (err == EEXIST) {
        continue;
      }
      errno = err;
      throw_errno("cannot create a file in the directory of", shown);
    }
    // Without lock support (flock fails) no other run can take the lock
    // either, so none removes the file.
    ::flock(fd, LOCK_EX);
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_nlink == 0) {
      // Another run's cleanup took the lock between open and flock, and removed it.
      ::close(fd);
      unregister_temp_file(slot);
      slot = -1;
      continue;
    }
    return fd;
  }
  throw IoError("cannot create a temporary file for " + shown);
}

// The process umask, read without changing it where the system tells it
// (Linux 4.7+); otherwise set and restored at once.
mode_t current_umask() {
  if (FILE* f = std::fopen("/proc/self/status", "re")) {
    char line[256];
    while (std::fgets(line, sizeof line, f) != nullptr) {
      unsigned m = 0;
      if (std::sscanf(line, "Umask: %o", &m) == 1) {
        std::fclose(f);
        return static_cast<mode_t>(m);
      }
    }
    std::fclose(f);
  }
  const mode_t m = ::umask(022);
  ::umask(m);
  return m;
}

// The bytes peek_stdin() took from standard input, and how many of them a
// FileSource of standard input has read again.
std::string g_stdin_head;
std::size_t g_stdin_head_read = 0;

}  // namespace

std::string_view peek_stdin(std::size_t n) {
  while (g_stdin_head.size() < n && g_stdin_head.find('\n') == std::string::npos) {
    const std::size_t had = g_stdin_head.size();
    g_stdin_head.resize(n);
    const ssize_t got = ::read(0, g_stdin_head.data() + had, n - had);
    g_stdin_head.resize(had + static_cast<std::size_t>(got > 0 ? got : 0));
    if (got == 0 || (got < 0 && errno != EINTR)) {
      break;  // the end (or an error the command's own read reports)
    }
  }
  return std::string_view(g_stdin_head).substr(g_stdin_head_read);
}

FileSource::FileSource(const std::string& path, std::string name) : FileSource(path) {
  m_name = std::move(name);
}

StdinSpool::StdinSpool(const std::string& command, std::string_view already_read) {
  const char* dir = std::getenv("TMPDIR");
  std::string name = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/fbkit-" + command + "-XXXXXX";
  m_fd = ::mkstemp(name.data());
  if (m_fd < 0) {
    throw_errno("cannot create a temporary file", name);
  }
  // Unlinked at once: a killed run leaves nothing behind. The copy is read
  // back through /proc/self/fd, once per pass.
  ::unlink(name.c_str());
  m_path = "/proc/self/fd/" + std::to_string(m_fd);
  try {
    const auto put = [&](const char* data, std::size_t n) {
      for (std::size_t done = 0; done < n;) {
        const ssize_t w = ::write(m_fd, data + done, n - done);
        if (w < 0 && errno == EINTR) {
          continue;
        }
        if (w <= 0) {
          throw_errno("cannot write the copy of standard input to", name);
        }
        done += static_cast<std::size_t>(w);
      }
    };
    put(already_read.data(), already_read.size());
    FileSource in("-");
    std::vector<char> buf(1 << 16);
    for (std::size_t n; (n = in.read(buf.data(), buf.size())) > 0;) {
      put(buf.data(), n);
    }
  } catch (...) {
    ::close(m_fd);
    throw;
  }
}

StdinSpool::~StdinSpool() {
  ::close(m_fd);
}

FileSource::FileSource(const std::string& path) {
  if (path == "-" || path.empty()) {
    m_fd = 0;
    m_name = "<stdin>";
    struct stat st {};
    if (::fstat(m_fd, &st) == 0 && S_ISREG(st.st_mode)) {  // < file: the meter knows its size
      const off_t at = ::lseek(m_fd, 0, SEEK_CUR);
      progress::add_input_size(static_cast<std::uint64_t>(st.st_size - (at > 0 ? at : 0)));
    }
    return;
  }
  m_name = path;
  m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (m_fd < 0) {
    throw_errno("cannot open", path);
  }
  m_owned = true;
  struct stat st {};
  if (::fstat(m_fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(m_fd);
    m_fd = -1;
    throw IoError("cannot read " + path + ": is a directory");
  }
  if (S_ISREG(st.st_mode)) {
    progress::add_input_size(static_cast<std::uint64_t>(st.st_size));
  }
#ifdef POSIX_FADV_SEQUENTIAL
  ::posix_fadvise(m_fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
}

FileSource::~FileSource() {
  if (m_owned && m_fd >= 0) {
    ::close(m_fd);
  }
}

std::size_t FileSource::read(char* buf, std::size_t n) {
  if (m_fd == 0 && !m_owned && g_stdin_head_read < g_stdin_head.size()) {
    const std::size_t k = std::min(n, g_stdin_head.size() - g_stdin_head_read);
    std::memcpy(buf, g_stdin_head.data() + g_stdin_head_read, k);
    g_stdin_head_read += k;
    progress::add_bytes(k);
    return k;
  }
  for (;;) {
    const ssize_t got = ::read(m_fd, buf, n);
    if (got >= 0) {
      progress::add_bytes(static_cast<std::uint64_t>(got));
      return static_cast<std::size_t>(got);
    }
    if (errno != EINTR) {
      throw_errno("cannot read", m_name);
    }
  }
}

std::size_t StringSource::read(char* buf, std::size_t n) {
  const std::size_t k = std::min(n, m_data.size() - m_pos);
  std::memcpy(buf, m_data.data() + m_pos, k);
  m_pos += k;
  return k;
}

std::size_t PrefixedSource::read(char* buf, std::size_t n) {
  if (m_pos < m_prefix.size()) {
    const std::size_t k = std::min(n, m_prefix.size() - m_pos);
    std::memcpy(buf, m_prefix.data() + m_pos, k);
    m_pos += k;
    return k;
  }
  return m_rest.read(buf, n);
}

std::string temp_prefix_for(const std::string& path) {
  const std::string dir = dir_of(path);
  return (dir == "/" ? "" : dir) + "/." + base_of(path) + ".fbkit-tmp-";
}

std::string temp_name_for(const std::string& path) {
  static thread_local std::mt19937_64 random{std::random_device{}() ^ (static_cast<std::uint64_t>(::getpid()) << 32)};
  char rnd[17];
  std::snprintf(rnd, sizeof rnd, "%016llx", static_cast<unsigned long long>(random()));
  return temp_prefix_for(path) + kernel_tag() + "-" + std::to_string(::getpid()) + "-" + rnd;
}

OutputFile::OutputFile(const std::string& path) : m_path(path) {
  if (path == "-" || path.empty() || path == "/dev/stdout") {
    m_fd = 1;
    m_path = path == "/dev/stdout" ? path : "<stdout>";
    return;
  }
  if (path == "/dev/stderr") {
    m_fd = 2;
    return;
  }
  // A pipe, FIFO, socket or device (also through a link such as /dev/fd/63
  // from a shell's >(...), which realpath cannot resolve) is written directly.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
    m_fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (m_fd < 0) {
      throw_errno("cannot open", path);
    }
    m_owned = true;
    return;
  }
  // Never rename over a symbolic link: write through it to what it names.
  // (/dev/stdout is a link to /proc/self/fd/1, which may be a regular file.)
  std::string target = path;
  if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    char* resolved = ::realpath(path.c_str(), nullptr);
    if (resolved == nullptr) {
      throw_errno("cannot resolve the link", path);
    }
    target = resolved;
    std::free(resolved);
  }
  const bool system_path = target.rfind("/proc/", 0) == 0 || target.rfind("/dev/", 0) == 0;
  if (::stat(target.c_str(), &st) == 0 && (!S_ISREG(st.st_mode) || system_path)) {
    if (S_ISDIR(st.st_mode)) {
      throw IoError("cannot write " + path + ": is a directory");
    }
    m_fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);  // /dev/null, a FIFO, a tty, a /proc fd
    if (m_fd < 0) {
      throw_errno("cannot open", path);
    }
    m_owned = true;
    return;
  }
  m_path = target;
  remove_stale_temps(target);
  m_fd = create_temp(target, path, m_tmp, m_slot);
  m_owned = true;
}

OutputFile::~OutputFile() {
  if (!m_committed && !m_tmp.empty()) {
    ::unlink(m_tmp.c_str());  // before the fd closes: the lock keeps other runs off it until then
    unregister_temp_file(m_slot);
  }
  if (m_owned && m_fd >= 0) {
    ::close(m_fd);
  }
}

void OutputFile::write(const char* data, std::size_t n) {
  if (m_finished && !m_tmp.empty()) {
    throw std::logic_error("OutputFile::write after finish: " + m_path);
  }
  while (n > 0) {
    const ssize_t put = ::write(m_fd, data, n);
    if (put < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw_errno("cannot write", m_path);
    }
    data += put;
    n -= static_cast<std::size_t>(put);
    m_written += static_cast<std::uint64_t>(put);
  }
#ifdef SYNC_FILE_RANGE_WRITE
  // The disk writes start every few MiB, as the file grows, not all in
  // finish()'s fsync, which then waits for the last few MiB only (a large
  // output's fsync was a tenth of a second at the end of a clean run).
  constexpr std::uint64_t kFlushEvery = std::uint64_t{8} << 20;
  if (!m_tmp.empty() && m_written - m_flushed >= kFlushEvery) {
    // Only a start: errors surface in finish()'s fsync.
    ::sync_file_range(m_fd, static_cast<off_t>(m_flushed), static_cast<off_t>(m_written - m_flushed),
                      SYNC_FILE_RANGE_WRITE);
    m_flushed = m_written;
  }
#endif
}

void OutputFile::commit() {
  finish();
  publish();
}

void OutputFile::finish() {
  if (m_finished) {
    return;
  }
  if (!m_tmp.empty()) {
    // The new file takes the place of the old one: it gets its mode, and its
    // owner and group where allowed (root, or a group the writer is in).
    struct stat old {};
    if (::stat(m_path.c_str(), &old) == 0 && S_ISREG(old.st_mode)) {
      if (::fchown(m_fd, old.st_uid, old.st_gid) != 0) {
        [[maybe_unused]] const int ignored = ::fchown(m_fd, static_cast<uid_t>(-1), old.st_gid);
      }
      // After fchown, which may clear the set-id bits.
      ::fchmod(m_fd, old.st_mode & 07777);
    } else {
      ::fchmod(m_fd, 0666 & ~current_umask());
    }
    if (::fsync(m_fd) != 0) {
      throw_errno("cannot write", m_path);
    }
  }
  m_finished = true;
}

void OutputFile::publish() {
  if (m_committed) {
    return;
  }
  finish();
  if (!m_tmp.empty()) {
    if (::rename(m_tmp.c_str(), m_path.c_str()) != 0) {
      throw_errno("cannot rename the temporary file to", m_path);
    }
    unregister_temp_file(m_slot);
    m_slot = -1;
    // Closed only now: the lock is held until the file has its final name.
    ::close(m_fd);  // after a successful fsync, nothing is left to fail
    m_fd = -1;
  }
  m_committed = true;
}

std::vector<std::string> input_paths(const std::vector<std::string>& named) {
  if (named.empty()) {
    return {"-"};
  }
  if (std::count(named.begin(), named.end(), "-") > 1) {
    throw UsageError("standard input ('-') can be named only once");
  }
  return named;
}

std::string input_name(const std::string& path) {
  return path == "-" ? "<stdin>" : path;
}

std::string read_file(const std::string& path) {
  FileSource src(path);
  std::string out;
  // A regular file's size reserved at once: no growing by appends (each a copy, costly under ASan).
  struct stat st {};
  if (path != "-" && !path.empty() && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
    out.reserve(static_cast<std::size_t>(st.st_size));
  }
  char buf[65536];
  while (const std::size_t n = src.read(buf, sizeof buf)) {
    out.append(buf, n);
  }
  return out;
}

void write_file_atomic(const std::string& path, std::string_view data) {
  OutputFile out(path);
  out.write(data.data(), data.size());
  out.commit();
}

}  // namespace fbkit
