#include "run/folder.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>  // renameat2 (glibc 2.28)
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <vector>

#include "core/cleanup.hpp"
#include "core/error.hpp"

namespace fbkit::run {

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path, int err) {
  throw IoError(path + ": " + what + ": " + std::strerror(err));
}

void fsync_path(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

std::string host_name() {
  char name[HOST_NAME_MAX + 1] = {};
  if (::gethostname(name, sizeof name - 1) != 0) {
    return "host";
  }
  std::string h(name);
  return h.empty() ? "host" : h;
}

// The temporary folders a run killed with SIGKILL (which no handler sees) left
// in `parent`: `.NAME.fbkit-run-HOST-PID-XXXXXX` of this host whose process is
// gone. A folder of another host, of a running process, or of another form is
// left alone.
void remove_orphans(const std::string& parent, const std::string& host) {
  std::error_code ec;
  const std::string mark = ".fbkit-run-" + host + "-";
  for (const auto& entry : std::filesystem::directory_iterator(parent, ec)) {
    const std::string name = entry.path().filename().string();
    const std::size_t at = name.find(mark);
    if (name.empty() || name.front() != '.' || at == std::string::npos || !entry.is_directory(ec)) {
      continue;
    }
    const std::string rest = name.substr(at + mark.size());  // PID-XXXXXX
    const std::size_t dash = rest.find('-');
    if (dash == std::string::npos || dash == 0 || rest.size() - dash != 7 ||
        rest.find_first_not_of("0123456789") != dash) {
      continue;
    }
    const long pid = std::strtol(rest.substr(0, dash).c_str(), nullptr, 10);
    if (pid > 0 && pid <= INT_MAX && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
      std::filesystem::remove_all(entry.path(), ec);
    }
  }
}

}  // namespace

RunFolder::RunFolder(const std::string& parent, const std::string& name)
    : m_parent(parent), m_target(parent + "/" + name) {
  const std::string host = host_name();
  remove_orphans(parent, host);
  std::string pattern = parent + "/." + name + ".fbkit-run-" + host + "-" + std::to_string(::getpid()) + "-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr) {
    fail("cannot make the run folder", parent, errno);
  }
  m_temp = std::filesystem::absolute(buf.data()).string();  // the run changes into it
  m_slot = register_temp_dir(m_temp.c_str());
  // mkdtemp makes it 0700; a run folder is read by others as any output file is.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::chmod(m_temp.c_str(), 0777 & ~mask);
}

void RunFolder::rename(const std::string& name) {
  m_target = m_parent + "/" + name;
}

RunFolder::~RunFolder() {
  if (!m_published) {
    std::error_code ec;
    std::filesystem::remove_all(m_temp, ec);  // best effort: nothing to report from a destructor
  }
  unregister_temp_dir();
}

void RunFolder::unregister_temp_dir() {
  unregister_temp_file(m_slot);
  m_slot = -1;
}

void RunFolder::publish() {
  fsync_path(m_temp);  // every file in it was synced when committed
  struct stat st {};
  const bool exists = ::lstat(m_target.c_str(), &st) == 0;
  if (exists && !S_ISDIR(st.st_mode)) {
    throw IoError(m_target + ": exists and is not a folder: the run folder cannot take its place");
  }
  {
    // A signal between the rename and forgetting the slot would remove the published folder.
    const DeferSignals defer;
    if (!exists) {
      if (::rename(m_temp.c_str(), m_target.c_str()) != 0) {
        fail("cannot put the run folder in place", m_target, errno);
      }
      unregister_temp_dir();
    } else if (::renameat2(AT_FDCWD, m_temp.c_str(), AT_FDCWD, m_target.c_str(), RENAME_EXCHANGE) != 0) {
      fail("cannot replace the previous run folder", m_target, errno);
    }  // exchanged: the temporary path now holds the previous run's folder, still removed on a signal
    m_published = true;
  }
  fsync_path(std::filesystem::path(m_target).parent_path().string());
  if (exists) {
    std::error_code ec;
    std::filesystem::remove_all(m_temp, ec);  // now the previous run's folder
    unregister_temp_dir();
    if (ec) {
      throw IoError(m_temp + ": the previous run folder was replaced but not removed: " + ec.message());
    }
  }
}

}  // namespace fbkit::run
