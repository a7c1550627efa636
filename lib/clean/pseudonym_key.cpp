#include "clean/pseudonym_key.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/error.hpp"

namespace fbkit::clean {

namespace {

text::PseudonymKey parse_or_fail(const std::string& text, const std::string& where) {
  text::PseudonymKey key{};
  if (!text::parse_key(text, key)) {
    throw ConfigError(where + ": not a pseudonym key (32 hex digits, e.g. from `openssl rand -hex 16`)");
  }
  return key;
}

// The first bytes of a key file (a key is 32 hex digits; /dev/zero is no key).
std::string read_key_text(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw ConfigError(path + ": cannot read the pseudonym key: " + std::strerror(errno));
  }
  char buf[128];
  const ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

std::string default_key_path() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg != nullptr && *xdg == '/') {
    return std::string(xdg) + "/fbkit/pseudonym.key";
  }
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home == '/') {
    return std::string(home) + "/.config/fbkit/pseudonym.key";
  }
  return {};
}

// Makes `dir` and its parents (mode 0700 for the ones made).
void make_dirs(const std::string& dir) {
  for (std::size_t slash = dir.find('/', 1);; slash = dir.find('/', slash + 1)) {
    const std::string part = dir.substr(0, slash);
    if (::mkdir(part.c_str(), 0700) != 0 && errno != EEXIST) {
      throw ConfigError(part + ": cannot make the folder for the pseudonym key: " + std::strerror(errno));
    }
    if (slash == std::string::npos) {
      return;
    }
  }
}

// A new random key published at `path` (0600). It is written to a temporary
// file first and linked into place, so no run ever reads a half-written key,
// and never over an existing file: a concurrent run's key wins and is read back.
text::PseudonymKey random_key() {
  text::PseudonymKey key{};
  if (::getrandom(key.data(), key.size(), 0) != static_cast<ssize_t>(key.size())) {
    throw ConfigError(std::string("cannot draw a random pseudonym key: ") + std::strerror(errno));
  }
  return key;
}

text::PseudonymKey create_key(const std::string& path, std::ostream& log) {
  make_dirs(path.substr(0, path.rfind('/')));
  const text::PseudonymKey key = random_key();
  std::string hex;
  static constexpr char kHex[] = "0123456789abcdef";
  for (const std::uint8_t b : key) {
    hex += kHex[b >> 4];
    hex += kHex[b & 15];
  }
  hex += '\n';
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid()) + "-" + hex.substr(0, 8);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw ConfigError(path + ": cannot create the pseudonym key: " + std::strerror(errno));
  }
  const bool ok = ::write(fd, hex.data(), hex.size()) == static_cast<ssize_t>(hex.size()) && ::fsync(fd) == 0;
  ::close(fd);
  const bool linked = ok && ::link(tmp.c_str(), path.c_str()) == 0;
  const int link_errno = errno;
  ::unlink(tmp.c_str());
  if (!linked && ok && link_errno == EEXIST) {
    return parse_or_fail(read_key_text(path), path);
  }
  if (!linked) {
    throw ConfigError(path + ": cannot write the pseudonym key: " + std::strerror(link_errno));
  }
  log << "fbkit clean: made a new pseudonym key in " << path
      << " (keep it: the same key gives the same pseudonyms next month)\n";
  return key;
}

}  // namespace

text::PseudonymKey load_pseudonym_key(const std::string& key_file, std::ostream& log, bool make) {
  if (!key_file.empty()) {
    return parse_or_fail(read_key_text(key_file), key_file);
  }
  if (const char* env = std::getenv("FBKIT_PSEUDONYM_KEY"); env != nullptr && *env != '\0') {
    return parse_or_fail(env, "FBKIT_PSEUDONYM_KEY");
  }
  const std::string path = default_key_path();
  if (path.empty() && !make) {
    return random_key();
  }
  if (path.empty()) {
    throw ConfigError("no pseudonym key: give --key-file FILE or set FBKIT_PSEUDONYM_KEY (32 hex digits)");
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    return parse_or_fail(read_key_text(path), path);
  }
  return make ? create_key(path, log) : random_key();
}

}  // namespace fbkit::clean
