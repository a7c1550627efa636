// Small helpers shared by the render module: UTF-8 stepping (core's) and string joins.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/strings.hpp"

namespace fbkit::render::detail {

// UTF-8 stepping is core's (core/strings.hpp).
using fbkit::decode_utf8;

// The parts joined. (Also sidesteps GCC 12's false -Wrestrict on
// "literal" + std::string temporaries at -O3.)
template <typename... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

}  // namespace fbkit::render::detail
