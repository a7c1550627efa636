#include "core/io.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include "core/error.hpp"

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

bool process_alive(long pid) {
  return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

// Removes "<prefix><pid>-<n>" files whose writer process no longer exists.
void remove_stale_temps(const std::string& path) {
  const std::string dir = dir_of(path);
  const std::string prefix = base_of(temp_prefix_for(path));
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) {
    return;
  }
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name.compare(0, prefix.size(), prefix) != 0) {
      continue;
    }
    const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (!process_alive(pid)) {
      ::unlink((dir + "/" + name).c_str());
    }
  }
  ::closedir(d);
}

}  // namespace

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
  for (;;) {
    const ssize_t got = ::read(m_fd, buf, n);
    if (got >= 0) {
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
  std::random_device rd;
  for (int attempt = 0; attempt < 100 && m_fd < 0; ++attempt) {
    m_tmp = temp_prefix_for(target) + std::to_string(::getpid()) + "-" + std::to_string(rd());
    m_fd = ::open(m_tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (m_fd < 0 && errno != EEXIST) {
      throw_errno("cannot create a file in the directory of", path);
    }
  }
  if (m_fd < 0) {
    throw IoError("cannot create a temporary file for " + path);
  }
  m_owned = true;
}

OutputFile::~OutputFile() {
  if (m_owned && m_fd >= 0) {
    ::close(m_fd);
  }
  if (!m_committed && !m_tmp.empty()) {
    ::unlink(m_tmp.c_str());
  }
}

void OutputFile::write(const char* data, std::size_t n) {
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
  }
}

void OutputFile::commit() {
  if (m_committed) {
    return;
  }
  if (!m_tmp.empty()) {
    if (::fsync(m_fd) != 0 || ::close(m_fd) != 0) {
      m_fd = -1;
      throw_errno("cannot write", m_path);
    }
    m_fd = -1;
    if (::rename(m_tmp.c_str(), m_path.c_str()) != 0) {
      throw_errno("cannot rename the temporary file to", m_path);
    }
  }
  m_committed = true;
}

std::string read_file(const std::string& path) {
  FileSource src(path);
  std::string out;
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
