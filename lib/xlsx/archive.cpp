#include "xlsx/archive.hpp"

#include <zip.h>

#include <cstdio>
#include <iterator>
#include <memory>

#include "core/error.hpp"

namespace fbkit::xlsx {

namespace {

constexpr std::string_view kZipMagic("PK\x03\x04", 4);
constexpr std::string_view kOleMagic("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);

// The first bytes of a file, to tell a zip from a CSV or an OLE container.
std::string first_bytes(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) {
    throw_errno("cannot open", path);
  }
  char buf[8];
  const std::size_t n = std::fread(buf, 1, sizeof buf, f.get());
  if (std::ferror(f.get())) {
    throw_errno("cannot read", path);
  }
  return std::string(buf, n);
}

[[noreturn]] void throw_zip(const std::string& path, zip_error_t* error) {
  const std::string message = zip_error_strerror(error);
  throw DataError(path + ": damaged xlsx (zip: " + message + ")");
}

}  // namespace

std::string human_bytes(std::uint64_t n) {
  static const char* const units[] = {"KiB", "MiB", "GiB", "TiB"};
  if (n < 1024) {
    return std::to_string(n) + (n == 1 ? " byte" : " bytes");
  }
  double v = static_cast<double>(n);
  std::size_t u = 0;
  for (v /= 1024; v >= 1024 && u + 1 < std::size(units); v /= 1024) {
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) {
    s.resize(s.size() - 2);
  }
  return s + " " + units[u];
}

bool looks_like_zip(std::string_view first) {
  return first.substr(0, kZipMagic.size()) == kZipMagic;
}

bool looks_like_ole(std::string_view first) {
  return first.substr(0, kOleMagic.size()) == kOleMagic;
}

Archive::Archive(const std::string& path, std::uint64_t max_part_bytes)
    : m_path(path), m_max_part_bytes(max_part_bytes) {
  const std::string first = first_bytes(path);
  if (looks_like_ole(first)) {
    throw DataError(path +
                    ": the workbook is password-protected or an old .xls; save it as an unprotected .xlsx or as CSV");
  }
  if (!looks_like_zip(first)) {
    throw DataError(path + ": not an xlsx workbook (it does not start like a zip archive; a CSV file named .xlsx?)");
  }
  int code = 0;
  m_zip = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (m_zip == nullptr) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    const std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw DataError(path + ": damaged xlsx (zip: " + message + ")");
  }
}

Archive::~Archive() {
  zip_discard(m_zip);
}

std::optional<std::string> Archive::read(const std::string& part) const {
  zip_int64_t index = zip_name_locate(m_zip, part.c_str(), 0);
  if (index < 0) {
    index = zip_name_locate(m_zip, part.c_str(), ZIP_FL_NOCASE);
  }
  if (index < 0) {
    return std::nullopt;
  }
  zip_stat_t st;
  zip_stat_init(&st);
  std::string data;
  const bool declared =
      zip_stat_index(m_zip, static_cast<zip_uint64_t>(index), 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) != 0;
  const char* name = zip_get_name(m_zip, static_cast<zip_uint64_t>(index), 0);
  const auto too_large = [&](const std::string& how) {
    throw DataError(m_path + ": " + (name != nullptr ? name : part) + " inflates past " +
                    human_bytes(m_max_part_bytes) + " (a zip bomb, or a sheet too large for memory): " + how +
                    "; save the sheet as CSV, or raise FBKIT_XLSX_MAX_MEMBER_BYTES");
  };
  if (declared && st.size > m_max_part_bytes) {
    too_large("its zip header declares " + human_bytes(st.size));
  }
  // The declared size is only a hint: a damaged archive (or a bomb) may lie about it.
  if (declared) {
    data.reserve(st.size);
  }
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(zip_fopen_index(m_zip, static_cast<zip_uint64_t>(index), 0),
                                                         &zip_fclose);
  if (!file) {
    throw_zip(m_path, zip_get_error(m_zip));
  }
  char buf[65536];
  for (;;) {
    const zip_int64_t n = zip_fread(file.get(), buf, sizeof buf);
    if (n < 0) {
      throw_zip(m_path, zip_file_get_error(file.get()));
    }
    if (n == 0) {
      break;
    }
    if (data.size() + static_cast<std::uint64_t>(n) > m_max_part_bytes) {
      too_large(declared ? "its zip header declares " + human_bytes(st.size) + ", but it inflates to more"
                         : "it has no declared size and inflates to more");
    }
    data.append(buf, static_cast<std::size_t>(n));
  }
  return data;
}

}  // namespace fbkit::xlsx
