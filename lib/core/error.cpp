#include "core/error.hpp"

#include <cerrno>
#include <cstring>

namespace fbkit {

std::string Location::str() const {
  std::string s = file.empty() ? std::string("<input>") : file;
  if (line > 0) {
    s += ':' + std::to_string(line);
    if (col > 0) {
      s += ':' + std::to_string(col);
    }
  }
  return s;
}

void throw_errno(const std::string& what, const std::string& path) {
  const int err = errno;
  throw IoError(what + " " + path + ": " + std::strerror(err));
}

}  // namespace fbkit
