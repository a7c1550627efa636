// Masking of personal data in free text: mobile and landline numbers, e-mail
// addresses, 18-digit resident ID numbers (checksum and birth date verified)
// bank card numbers (Luhn verified) and IPv4 addresses.
//
// One left-to-right pass, no regular expressions: e-mail addresses are found
// from their '@' or '＠' (ASCII or full-width letters), numbers as runs of digit
// groups joined by single separators ('-', ' ', no-break and zero-width
// spaces; '.' only in 138.1234.5678 and IP addresses; ')' after an area code
// in parentheses), ASCII or full-width digits. Digits inside URLs, file names
// (image-2025-07-01-13-45-30-023.png) and dates are never personal data. Digits are replaced by '*' where they stand,
// so the formatting stays (138-1234-5678 -> 138-****-5678) and masked text is
// never matched again: masking is idempotent.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fbkit::text {

struct PiiOptions {
  bool mobile = true;     // 13812345678 -> 138****5678 (+86 / 0086 prefixes kept)
  bool landline = true;   // 010-12345678 -> 010-****5678
  bool email = true;      // zhangwei@qq.com -> z***@qq.com
  bool id_card = true;    // 110101199003071234 -> 110101********1234
  bool bank_card = true;  // 6222021234567890128 -> 622202*********0128
  bool ip = true;         // 192.168.10.23 -> 192.168.**.** (survey platforms export 来自IP)
};

struct PiiCounts {
  std::int64_t mobile = 0;
  std::int64_t landline = 0;
  std::int64_t email = 0;
  std::int64_t id_card = 0;
  std::int64_t bank_card = 0;
  std::int64_t ip = 0;
  std::int64_t total() const { return mobile + landline + email + id_card + bank_card + ip; }
};

// Writes `in` with personal data masked to `out` (replacing its content) and
// returns how many items were masked (0: `out` equals `in`). `counts`, if
// given, is incremented per kind.
int mask_pii(std::string_view in, std::string& out, const PiiOptions& options, PiiCounts* counts = nullptr);

// False when `s` cannot hold anything mask_pii masks: fewer than 4 digits
// (ASCII or full-width; an IP address has 4, the other numbers more) and no
// '@' or '＠'. A caller may skip mask_pii (and its copy) then.
bool may_hold_pii(std::string_view s);
// mask_pii of a value may_hold_pii() let through (it is not asked again).
int mask_pii_checked(std::string_view in, std::string& out, const PiiOptions& options, PiiCounts* counts = nullptr);

// The checks behind the kinds, exposed for tests. `digits` holds ASCII digits
// only (an ID's last character may be X).
bool valid_id_card(std::string_view digits);
bool luhn_valid(std::string_view digits);

}  // namespace fbkit::text
