// The error of an input with no header row at all (an empty file, a sheet
// with no rows): a DataError (exit 1) that a command reading several inputs
// may take as a warning instead (import).
#pragma once

#include "core/error.hpp"

namespace fbkit {

class EmptyInputError : public DataError {
public:
  using DataError::DataError;
};

}  // namespace fbkit
