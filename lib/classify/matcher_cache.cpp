#include "classify/matcher_cache.hpp"

#include <fcntl.h>
#include <hs/hs.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/io.hpp"

namespace fbkit::classify::hs_cache {

namespace {

constexpr std::string_view kMagic = "fbkit hyperscan database 1\n";
constexpr std::string_view kRefused = "fbkit hyperscan refused 1\n";
constexpr std::string_view kNote = "fbkit note 1\n";

void append_u32(std::string& out, std::uint32_t v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

// FNV-1a, 64 bits: the file's name (the whole key is compared on load).
std::uint64_t fnv64(std::string_view s) {
  std::uint64_t h = 14695981039346656037ULL;
  for (const char c : s) {
    h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  return h;
}

std::string file_for(const std::string& dir, const std::string& key) {
  static const char kHex[] = "0123456789abcdef";
  std::string name = dir + "/hs-";
  const std::uint64_t h = fnv64(key);
  for (int shift = 60; shift >= 0; shift -= 4) {
    name += kHex[(h >> shift) & 15];
  }
  return name + ".db";
}

// What a kept file begins with: `magic`, the key's size, the key.
std::string header(std::string_view magic, const std::string& key) {
  std::string out(magic);
  append_u32(out, static_cast<std::uint32_t>(key.size()));
  return out + key;
}

// A file's bytes, mapped (read only): a database is read without a copy of it.
class MappedFile {
public:
  explicit MappedFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return;
    }
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      void* at = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (at != MAP_FAILED) {
        m_data = static_cast<const char*>(at);
        m_size = static_cast<std::size_t>(st.st_size);
      }
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (m_data != nullptr) {
      ::munmap(const_cast<char*>(m_data), m_size);  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    }
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view bytes() const { return {m_data == nullptr ? "" : m_data, m_size}; }

private:
  const char* m_data = nullptr;
  std::size_t m_size = 0;
};

// The databases deserialized into memory mapped here (hs_deserialize_database_at),
// by address: their mappings (start, length), unmapped by free_database().
struct Mappings {
  std::mutex mutex;
  std::unordered_map<const void*, std::pair<void*, std::size_t>> by_db;
};
Mappings& mappings() {
  static Mappings m;
  return m;
}

// A database of `bytes` (serialized) in its own anonymous mapping, in 2 MiB
// pages where the kernel allows them (THP madvise): a database is
// megabytes, and hs_deserialize_database() zeroes and copies it into fresh
// 4 KiB pages, a page fault each (half the CPU of a one-row classify). Null
// when it cannot be mapped or deserialized.
hs_database_t* deserialize_mapped(std::string_view bytes) {
  constexpr std::size_t kHuge = std::size_t{2} << 20;
  std::size_t size = 0;
  if (hs_serialized_database_size(bytes.data(), bytes.size(), &size) != HS_SUCCESS || size < kHuge) {
    return nullptr;
  }
  const std::size_t huge = (size + kHuge - 1) / kHuge * kHuge;
  const std::size_t length = huge + kHuge;  // room to start at a 2 MiB boundary
  void* base = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED) {
    return nullptr;
  }
  const std::uintptr_t from = (reinterpret_cast<std::uintptr_t>(base) + kHuge - 1) & ~(kHuge - 1);
  auto* at = reinterpret_cast<char*>(from);  // NOLINT(performance-no-int-to-ptr): within the mapping
  ::madvise(at, huge, MADV_HUGEPAGE);
  auto* db = reinterpret_cast<hs_database_t*>(at);
  if (hs_deserialize_database_at(bytes.data(), bytes.size(), db) != HS_SUCCESS) {
    ::munmap(base, length);
    return nullptr;
  }
  Mappings& m = mappings();
  const std::lock_guard<std::mutex> lock(m.mutex);
  m.by_db.emplace(db, std::pair{base, length});
  return db;
}

// The database in `bytes` when they hold it under `key`; null otherwise.
hs_database_t* parse(std::string_view bytes, const std::string& key) {
  const std::string head = header(kMagic, key);
  if (!bytes.starts_with(head)) {
    return nullptr;
  }
  // Hyperscan checks the database's own version, CPU and checksum.
  bytes.remove_prefix(head.size());
  if (hs_database_t* db = deserialize_mapped(bytes); db != nullptr) {
    return db;
  }
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(bytes.data(), bytes.size(), &db) != HS_SUCCESS) {
    return nullptr;
  }
  return db;
}

// At most kept() databases stay in the folder: after a new one is written, the
// least recently used beyond that number are removed (a rule writer's every
// edit makes a new one). A file's time is when it was last written or loaded
// (touch), so the databases of rules in constant use (the defaults) are not
// removed by a burst of others written meanwhile (and then compiled again).
// 32, or $FBKIT_CACHE_KEEP: a test suite's hundreds of rule files in one
// folder evicted the default rules' databases, whose compile is seconds.
std::size_t kept() {
  constexpr std::size_t kKept = 32;
  const char* v = std::getenv("FBKIT_CACHE_KEEP");
  if (v == nullptr || *v == '\0') {
    return kKept;
  }
  char* end = nullptr;
  const unsigned long long n = std::strtoull(v, &end, 10);
  return *end == '\0' && n > 0 ? static_cast<std::size_t>(n) : kKept;
}

void prune(const std::string& dir) {
  std::error_code ec;
  std::vector<std::pair<std::filesystem::file_time_type, std::filesystem::path>> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.size() > 6 && name.starts_with("hs-") && name.ends_with(".db")) {
      files.emplace_back(e.last_write_time(ec), e.path());
    }
  }
  const std::size_t keep = kept();
  if (files.size() <= keep) {
    return;
  }
  std::sort(files.begin(), files.end(), std::greater<>());
  for (std::size_t i = keep; i < files.size(); ++i) {
    std::filesystem::remove(files[i].second, ec);
  }
}

