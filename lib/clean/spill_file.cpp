// SpillFile: the tracker's unlinked temporary files, buffered both ways.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "clean/tracker.hpp"
#include "core/error.hpp"

namespace fbkit::clean {

namespace {

constexpr std::size_t kSpillBuffer = std::size_t{32} << 10;

}  // namespace

std::string SpillFile::directory() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/tmp";
}

SpillFile::SpillFile() {
  std::string name = directory() + "/fbkit-clean-XXXXXX";
  m_fd = ::mkstemp(name.data());
  if (m_fd < 0) {
    throw_errno("cannot create a temporary file", name);
  }
  ::unlink(name.c_str());  // a killed run leaves nothing behind
}

SpillFile::~SpillFile() {
  ::close(m_fd);
}

void SpillFile::flush() {
  for (std::size_t done = 0; done < m_pos;) {
    const ssize_t w = ::write(m_fd, m_buf.data() + done, m_pos - done);
    if (w < 0 && errno == EINTR) {
      continue;
    }
    if (w <= 0) {
      throw_errno("cannot write the duplicate-detection spill file in", directory());
    }
    done += static_cast<std::size_t>(w);
  }
  m_pos = 0;
}

void SpillFile::put(const void* data, std::size_t n) {
  if (m_buf.empty()) {
    m_buf.resize(kSpillBuffer);
  }
  const char* p = static_cast<const char*>(data);
  m_size += n;
  while (n > 0) {
    if (m_pos == m_buf.size()) {
      flush();
    }
    const std::size_t take = std::min(n, m_buf.size() - m_pos);
    std::memcpy(m_buf.data() + m_pos, p, take);
    m_pos += take;
    p += take;
    n -= take;
  }
}

void SpillFile::put_str(std::string_view s) {
  const auto n = static_cast<std::uint32_t>(s.size());
  put(&n, sizeof n);
  put(s.data(), s.size());
}

void SpillFile::rewind() {
  if (!m_reading) {
    flush();
    m_reading = true;
  }
  m_read_at = 0;
  m_pos = m_end = 0;
}

bool SpillFile::get(void* data, std::size_t n) {
  char* p = static_cast<char*>(data);
  std::size_t got = 0;
  while (got < n) {
    if (m_pos == m_end) {
      if (m_buf.empty()) {
        m_buf.resize(kSpillBuffer);
      }
      ssize_t r;
      do {
        r = ::pread(m_fd, m_buf.data(), m_buf.size(), static_cast<off_t>(m_read_at));
      } while (r < 0 && errno == EINTR);
      if (r < 0) {
        throw_errno("cannot read the duplicate-detection spill file in", directory());
      }
      if (r == 0) {
        if (got == 0) {
          return false;
        }
        throw IoError("the duplicate-detection spill file in " + directory() + " ends inside a record");
      }
      m_read_at += static_cast<std::uint64_t>(r);
      m_pos = 0;
      m_end = static_cast<std::size_t>(r);
    }
    const std::size_t take = std::min(n - got, m_end - m_pos);
    std::memcpy(p + got, m_buf.data() + m_pos, take);
    m_pos += take;
    got += take;
  }
  return true;
}

bool SpillFile::get_str(std::string& s) {
  std::uint32_t n = 0;
  if (!get(&n, sizeof n)) {
    return false;
  }
  s.resize(n);
  if (n > 0 && !get(s.data(), n)) {
    throw IoError("the duplicate-detection spill file in " + directory() + " ends inside a record");
  }
  return true;
}

}  // namespace fbkit::clean
