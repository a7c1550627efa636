// Pseudonyms for identifiers: a keyed hash (SipHash-2-4), so the same
// customer gets the same pseudonym in every file and every month cleaned with
// the same key, joins and repeat-customer counts still work, and nobody
// without the key can tell who it is (a phone number's 10^8 possibilities
// cannot be tried without it).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace fbkit::text {

using PseudonymKey = std::array<std::uint8_t, 16>;

// SipHash-2-4 of `data` under `key` (Aumasson and Bernstein, 2012).
std::uint64_t siphash24(const PseudonymKey& key, std::string_view data);

// The form an identifier is hashed in, so that one person is one pseudonym:
// a phone number's digits (138-1234-5678, +86 13812345678 and 13812345678
// alike), an e-mail address in ASCII lower case, anything else trimmed.
std::string identity_form(std::string_view value);

// "anon_" + 16 hex digits of siphash24(key, identity_form(value)); "" stays "".
std::string pseudonym(const PseudonymKey& key, std::string_view value);

// A key made or read the first time it is needed, once, whatever the thread.
class LazyKey {
public:
  explicit LazyKey(std::function<PseudonymKey()> make) : m_make(std::move(make)) {}
  const PseudonymKey& get() {
    std::call_once(m_once, [this] { m_key = m_make(); });
    return m_key;
  }

private:
  std::function<PseudonymKey()> m_make;
  std::once_flag m_once;
  PseudonymKey m_key{};
};

// A key from 32 hex digits (white space around them ignored); false otherwise.
bool parse_key(std::string_view text, PseudonymKey& key);

}  // namespace fbkit::text
