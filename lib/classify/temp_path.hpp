// A temporary file for fastText, which reads its training rows from a path
// and writes a model to one (classify --learn, --adapt).
#pragma once

#include <string>

namespace fbkit::classify {

// A new empty file $TMPDIR/fbkit-WHAT-XXXXXX (else under /tmp), removed when
// this goes out of scope. IoError when it cannot be made.
class TempPath {
public:
  explicit TempPath(const std::string& what);
  ~TempPath();
  TempPath(const TempPath&) = delete;
  TempPath& operator=(const TempPath&) = delete;
  const std::string& path() const { return m_path; }

private:
  std::string m_path;
};

}  // namespace fbkit::classify