// Marks a file as just used: prune() removes the least recently used.
void touch(const std::string& file) {
  std::error_code ec;
  std::filesystem::last_write_time(file, std::filesystem::file_time_type::clock::now(), ec);
}

// Keeps `bytes` in the cache folder's file for `name` (written atomically),
// then prunes the folder; nothing when there is no folder. A cache that cannot
// be written is no cache: the next run finds the same again.
void keep(const std::string& name, std::string_view bytes) {
  const std::string dir = folder();
  if (dir.empty()) {
    return;
  }
  try {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    write_file_atomic(file_for(dir, name), bytes);
    prune(dir);
  } catch (const std::exception&) {
    // Not kept.
  }
}

// The bytes after `head` in the cache folder's file for `name`, which is then
// marked as just used; none without a folder, without the file (or unreadable)
// or when the file does not begin with `head` (another's).
std::optional<std::string> read_kept(const std::string& name, std::string_view head) {
  const std::string dir = folder();
  if (dir.empty()) {
    return std::nullopt;
  }
  const std::string file = file_for(dir, name);
  const MappedFile mapped(file);
  if (!mapped.bytes().starts_with(head)) {
    return std::nullopt;
  }
  touch(file);
  return std::string(mapped.bytes().substr(head.size()));
}

void store(const std::string& key, const hs_database_t* db) {
  char* data = nullptr;
  std::size_t size = 0;
  if (hs_serialize_database(db, &data, &size) != HS_SUCCESS) {
    return;
  }
  std::string bytes = header(kMagic, key);
  bytes.append(data, size);
  std::free(data);  // NOLINT(cppcoreguidelines-no-malloc): Hyperscan allocates it with malloc
  keep(key, bytes);
}

}  // namespace

std::string folder() {
  const auto absolute = [](const char* v) { return v != nullptr && v[0] == '/'; };
  if (const char* dir = std::getenv("FBKIT_CACHE_DIR"); dir != nullptr && *dir != '\0') {
    return std::string_view(dir) == "off" || !absolute(dir) ? std::string() : std::string(dir);
  }
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); absolute(xdg)) {
    return std::string(xdg) + "/fbkit";
  }
  if (const char* home = std::getenv("HOME"); absolute(home)) {
    return std::string(home) + "/.cache/fbkit";
  }
  return {};
}

std::string key(const std::vector<const char*>& exprs, const std::vector<unsigned>& flags,
                const std::vector<unsigned>& ids, unsigned mode) {
  std::string k = hs_version();
  hs_platform_info_t platform{};
  if (hs_populate_platform(&platform) == HS_SUCCESS) {
    append_u32(k, platform.tune);
    k.append(reinterpret_cast<const char*>(&platform.cpu_features), sizeof platform.cpu_features);
  }
  append_u32(k, mode);
  for (std::size_t i = 0; i < exprs.size(); ++i) {
    append_u32(k, flags[i]);
    append_u32(k, ids[i]);
    const std::size_t n = std::strlen(exprs[i]);
    append_u32(k, static_cast<std::uint32_t>(n));
    k.append(exprs[i], n);
  }
  return k;
}

hs_database_t* compile(const std::vector<const char*>& exprs, const std::vector<unsigned>& flags,
                       const std::vector<unsigned>& ids, unsigned mode, hs_compile_error_t** error) {
  *error = nullptr;
  const std::string dir = folder();
  const std::string k = dir.empty() ? std::string() : key(exprs, flags, ids, mode);
  if (!dir.empty()) {
    // Not there (or unreadable, or another's): compiled below.
    const std::string file = file_for(dir, k);
    if (hs_database_t* db = parse(MappedFile(file).bytes(), k); db != nullptr) {
      touch(file);
      return db;
    }
  }
  hs_database_t* db = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()), mode, nullptr, &db,
                       error) != HS_SUCCESS) {
    return nullptr;
  }
  if (!dir.empty()) {
    store(k, db);
  }
  return db;
}

namespace {

std::string refused_key(const char* expr, unsigned flags, unsigned mode) {
  return std::string(kRefused) + key({expr}, {flags}, {0}, mode);
}

}  // namespace

bool refused(const char* expr, unsigned flags, unsigned mode) {
  // A marker holds its key and nothing else.
  const std::string k = refused_key(expr, flags, mode);
  const std::optional<std::string> rest = read_kept(k, k);
  return rest && rest->empty();
}

void mark_refused(const char* expr, unsigned flags, unsigned mode) {
  const std::string k = refused_key(expr, flags, mode);
  keep(k, k);
}

std::optional<std::string> recall(const std::string& key) {
  return read_kept(std::string(kNote) + key, header(kNote, key));
}

void remember(const std::string& key, const std::string& value) {
  keep(std::string(kNote) + key, header(kNote, key) + value);
}

void free_database(void* db) {
  {
    Mappings& m = mappings();
    const std::lock_guard<std::mutex> lock(m.mutex);
    if (const auto it = m.by_db.find(db); it != m.by_db.end()) {
      ::munmap(it->second.first, it->second.second);
      m.by_db.erase(it);
      return;
    }
  }
  hs_free_database(static_cast<hs_database_t*>(db));
}

}  // namespace fbkit::classify::hs_cache
