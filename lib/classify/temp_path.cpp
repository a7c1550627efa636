#include "classify/temp_path.hpp"

#include <unistd.h>

#include <cstdlib>

#include "core/error.hpp"

namespace fbkit::classify {

TempPath::TempPath(const std::string& what) {
  const char* dir = std::getenv("TMPDIR");
  m_path = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/fbkit-" + what + "-XXXXXX";
  const int fd = ::mkstemp(m_path.data());
  if (fd < 0) {
    throw IoError("cannot create a temporary file " + m_path);
  }
  ::close(fd);
}

TempPath::~TempPath() { ::unlink(m_path.c_str()); }

}  // namespace fbkit::classify
