#include "core/error.hpp"

#include <cerrno>
#include <cstring>

#include "core/strings.hpp"

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

std::string printable_message(std::string_view message) {
  std::string out = escape_controls(message);
  if (out.size() <= kMaxMessageBytes) {
    return out;
  }
  std::size_t cut = kMaxMessageBytes;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) {
    --cut;  // not inside a UTF-8 sequence
  }
  out.resize(cut);
  return out + "\u2026";
}

std::vector<std::string> capped_errors(const std::vector<std::string>& messages, const std::string& origin,
                                       std::size_t omitted) {
  std::vector<std::string> out;
  std::size_t bytes = 0;
  std::size_t i = 0;
  for (; i < messages.size() && i < kMaxErrorLines; ++i) {
    std::string line = printable_message(messages[i]);
    if (bytes + line.size() > kMaxErrorBytes && i > 0) {
      break;
    }
    bytes += line.size();
    out.push_back(std::move(line));
  }
  const std::size_t more = messages.size() - i + omitted;
  if (more > 0) {
    out.push_back(printable_message(origin) + ": ... and " + std::to_string(more) + " more error" +
                  (more == 1 ? "" : "s"));
  }
  return out;
}

void throw_errno(const std::string& what, const std::string& path) {
  const int err = errno;
  throw IoError(what + " " + path + ": " + std::strerror(err));
}

}  // namespace fbkit
