// The zip container of an .xlsx workbook: its parts read whole, by name.
#pragma once

#include <optional>
#include <string>
#include <string_view>

struct zip;

namespace fbkit::xlsx {

// True if the bytes start like a zip archive ("PK\x03\x04").
bool looks_like_zip(std::string_view first_bytes);
// True if they start like an OLE compound file (D0 CF 11 E0 A1 B1 1A E1): a
// password-protected (encrypted) xlsx, or an old .xls.
bool looks_like_ole(std::string_view first_bytes);

// An open zip archive. Errors throw DataError "<path>: ..." (see reader.hpp).
class Archive {
public:
  // Checks the magic bytes first, so a CSV or an encrypted workbook gets a
  // message that says what it is rather than libzip's "Not a zip archive".
  explicit Archive(const std::string& path);
  ~Archive();
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  // The uncompressed bytes of a part ("xl/workbook.xml"); nullopt if absent.
  // Names match case-insensitively, as some writers vary the case.
  std::optional<std::string> read(const std::string& part) const;

  const std::string& path() const { return m_path; }

private:
  std::string m_path;
  zip* m_zip = nullptr;
};

}  // namespace fbkit::xlsx
