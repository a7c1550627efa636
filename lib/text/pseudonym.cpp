#include "text/pseudonym.hpp"

#include <fmt/core.h>

namespace fbkit::text {

namespace {

inline std::uint64_t rotl(std::uint64_t x, int b) {
  return (x << b) | (x >> (64 - b));
}

inline std::uint64_t load64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) {
    v = (v << 8) | p[i];
  }
  return v;
}

struct State {
  std::uint64_t v0, v1, v2, v3;
  void round() {
    v0 += v1;
    v1 = rotl(v1, 13);
    v1 ^= v0;
    v0 = rotl(v0, 32);
    v2 += v3;
    v3 = rotl(v3, 16);
    v3 ^= v2;
    v0 += v3;
    v3 = rotl(v3, 21);
    v3 ^= v0;
    v2 += v1;
    v1 = rotl(v1, 17);
    v1 ^= v2;
    v2 = rotl(v2, 32);
  }
  void absorb(std::uint64_t m) {
    v3 ^= m;
    round();
    round();
    v0 ^= m;
  }
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
    return (c | 0x20) - 'a' + 10;
  }
  return -1;
}

}  // namespace

std::uint64_t siphash24(const PseudonymKey& key, std::string_view data) {
  const std::uint64_t k0 = load64(key.data()), k1 = load64(key.data() + 8);
  State s{k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL, k0 ^ 0x6c7967656e657261ULL,
          k1 ^ 0x7465646279746573ULL};
  const auto* p = reinterpret_cast<const std::uint8_t*>(data.data());
  const std::size_t full = data.size() / 8 * 8;
  for (std::size_t i = 0; i < full; i += 8) {
    s.absorb(load64(p + i));
  }
  std::uint64_t last = static_cast<std::uint64_t>(data.size() & 0xff) << 56;
  for (std::size_t i = full; i < data.size(); ++i) {
    last |= static_cast<std::uint64_t>(p[i]) << (8 * (i - full));
  }
  s.absorb(last);
  s.v2 ^= 0xff;
  for (int i = 0; i < 4; ++i) {
    s.round();
  }
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

std::string identity_form(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
    value.remove_prefix(1);
  }
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) {
    value.remove_suffix(1);
  }
  std::string digits;
  bool phone = !value.empty();
  for (std::size_t i = 0; i < value.size() && phone; ++i) {
    const char c = value[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (!(c == '-' || c == ' ' || c == '.' || c == '(' || c == ')' || (c == '+' && i == 0))) {
      phone = false;
    }
  }
  if (phone && !digits.empty()) {
    if (digits.size() == 13 && digits.compare(0, 2, "86") == 0) {
      digits.erase(0, 2);
    } else if (digits.size() == 15 && digits.compare(0, 4, "0086") == 0) {
      digits.erase(0, 4);
    }
    return digits;
  }
  std::string out(value);
  if (value.find('@') != std::string_view::npos) {
    for (char& c : out) {
      c = static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
  }
  return out;
}

std::string pseudonym(const PseudonymKey& key, std::string_view value) {
  if (value.empty()) {
    return {};
  }
  return fmt::format("anon_{:016x}", siphash24(key, identity_form(value)));
}

bool parse_key(std::string_view text, PseudonymKey& key) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  if (text.size() != 32) {
    return false;
  }
  for (std::size_t i = 0; i < 16; ++i) {
    const int hi = hex_value(text[2 * i]), lo = hex_value(text[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return false;
    }
    key[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return true;
}

}  // namespace fbkit::text
