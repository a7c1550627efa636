// Wildcard matching in linear-ish time: the greedy two-pointer method, no
// backtracking explosion (O(n*m) at worst). '*' matches any run of bytes,
// '?' one UTF-8 character; everything else matches itself.
#pragma once

#include <string_view>

namespace fbkit::text {

// With ignore_ascii_case, A-Z and a-z match each other.
bool glob_match(std::string_view pattern, std::string_view text, bool ignore_ascii_case = false);

}  // namespace fbkit::text
