// Wildcard matching with '*' (any run of bytes) only, in linear-ish time:
// the greedy two-pointer method, no backtracking explosion (O(n*m) at worst).
#pragma once

#include <string_view>

namespace fbkit::text {

bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace fbkit::text
