// Looking at the first bytes of standard input without taking them: a check
// of what an input is (csv/raw_export.hpp) before the command reads it.
#pragma once

#include <cstddef>
#include <string_view>

namespace fbkit {

// Up to `n` bytes from the start of standard input (fewer at its end; it
// reads until a line break or `n` bytes). Every FileSource of standard input
// reads them again first, so nothing is lost.
std::string_view peek_stdin(std::size_t n);

}  // namespace fbkit
