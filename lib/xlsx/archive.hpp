// The zip container of an .xlsx workbook: its parts read whole, by name.
#pragma once

#include <cstdint>
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

// The default limit on the inflated size of one part: a zip bomb (a small
// file whose sheet inflates to many GB) stops here rather than exhausting
// memory, and a sheet is parsed in about 6-7x its XML (reader.hpp).
constexpr std::uint64_t kDefaultMaxPartBytes = std::uint64_t{1} << 30;

// "1 GiB", "512 MiB", "2.5 GiB", "1000 bytes".
std::string human_bytes(std::uint64_t n);

// An open zip archive. Errors throw DataError "<path>: ..." (see reader.hpp).
class Archive {
public:
  // Checks the magic bytes first, so a CSV or an encrypted workbook gets a
  // message that says what it is rather than libzip's "Not a zip archive".
  // A part is read only up to `max_part_bytes` inflated (see read()).
  explicit Archive(const std::string& path, std::uint64_t max_part_bytes = kDefaultMaxPartBytes);
  ~Archive();
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  // The uncompressed bytes of a part ("xl/workbook.xml"); nullopt if absent.
  // Names match case-insensitively, as some writers vary the case. A part
  // whose zip header declares more than the limit, or that inflates past it
  // (headers can lie), throws DataError "<path>: <part> inflates past 1 GiB
  // (a zip bomb, or a sheet too large for memory): ...".
  std::optional<std::string> read(const std::string& part) const;

  const std::string& path() const { return m_path; }

private:
  std::string m_path;
  zip* m_zip = nullptr;
  std::uint64_t m_max_part_bytes;
};

}  // namespace fbkit::xlsx
