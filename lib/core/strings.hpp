// Small string helpers shared by the modules (ASCII only; Unicode lives in text/).
#pragma once

#include <string>
#include <string_view>

namespace fbkit {

// [-+]digits[.digits] or [-+].digits: no exponent, no spaces, no junk.
bool is_decimal(std::string_view s);

// ASCII letters lower-cased; other bytes (UTF-8 included) unchanged.
std::string ascii_lower(std::string_view s);

// Levenshtein distance (single-byte edits), for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace fbkit
