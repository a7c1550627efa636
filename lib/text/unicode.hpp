// Unicode helpers over UTF-8 strings (ICU underneath): normalization for
// matching, and the display width terminals give a string.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fbkit::text {

// NFKC: full-width letters, digits and punctuation become their ASCII forms
// (ＡＢＣ１２３，！ -> ABC123,!). Invalid UTF-8 is returned unchanged.
std::string nfkc(std::string_view utf8);

// Full Unicode case folding (for case-insensitive comparison).
std::string casefold(std::string_view utf8);

// The key header names and coded values are matched by: NFKC, case folding,
// zero-width characters removed, whitespace trimmed and inner runs collapsed
// to one space. "  Ｃｒｅａｔｅｄ　At " -> "created at".
std::string normalize_key(std::string_view utf8);

// Appends the UTF-8 bytes of code point c (no check: c <= U+10FFFF, no surrogate).
void append_utf8(std::string& s, char32_t c);

// Whether s is well-formed UTF-8 (no overlongs, surrogates or values > U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Terminal columns: East Asian wide and full-width characters count 2,
// combining marks and zero-width characters 0, the rest 1.
std::size_t display_width(std::string_view utf8);

}  // namespace fbkit::text
