#include <doctest/doctest.h>

#include <string>

#include "text/pseudonym.hpp"

using fbkit::text::PseudonymKey;

namespace {

PseudonymKey reference_key() {
  PseudonymKey k{};
  for (std::size_t i = 0; i < k.size(); ++i) {
    k[i] = static_cast<std::uint8_t>(i);
  }
  return k;
}

}  // namespace

TEST_CASE("SipHash-2-4 gives the reference vectors of its paper") {
  // Aumasson and Bernstein, "SipHash: a fast short-input PRF", appendix A: key
  // 00..0f, messages 00, 00 01, ... (the first and the 15-byte one).
  const PseudonymKey k = reference_key();
  CHECK(fbkit::text::siphash24(k, "") == 0x726fdb47dd0e0e31ULL);
  std::string fifteen;
  for (int i = 0; i < 15; ++i) {
    fifteen += static_cast<char>(i);
  }
  CHECK(fbkit::text::siphash24(k, fifteen) == 0xa129ca6149be45e5ULL);
}

TEST_CASE("one person, one pseudonym: phone numbers by their digits, e-mail addresses in lower case") {
  const PseudonymKey k = reference_key();
  using fbkit::text::pseudonym;
  CHECK(pseudonym(k, "13812345678") == pseudonym(k, "138-1234-5678"));
  CHECK(pseudonym(k, "13812345678") == pseudonym(k, "+86 138 1234 5678"));
  CHECK(pseudonym(k, "Zhang.Wei@QQ.com") == pseudonym(k, "zhang.wei@qq.com"));
  CHECK(pseudonym(k, "13812345678") != pseudonym(k, "13812345679"));
  CHECK(pseudonym(k, "C0001").rfind("anon_", 0) == 0);
  CHECK(pseudonym(k, "C0001").size() == 21);
  CHECK(pseudonym(k, "").empty());
  PseudonymKey other = k;
  other[0] = 1;
  CHECK(pseudonym(other, "13812345678") != pseudonym(k, "13812345678"));  // no key, no link
}

TEST_CASE("a key is 32 hex digits") {
  PseudonymKey k{};
  CHECK(fbkit::text::parse_key("000102030405060708090a0b0c0d0e0f\n", k));
  CHECK(k == reference_key());
  CHECK_FALSE(fbkit::text::parse_key("000102030405060708090a0b0c0d0e", k));
  CHECK_FALSE(fbkit::text::parse_key("zz0102030405060708090a0b0c0d0e0f", k));
  CHECK_FALSE(fbkit::text::parse_key("", k));
}
