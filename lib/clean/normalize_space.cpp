// The normalization steps that work on bytes alone (lib/clean/normalize.hpp):
// zero-width characters removed, white space collapsed.
#include "clean/normalize.hpp"

namespace fbkit::clean {

bool remove_zero_width(std::string_view in, std::string& out) {
  // U+200B..U+200F and U+2060 are E2 80 8B..8F / E2 81 A0; U+FEFF EF BB BF;
  // U+00AD C2 AD; U+180E E1 A0 8E.
  auto zero_width_at = [&](std::size_t i) -> std::size_t {
    const auto b0 = static_cast<unsigned char>(in[i]);
    if (b0 != 0xE2 && b0 != 0xEF && b0 != 0xC2 && b0 != 0xE1) {
      return 0;
    }
    const auto b1 = i + 1 < in.size() ? static_cast<unsigned char>(in[i + 1]) : 0;
    const auto b2 = i + 2 < in.size() ? static_cast<unsigned char>(in[i + 2]) : 0;
    if (b0 == 0xC2 && b1 == 0xAD) {
      return 2;
    }
    if ((b0 == 0xE2 && b1 == 0x80 && b2 >= 0x8B && b2 <= 0x8F) || (b0 == 0xE2 && b1 == 0x81 && b2 == 0xA0) ||
        (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) || (b0 == 0xE1 && b1 == 0xA0 && b2 == 0x8E)) {
      return 3;
    }
    return 0;
  };
  std::size_t i = 0;
  for (; i < in.size(); ++i) {
    if (zero_width_at(i) != 0) {
      break;
    }
  }
  if (i == in.size()) {
    out.assign(in);
    return false;
  }
  out.assign(in.substr(0, i));
  while (i < in.size()) {
    const std::size_t z = zero_width_at(i);
    if (z != 0) {
      i += z;
    } else {
      out += in[i++];
    }
  }
  return true;
}

bool collapse_whitespace(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  bool pending_space = false;
  bool pending_newline = false;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
      pending_space = true;
    } else if (c == '\n' || c == '\r') {
      pending_newline = true;
      pending_space = false;
    } else {
      if (!out.empty()) {
        if (pending_newline) {
          out += '\n';
        } else if (pending_space) {
          out += ' ';
        }
      }
      pending_space = pending_newline = false;
      out += c;
    }
  }
  return out != in;
}

}  // namespace fbkit::clean
